import type { ServiceModel } from '@elbow/api-models';

/** A handler table with every operation of a model marked 'unbuilt', for tests to override. */
export function unbuiltTable(model: ServiceModel): Record<string, 'unbuilt'> {
  return Object.fromEntries(Object.keys(model.operations).map((name) => [name, 'unbuilt' as const]));
}

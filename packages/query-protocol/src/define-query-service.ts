import type { OperationTypes, QueryServiceDefinition } from './handler-table.js';

/**
 * Accepts a service whose handler table is typed by its generated operations (e.g.
 * `defineQueryService<Elbv2Operations>({ bundle, handlers })`) and returns it in the untyped
 * form the server holds. The type check happens here, at the call site; the server then treats
 * inputs and outputs as plain values checked against the model.
 */
export function defineQueryService<Ops extends OperationTypes<Ops>>(
  definition: QueryServiceDefinition<Ops>,
): QueryServiceDefinition {
  return definition as unknown as QueryServiceDefinition;
}

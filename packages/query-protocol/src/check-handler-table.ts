import type { QueryServiceDefinition } from './handler-table.js';

/**
 * Start-up check of one service's handler table against its model (STYLE rule 4): every
 * operation of the model has an entry, every entry is an operation of the model, and every
 * entry is a function or `'unbuilt'`. Throws one Error listing every problem; returns the
 * unbuilt operations so that start-up can list them.
 */
export function checkHandlerTable(definition: QueryServiceDefinition): { unbuilt: string[] } {
  const { model } = definition.bundle;
  const label = `${model.metadata.serviceId} ${model.metadata.apiVersion}`;
  const handlers = definition.handlers as Record<string, unknown>;
  const operations = Object.keys(model.operations);
  const missing = operations.filter((name) => !Object.hasOwn(handlers, name));
  const orphans = Object.keys(handlers).filter((name) => !Object.hasOwn(model.operations, name));
  const invalid = Object.keys(handlers).filter(
    (name) => typeof handlers[name] !== 'function' && handlers[name] !== 'unbuilt',
  );
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing entries for ${missing.join(', ')}`);
  if (orphans.length > 0) problems.push(`entries for operations the model does not have: ${orphans.join(', ')}`);
  if (invalid.length > 0) problems.push(`entries that are neither a handler nor 'unbuilt': ${invalid.join(', ')}`);
  if (problems.length > 0) throw new Error(`The ${label} handler table does not match its model: ${problems.join('; ')}`);
  return { unbuilt: operations.filter((name) => handlers[name] === 'unbuilt') };
}

import type { elb } from '@elbow/api-models';
import type { RequestContext } from '@elbow/query-protocol';

export type ElbOperations = elb.ElbOperations;
export type ElbOperationName = keyof ElbOperations;

/** Where classic state lives: every row is keyed by account and region (STYLE rule 8). */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

/**
 * A handler elbow implements. Synchronous on purpose: it runs inside a better-sqlite3
 * transaction, which cannot span an `await`.
 */
export type SyncHandler<Name extends ElbOperationName> = (input: ElbOperations[Name]['input'], context: RequestContext) => ElbOperations[Name]['output'];

export type SyncHandlers<Names extends ElbOperationName> = { [Name in Names]: SyncHandler<Name> };

export function scopeOf(context: RequestContext): Scope {
  return { accountId: context.accountId, region: context.region };
}

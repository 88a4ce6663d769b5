import type { elbv2 } from '@elbow/api-models';
import type { RequestContext } from '@elbow/query-protocol';
import type { Scope } from './scope.js';

export type Elbv2Operations = elbv2.Elbv2Operations;
export type Elbv2OperationName = keyof Elbv2Operations;

/**
 * A handler elbow implements. Synchronous on purpose: it runs inside a better-sqlite3
 * transaction, which cannot span an `await`.
 */
export type SyncHandler<Name extends Elbv2OperationName> = (
  input: Elbv2Operations[Name]['input'],
  context: RequestContext,
) => Elbv2Operations[Name]['output'];

export type SyncHandlers<Names extends Elbv2OperationName> = { [Name in Names]: SyncHandler<Name> };

export function scopeOf(context: RequestContext): Scope {
  return { accountId: context.accountId, region: context.region };
}

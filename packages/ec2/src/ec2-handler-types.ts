import type { ec2 } from '@elbow/api-models';
import type { RequestContext } from '@elbow/query-protocol';
import type { Ec2Scope } from './ec2-inventory.js';
import type { Ec2Repositories } from './ec2-repositories.js';

export type Ec2Operations = ec2.Ec2Operations;
export type Ec2OperationName = keyof Ec2Operations;

/** Synchronous on purpose: a handler runs inside one better-sqlite3 transaction. */
export type Ec2SyncHandler<Name extends Ec2OperationName> = (
  input: Ec2Operations[Name]['input'],
  context: RequestContext,
) => Ec2Operations[Name]['output'];

export type Ec2SyncHandlers<Names extends Ec2OperationName> = { [Name in Names]: Ec2SyncHandler<Name> };

export interface Ec2HandlerDeps extends Ec2Repositories {
  /** `length` random lowercase hex characters, for resource ids. */
  readonly randomHex: (length: number) => string;
  /** Overrides the request time (tests); defaults to `context.now`. */
  readonly clock: (() => Date) | undefined;
  /** Creates the scope's default network on first touch (see default-network.ts). */
  readonly ensureDefaultNetwork: (scope: Ec2Scope) => void;
}

export function ec2ScopeOf(context: RequestContext): Ec2Scope {
  return { accountId: context.accountId, region: context.region };
}

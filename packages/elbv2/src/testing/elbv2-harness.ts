import type { RequestContext } from '@elbow/query-protocol';
import { ServiceError } from '@elbow/query-protocol';
import { createEc2Inventory } from '@elbow/ec2';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { createElbv2Service } from '../create-elbv2-service.js';
import type { Elbv2OperationName, Elbv2Operations } from '../handler-types.js';

/** Test support: the handler table over an in-memory store, with deterministic ids and clock. */
export interface Elbv2Harness {
  store: Store;
  context: RequestContext;
  call<Name extends Elbv2OperationName>(
    name: Name,
    input: Elbv2Operations[Name]['input'],
    context?: RequestContext,
  ): Elbv2Operations[Name]['output'];
  /** What `call` threw, which must be a ServiceError. */
  failure<Name extends Elbv2OperationName>(name: Name, input: Elbv2Operations[Name]['input'], context?: RequestContext): ServiceError;
  /** The default VPC of the context's account and region (the harness context's by default), read from the EC2 inventory. */
  defaultVpcId(context?: RequestContext): string;
  /** Every row of every table, to prove a failed call changed nothing. */
  snapshot(): Record<string, unknown[]>;
  close(): void;
}

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

export function createElbv2Harness(): Elbv2Harness {
  const store = openStore({ location: ':memory:' });
  let nextId = 0;
  // Its own randomness, so the default network's ids do not shift the deterministic ids of elbv2 resources.
  const ec2 = createEc2Inventory(store.db);
  const service = createElbv2Service({
    store,
    ec2,
    clock: () => new Date('2024-05-01T12:00:00.000Z'),
    randomHex: (length) => (nextId += 1).toString(16).padStart(length, '0'),
  });
  const context: RequestContext = { requestId: 'request-1', accountId: ACCOUNT_ID, region: REGION, now: new Date('2024-05-01T12:00:00.000Z') };
  function defaultVpcId(scopeContext: RequestContext = context): string {
    const vpc = ec2.defaultVpc({ accountId: scopeContext.accountId, region: scopeContext.region });
    if (!vpc) throw new Error('The harness scope has no default VPC');
    return vpc.vpcId;
  }
  // Created up front, so that snapshots taken before and after a call compare the same EC2 rows.
  defaultVpcId();

  function call<Name extends Elbv2OperationName>(name: Name, input: Elbv2Operations[Name]['input'], callContext = context) {
    const handler = service.handlers[name];
    if (handler === 'unbuilt') throw new Error(`${String(name)} is unbuilt`);
    const output = handler(input, callContext);
    if (output instanceof Promise) throw new Error(`${String(name)} returned a promise; elbv2 handlers are synchronous`);
    return output;
  }

  return {
    store,
    context,
    call,
    defaultVpcId,
    failure(name, input, callContext = context) {
      try {
        call(name, input, callContext);
      } catch (error) {
        if (error instanceof ServiceError) return error;
        throw error;
      }
      throw new Error(`${String(name)} succeeded; a ServiceError was expected`);
    },
    snapshot() {
      const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
      return Object.fromEntries(tables.map((table) => [table, store.db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
    },
    close() {
      store.close();
    },
  };
}

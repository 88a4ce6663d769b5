import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServiceModel } from '@elbow/api-models';
import { ServiceError, type RequestContext } from '@elbow/query-protocol';
import { openStore, type Store } from '@elbow/store';
import { createEc2Service, type Ec2Service } from './create-ec2-service.js';
import type { Ec2OperationName, Ec2Operations } from './ec2-handler-types.js';

let store: Store;
let service: Ec2Service;
let nextId: number;
const context: RequestContext = { requestId: 'r', accountId: '123456789012', region: 'us-east-1', now: new Date('2024-05-01T12:00:00.000Z') };

beforeEach(() => {
  store = openStore({ location: ':memory:' });
  nextId = 0;
  service = createEc2Service({ store, randomHex: (length) => (nextId += 1).toString(16).padStart(length, '0') });
});
afterEach(() => store.close());

function call<Name extends Ec2OperationName>(name: Name, input: Ec2Operations[Name]['input']): Ec2Operations[Name]['output'] {
  const handler = service.definition.handlers[name];
  if (handler === 'unbuilt') throw new Error(`${name} is unbuilt`);
  return handler(input, context) as Ec2Operations[Name]['output'];
}

function rows(): number {
  const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  return tables.reduce((sum, table) => sum + (store.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number), 0);
}

describe('createEc2Service', () => {
  it('builds every operation of the pruned model', () => {
    const handlers = service.definition.handlers;
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(loadServiceModel('ec2').model.operations).sort());
    expect(Object.values(handlers).filter((handler) => handler === 'unbuilt')).toEqual([]);
  });

  it('creates the default network on the first call of a scope, even a Describe, with AWS id formats', () => {
    expect(rows()).toBe(0);
    const { Vpcs } = call('DescribeVpcs', {});
    expect(Vpcs).toEqual([expect.objectContaining({ VpcId: 'vpc-00000000000000001', IsDefault: true, CidrBlock: '172.31.0.0/16' })]);
    expect(service.inventory.findVpc({ accountId: '123456789012', region: 'us-east-1' }, 'vpc-00000000000000001')?.isDefault).toBe(true);
  });

  it('answers DryRunOperation after the checks pass and rolls everything back', () => {
    call('DescribeVpcs', {});
    const before = rows();
    const failure = (() => {
      try {
        call('CreateVpc', { CidrBlock: '10.0.0.0/16', DryRun: true });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(ServiceError);
    expect(failure).toMatchObject({ code: 'DryRunOperation', statusCode: 412 });
    expect(rows()).toBe(before);
    // A dry run of a call that would fail answers that failure, not DryRunOperation.
    expect(() => call('CreateVpc', { CidrBlock: '10.0.0.0/8', DryRun: true })).toThrow(expect.objectContaining({ code: 'InvalidVpc.Range' }));
  });

  it('keeps nothing of a call that fails part-way (one transaction per call)', () => {
    call('DescribeVpcs', {});
    const before = rows();
    // The second id is unknown: EC2 fails the whole call, so the first instance stays running.
    const { Instances } = call('RunInstances', { ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 });
    const launched = rows();
    expect(launched).toBeGreaterThan(before);
    expect(() => call('CreateTags', { Resources: [Instances![0]!.InstanceId!, 'i-00000000000000099'], Tags: [{ Key: 'k', Value: 'v' }] })).toThrow(
      expect.objectContaining({ code: 'InvalidInstanceID.NotFound' }),
    );
    expect(rows()).toBe(launched);
  });
});

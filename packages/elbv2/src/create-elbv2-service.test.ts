import { describe, expect, it } from 'vitest';
import { loadServiceModel } from '@elbow/api-models';
import { createEc2Inventory } from '@elbow/ec2';
import { openStore } from '@elbow/store';
import { createElbv2Service, defaultRandomHex } from './create-elbv2-service.js';

describe('createElbv2Service', () => {
  const store = openStore({ location: ':memory:' });
  const service = createElbv2Service({ store });

  it('serves the elbv2 model', () => {
    expect(service.bundle).toBe(loadServiceModel('elbv2'));
  });

  it('has exactly one entry per operation of the model', () => {
    expect(Object.keys(service.handlers).sort()).toEqual(Object.keys(loadServiceModel('elbv2').model.operations).sort());
  });

  it('implements every operation of the model: none is left unbuilt', () => {
    const unbuilt = Object.entries(service.handlers).filter(([, handler]) => handler === 'unbuilt');
    expect(unbuilt).toEqual([]);
  });

  it('gives target groups 16 lowercase hex ids by default', () => {
    const handler = service.handlers.CreateTargetGroup;
    if (handler === 'unbuilt') throw new Error('CreateTargetGroup is unbuilt');
    const vpcId = createEc2Inventory(store.db).defaultVpc({ accountId: '123456789012', region: 'us-west-2' })?.vpcId;
    const output = handler(
      { Name: 'random-id', Protocol: 'HTTP', Port: 80, VpcId: vpcId },
      { requestId: 'r', accountId: '123456789012', region: 'us-west-2', now: new Date() },
    );
    expect(output).toMatchObject({ TargetGroups: [{ TargetGroupArn: expect.stringMatching(/\/random-id\/[0-9a-f]{16}$/) }] });
  });
});

describe('defaultRandomHex', () => {
  it('returns the requested number of lowercase hex characters', () => {
    expect(defaultRandomHex(16)).toMatch(/^[0-9a-f]{16}$/);
    expect(defaultRandomHex(5)).toMatch(/^[0-9a-f]{5}$/);
  });
});

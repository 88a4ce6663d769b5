import { loadServiceModel } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { buildModelErrorIndex } from './model-error-index.js';

describe('buildModelErrorIndex', () => {
  it('keys exceptions by wire code, not shape name (classic elb)', () => {
    const index = buildModelErrorIndex(loadServiceModel('elb').model);
    expect(index.get('LoadBalancerNotFound')).toEqual({ statusCode: 400, faultType: 'Sender' });
    expect(index.has('AccessPointNotFoundException')).toBe(false);
    expect(index.get('InvalidConfigurationRequest')).toEqual({ statusCode: 409, faultType: 'Sender' });
  });

  it('reads statuses and fault types from elbv2, Receiver where senderFault is absent', () => {
    const index = buildModelErrorIndex(loadServiceModel('elbv2').model);
    expect(index.get('PriorRequestNotComplete')).toEqual({ statusCode: 429, faultType: 'Sender' });
    expect(index.get('InsufficientCapacity')).toEqual({ statusCode: 500, faultType: 'Receiver' });
    expect(index.get('AssociationNotFound')).toEqual({ statusCode: 400, faultType: 'Sender' });
    expect(index.size).toBe(56);
  });
});

import { describe, expect, it } from 'vitest';
import { instanceHealth } from './instance-health.js';

const base = {
  instanceId: 'i-1',
  isRegistered: true,
  ec2State: 'running' as const,
  availabilityZone: 'us-east-1a',
  enabledZones: ['us-east-1a'],
  isRegistrationInProgress: false,
};

describe('instanceHealth', () => {
  it('answers AWS healthy example for a settled running instance', () => {
    expect(instanceHealth(base)).toEqual({ InstanceId: 'i-1', State: 'InService', ReasonCode: 'N/A', Description: 'N/A' });
  });
  it('answers the registering example while registration settles', () => {
    expect(instanceHealth({ ...base, isRegistrationInProgress: true })).toEqual({
      InstanceId: 'i-1', State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.',
    });
  });
  it('explains every other state with AWS descriptions', () => {
    expect(instanceHealth({ ...base, isRegistered: false })?.Description).toBe('Instance is not currently registered with the LoadBalancer.');
    expect(instanceHealth({ ...base, ec2State: 'pending' })).toMatchObject({ ReasonCode: 'Instance', Description: 'Instance is in pending state.' });
    expect(instanceHealth({ ...base, ec2State: 'stopped' })).toMatchObject({ ReasonCode: 'Instance', Description: 'Instance is in stopped state.' });
    expect(instanceHealth({ ...base, enabledZones: ['us-east-1b'] })).toMatchObject({
      ReasonCode: 'ELB', Description: 'Instance is in the EC2 Availability Zone for which LoadBalancer is not configured to route traffic to.',
    });
  });
  it('omits terminated and unknown instances', () => {
    expect(instanceHealth({ ...base, ec2State: 'terminated' })).toBeUndefined();
    expect(instanceHealth({ ...base, ec2State: undefined })).toBeUndefined();
  });
});

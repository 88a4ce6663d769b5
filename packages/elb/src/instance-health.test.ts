import { describe, expect, it } from 'vitest';
import { instanceHealth, liveInstanceState } from './instance-health.js';
import type { InstanceHealthFacts } from './instance-health.js';

// Expected texts: classic-elb.md §2 (model InstanceState.Description [M2], aws-cli
// describe-instance-health.rst examples [C1]); draining: config-conn-drain [D6].
const base: InstanceHealthFacts = {
  instanceId: 'i-1',
  isRegistered: true,
  isDraining: false,
  ec2State: 'running',
  availabilityZone: 'us-east-1a',
  enabledZones: ['us-east-1a'],
  liveHealth: undefined,
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

  it('follows live health checks once they watch the instance, whatever the settle time says', () => {
    expect(instanceHealth({ ...base, liveHealth: 'healthy', isRegistrationInProgress: true })).toEqual({ InstanceId: 'i-1', State: 'InService', ReasonCode: 'N/A', Description: 'N/A' });
    expect(instanceHealth({ ...base, liveHealth: 'registering' })).toEqual({
      InstanceId: 'i-1', State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance registration is still in progress.',
    });
    expect(instanceHealth({ ...base, liveHealth: 'failing' })).toEqual({
      InstanceId: 'i-1', State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.',
    });
    expect(instanceHealth({ ...base, liveHealth: 'recovering' })).toEqual({
      InstanceId: 'i-1', State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has not passed the configured HealthyThreshold number of health checks consecutively.',
    });
  });

  it('words a live verdict alone (liveInstanceState) as instanceHealth does for a routable instance', () => {
    for (const liveHealth of ['healthy', 'registering', 'failing', 'recovering'] as const) {
      expect(liveInstanceState('i-1', liveHealth)).toEqual(instanceHealth({ ...base, liveHealth }));
    }
  });

  it('lets EC2 and zone facts win over live health', () => {
    expect(instanceHealth({ ...base, liveHealth: 'healthy', ec2State: 'stopped' })?.Description).toBe('Instance is in stopped state.');
    expect(instanceHealth({ ...base, liveHealth: 'healthy', enabledZones: [] })?.State).toBe('OutOfService');
  });

  it('reports a draining instance InService with deregistration in progress, and a drained one not registered', () => {
    expect(instanceHealth({ ...base, isRegistered: false, isDraining: true })).toEqual({
      InstanceId: 'i-1', State: 'InService', ReasonCode: 'N/A', Description: 'Instance deregistration currently in progress.',
    });
    expect(instanceHealth({ ...base, isRegistered: false, isDraining: false })).toEqual({
      InstanceId: 'i-1', State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is not currently registered with the LoadBalancer.',
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEc2Inventory } from '@elbow/ec2';
import { ACCOUNT_ID, REGION, createElbv2Harness } from './testing/elbv2-harness.js';
import type { Elbv2Harness } from './testing/elbv2-harness.js';
import { createRoutingConfigReader } from './routing-config-reader.js';

let harness: Elbv2Harness;
let albArn: string;
let vpcId: string;
const scope = { accountId: ACCOUNT_ID, region: REGION };

beforeEach(() => {
  harness = createElbv2Harness();
  const ec2 = createEc2Inventory(harness.store.db);
  vpcId = ec2.defaultVpc(scope)?.vpcId as string;
  const subnetAt = (address: string) => ec2.subnetHoldingAddress(scope, vpcId, address)?.subnetId as string;
  albArn = harness.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnetAt('172.31.0.10'), subnetAt('172.31.16.10')] })
    .LoadBalancers?.[0]?.LoadBalancerArn as string;
});
afterEach(() => harness.close());

function targetGroup(name: string): string {
  return harness.call('CreateTargetGroup', { Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }).TargetGroups?.[0]
    ?.TargetGroupArn as string;
}

describe('createRoutingConfigReader', () => {
  it('reads listeners with their load balancer, rules as DescribeRules returns them, and attribute defaults', () => {
    const groupArn = targetGroup('blue');
    const listenerArn = harness.call('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: groupArn }],
    }).Listeners?.[0]?.ListenerArn as string;
    harness.call('CreateRule', {
      ListenerArn: listenerArn,
      Priority: 5,
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
      Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'ok' } }],
    });
    const reader = createRoutingConfigReader(harness.store, createEc2Inventory(harness.store.db));
    const config = reader.read();

    expect(config.version).toBe(reader.changeCount());
    expect(config.listeners).toHaveLength(1);
    const [listener] = config.listeners;
    expect(listener).toMatchObject({ arn: listenerArn, port: 80, protocol: 'HTTP', certificateArns: [] });
    expect(listener?.loadBalancer).toMatchObject({ arn: albArn, name: 'web', type: 'application', accountId: ACCOUNT_ID, region: REGION });
    expect(listener?.loadBalancer.dnsName).toMatch(/^web-\w+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(listener?.loadBalancer.attributes.get('idle_timeout.timeout_seconds')).toBe('60');
    expect(listener?.loadBalancer.attributes.get('routing.http.xff_header_processing.mode')).toBe('append');
    expect(listener?.rules).toEqual(harness.call('DescribeRules', { ListenerArn: listenerArn }).Rules);
    expect(config.targetGroups.get(groupArn)?.attributes.get('load_balancing.algorithm.type')).toBe('round_robin');
    expect(config.targetGroups.get(groupArn)?.attributes.get('stickiness.enabled')).toBe('false');
  });

  it('gives ip targets their address as host, and routes only those in a zone the load balancer has or all', () => {
    const groupArn = targetGroup('blue');
    harness.call('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: groupArn }] });
    harness.call('RegisterTargets', {
      TargetGroupArn: groupArn,
      Targets: [
        { Id: '172.31.0.20', Port: 8080 },
        { Id: '172.31.32.20' },
        { Id: '127.0.0.1', Port: 9000, AvailabilityZone: 'all' },
      ],
    });
    const targets = createRoutingConfigReader(harness.store, createEc2Inventory(harness.store.db)).read().targetGroups.get(groupArn)?.targets;
    expect(targets?.map(({ id, port, host, isRoutable }) => ({ id, port, host, isRoutable }))).toEqual([
      { id: '172.31.0.20', port: 8080, host: '172.31.0.20', isRoutable: true },
      { id: '172.31.32.20', port: 80, host: '172.31.32.20', isRoutable: false },
      { id: '127.0.0.1', port: 9000, host: '127.0.0.1', isRoutable: true },
    ]);
  });

  it('leaves out target groups no listener forwards to, and sees every change after changeCount moves', () => {
    const blue = targetGroup('blue');
    const green = targetGroup('green');
    const listenerArn = harness.call('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTP',
      Port: 8080,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: blue }],
    }).Listeners?.[0]?.ListenerArn as string;
    const reader = createRoutingConfigReader(harness.store, createEc2Inventory(harness.store.db));
    const before = reader.read();
    expect([...before.targetGroups.keys()]).toEqual([blue]);

    harness.call('ModifyListener', {
      ListenerArn: listenerArn,
      DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 0 }, { TargetGroupArn: green, Weight: 100 }] } }],
    });
    expect(reader.changeCount()).toBeGreaterThan(before.version);
    const after = reader.read();
    expect([...after.targetGroups.keys()].sort()).toEqual([blue, green].sort());
    expect(after.listeners[0]?.rules[0]?.Actions?.[0]?.ForwardConfig?.TargetGroups).toEqual([
      { TargetGroupArn: blue, Weight: 0 },
      { TargetGroupArn: green, Weight: 100 },
    ]);
  });

  it('reads load balancers of every account and region', () => {
    const other = { ...harness.context, accountId: '210987654321', region: 'eu-west-1' };
    const ec2 = createEc2Inventory(harness.store.db);
    const otherVpc = ec2.defaultVpc(other)?.vpcId as string;
    const subnets = ['172.31.0.10', '172.31.16.10'].map((address) => ec2.subnetHoldingAddress(other, otherVpc, address)?.subnetId as string);
    const otherArn = harness.call('CreateLoadBalancer', { Name: 'web', Subnets: subnets }, other).LoadBalancers?.[0]?.LoadBalancerArn as string;
    harness.call('CreateListener', { LoadBalancerArn: otherArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] }, other);
    harness.call('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] });
    const listeners = createRoutingConfigReader(harness.store, ec2).read().listeners;
    expect(listeners.map((listener) => [listener.loadBalancer.accountId, listener.loadBalancer.region]).sort()).toEqual([
      ['123456789012', 'us-east-1'],
      ['210987654321', 'eu-west-1'],
    ]);
  });
});

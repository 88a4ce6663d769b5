import { describe, expect, it } from 'vitest';
import type { ClassicRoutingConfig, ListenerRoute, LoadBalancerRoute, RoutingConfig, TargetGroupRoute } from '@elbow/data-plane';
import { albResourceTree, classicResourceTree } from './resource-tree.js';

const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188';
const TG_A = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0000000000000001';
const TG_B = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/site/0000000000000002';

const loadBalancer: LoadBalancerRoute = {
  arn: LB_ARN,
  name: 'web',
  type: 'application',
  dnsName: 'web-1.us-east-1.elb.localhost',
  accountId: '123456789012',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a'],
  attributes: new Map(),
};

function listener(port: number, rules: ListenerRoute['rules']): ListenerRoute {
  return { arn: `${LB_ARN.replace(':loadbalancer/', ':listener/')}/${port}`, port, protocol: 'HTTP', loadBalancer, rules, certificateArns: [], attributes: new Map() };
}

function group(arn: string, name: string, attributes: Array<[string, string]>, targets: TargetGroupRoute['targets']): TargetGroupRoute {
  return { arn, name, protocol: 'HTTP', port: 80, targetType: 'ip', attributes: new Map(attributes), targets };
}

const config: RoutingConfig = {
  version: 3,
  listeners: [
    listener(8080, [{ RuleArn: 'rule-default-8080', IsDefault: true, Priority: 'default', Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } }] }]),
    listener(80, [
      { RuleArn: 'rule-default', IsDefault: true, Priority: 'default', Actions: [{ Type: 'forward', TargetGroupArn: TG_B }] },
      {
        RuleArn: 'rule-10',
        IsDefault: false,
        Priority: '10',
        Conditions: [
          { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } },
          { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Canary', Values: ['yes'] } },
          { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }, { Value: 'beta' }] } },
        ],
        Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG_A, Weight: 3 }, { TargetGroupArn: TG_B, Weight: 1 }] } }],
      },
      {
        RuleArn: 'rule-2',
        IsDefault: false,
        Priority: '2',
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['old.example'] } }],
        Actions: [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Host: 'new.example' } }],
      },
    ]),
  ],
  targetGroups: new Map([
    [TG_B, group(TG_B, 'site', [], [{ id: '10.0.0.9', port: 80, host: '10.0.0.9', availabilityZone: 'all', isRoutable: true }])],
    [
      TG_A,
      group(TG_A, 'api', [['stickiness.enabled', 'true'], ['stickiness.type', 'lb_cookie']], [
        { id: '10.0.0.1', port: 80, host: '10.0.0.1', availabilityZone: 'us-east-1a', isRoutable: true },
        { id: 'i-0123456789abcdef0', port: 8080, host: undefined, availabilityZone: undefined, isRoutable: false },
      ]),
    ],
  ]),
};

describe('albResourceTree', () => {
  const tree = albResourceTree(config, (targetGroupArn, id, port) =>
    targetGroupArn === TG_A && id === '10.0.0.1' && port === 80
      ? { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [500]' }
      : id === '10.0.0.9'
        ? { State: 'healthy' }
        : undefined,
  );

  it('nests listeners (by port) and rules (by priority, default last) under their load balancer', () => {
    expect(tree.loadBalancers).toHaveLength(1);
    const [lb] = tree.loadBalancers;
    expect(lb).toMatchObject({ arn: LB_ARN, name: 'web', type: 'application', dnsName: 'web-1.us-east-1.elb.localhost', accountId: '123456789012', region: 'us-east-1' });
    expect(lb?.listeners.map(({ port, protocol }) => `${protocol}:${port}`)).toEqual(['HTTP:80', 'HTTP:8080']);
    expect(lb?.listeners[0]?.rules.map(({ priority }) => priority)).toEqual(['2', '10', 'default']);
  });

  it('says in a line what each condition matches and where each action sends', () => {
    const rules = tree.loadBalancers[0]?.listeners[0]?.rules ?? [];
    expect(rules[1]).toEqual({
      arn: 'rule-10',
      priority: '10',
      conditions: ['path-pattern: /api/*', 'http-header X-Canary: yes', 'query-string: v=2, beta'],
      actions: [{ type: 'forward', detail: null, targetGroups: [{ arn: TG_A, name: 'api', weight: 3 }, { arn: TG_B, name: 'site', weight: 1 }] }],
    });
    expect(rules[0]?.conditions).toEqual(['host-header: old.example']);
    expect(rules[0]?.actions[0]).toEqual({ type: 'redirect', targetGroups: [], detail: 'HTTP_301 to #{protocol}://new.example:#{port}/#{path}?#{query}' });
    expect(rules[2]?.actions[0]?.targetGroups).toEqual([{ arn: TG_B, name: 'site', weight: 1 }]);
    expect(tree.loadBalancers[0]?.listeners[1]?.rules[0]?.actions[0]?.detail).toBe('404 text/plain');
  });

  it('lists target groups by name with stickiness and each target’s live health, null where none is checked', () => {
    expect(tree.targetGroups.map(({ name, stickiness }) => ({ name, stickiness }))).toEqual([
      { name: 'api', stickiness: 'lb_cookie' },
      { name: 'site', stickiness: null },
    ]);
    expect(tree.targetGroups[0]?.targets).toEqual([
      { id: '10.0.0.1', port: 80, host: '10.0.0.1', availabilityZone: 'us-east-1a', health: { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]' } },
      { id: 'i-0123456789abcdef0', port: 8080, host: null, availabilityZone: null, health: null },
    ]);
    expect(tree.targetGroups[1]?.targets[0]?.health).toEqual({ state: 'healthy', reason: null, description: null });
  });
});

describe('classicResourceTree', () => {
  it('lists each classic load balancer with its listeners and instances’ health', () => {
    const classic = {
      version: 1,
      loadBalancers: [
        {
          name: 'legacy',
          accountId: '123456789012',
          region: 'us-east-1',
          dnsName: 'legacy-1.us-east-1.elb.localhost',
          listeners: [{ loadBalancerPort: 80, protocol: 'HTTP', instanceProtocol: 'HTTP', instancePort: 8080, sslCertificateId: undefined, policyNames: [] }],
          instances: [{ instanceId: 'i-0123456789abcdef0', host: '127.0.0.1', availabilityZone: 'us-east-1a', isRoutable: true }],
        },
      ],
    } as unknown as ClassicRoutingConfig; // only the fields the tree reads
    expect(classicResourceTree(classic, () => ({ State: 'OutOfService', ReasonCode: 'Instance', Description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' }))).toEqual([
      {
        name: 'legacy',
        dnsName: 'legacy-1.us-east-1.elb.localhost',
        accountId: '123456789012',
        region: 'us-east-1',
        listeners: [{ loadBalancerPort: 80, protocol: 'HTTP', instancePort: 8080, instanceProtocol: 'HTTP' }],
        instances: [
          {
            id: 'i-0123456789abcdef0',
            host: '127.0.0.1',
            availabilityZone: 'us-east-1a',
            health: { state: 'OutOfService', reason: 'Instance', description: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' },
          },
        ],
      },
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEc2Inventory } from '@elbow/ec2';
import { createElbv2Harness, ACCOUNT_ID, REGION } from './testing/elbv2-harness.js';
import type { Elbv2Harness } from './testing/elbv2-harness.js';

let harness: Elbv2Harness;
let albArn: string;
let vpcId: string;
const scope = { accountId: ACCOUNT_ID, region: REGION };
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/3dcb0a41-bd72-4774-9ad9-756919c40557';
const CERT_2 = 'arn:aws:acm:us-east-1:123456789012:certificate/5cc54884-f4a3-4072-80be-05b9ba72f705';

beforeEach(() => {
  harness = createElbv2Harness();
  const ec2 = createEc2Inventory(harness.store.db);
  vpcId = ec2.defaultVpc(scope)?.vpcId as string;
  const subnetAt = (address: string) => ec2.subnetHoldingAddress(scope, vpcId, address)?.subnetId as string;
  albArn = harness.call('CreateLoadBalancer', { Name: 'my-lb', Subnets: [subnetAt('172.31.0.10'), subnetAt('172.31.16.10')] })
    .LoadBalancers?.[0]?.LoadBalancerArn as string;
});
afterEach(() => harness.close());

function targetGroup(name: string, protocol: 'HTTP' | 'TCP' = 'HTTP'): string {
  return harness.call('CreateTargetGroup', { Name: name, Protocol: protocol, Port: 80, VpcId: vpcId }).TargetGroups?.[0]?.TargetGroupArn as string;
}

function httpListener(tg: string, port = 80) {
  return harness.call('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })
    .Listeners?.[0];
}

describe('CreateListener', () => {
  it('creates an HTTP listener whose forward reads back with a one-group ForwardConfig, and a default rule', () => {
    const tg = targetGroup('blue');
    const listener = httpListener(tg);
    expect(listener?.ListenerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener\/app\/my-lb\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect(listener).toMatchObject({
      LoadBalancerArn: albArn,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        { Type: 'forward', TargetGroupArn: tg, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } },
      ],
    });
    const rules = harness.call('DescribeRules', { ListenerArn: listener?.ListenerArn }).Rules;
    expect(rules).toEqual([
      { RuleArn: expect.stringMatching(/:listener-rule\/app\/my-lb\//), Priority: 'default', Conditions: [], Actions: listener?.DefaultActions, IsDefault: true },
    ]);
    const described = harness.call('DescribeTargetGroups', { TargetGroupArns: [tg] }).TargetGroups?.[0];
    expect(described?.LoadBalancerArns).toEqual([albArn]);
  });

  it('is idempotent for the same settings and answers DuplicateListener otherwise', () => {
    const tg = targetGroup('blue');
    const first = httpListener(tg);
    expect(httpListener(tg)).toEqual(first);
    const before = harness.snapshot();
    const error = harness.failure('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    });
    expect([error.code, error.message]).toEqual(['DuplicateListener', `A listener already exists on this port for this load balancer '${albArn}'`]);
    expect(harness.snapshot()).toEqual(before);
  });

  it('defaults the HTTPS security policy and requires a certificate', () => {
    const tg = targetGroup('blue');
    const error = harness.failure('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTPS', Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] });
    expect([error.code, error.message]).toEqual(['ValidationError', 'A certificate must be specified for HTTPS listeners']);
    const listener = harness.call('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
    }).Listeners?.[0];
    expect(listener).toMatchObject({ SslPolicy: 'ELBSecurityPolicy-2016-08', Certificates: [{ CertificateArn: CERT }], MutualAuthentication: { Mode: 'off' } });
    const bad = harness.failure('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTPS',
      Port: 8443,
      Certificates: [{ CertificateArn: 'not-a-certificate' }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
    });
    expect([bad.code, bad.message]).toEqual(['CertificateNotFound', `Certificate 'not-a-certificate' not found`]);
  });

  it('refuses an SSL policy on HTTP, a TCP group behind HTTP, and unknown groups', () => {
    const tg = targetGroup('blue');
    const ssl = harness.failure('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, SslPolicy: 'ELBSecurityPolicy-2016-08', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] });
    expect([ssl.code, ssl.message]).toEqual(['ValidationError', 'An SSL policy cannot be specified for HTTP listeners.']);
    const tcp = targetGroup('tcp', 'TCP');
    const incompatible = harness.failure('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcp }] });
    expect([incompatible.code, incompatible.message]).toEqual(['IncompatibleProtocols', `The listener and the following target groups have incompatible protocols: ${tcp}`]);
    const missing = tg.replace(/[0-9a-f]{16}$/, 'ffffffffffffffff');
    const notFound = harness.failure('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: missing }] });
    expect([notFound.code, notFound.message]).toEqual(['TargetGroupNotFound', `Target group '${missing}' not found`]);
    const cognito = harness.failure('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [
        { Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/x', UserPoolClientId: 'c', UserPoolDomain: 'd' } },
        { Type: 'forward', Order: 2, TargetGroupArn: tg },
      ],
    });
    expect([cognito.code, cognito.message]).toEqual(['InvalidLoadBalancerAction', `Actions of type 'authenticate-cognito' are supported only on HTTPS listeners.`]);
  });
});

describe('weighted forwards and stickiness', () => {
  it('runs a blue/green switch with group stickiness', () => {
    const blue = targetGroup('blue');
    const green = targetGroup('green');
    const weighted = (blueWeight: number, greenWeight: number) => [
      {
        Type: 'forward' as const,
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: blue, Weight: blueWeight }, { TargetGroupArn: green, Weight: greenWeight }],
          TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
        },
      },
    ];
    const listener = harness.call('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: weighted(100, 0) }).Listeners?.[0];
    expect(listener?.DefaultActions).toEqual(weighted(100, 0));
    const modified = harness.call('ModifyListener', { ListenerArn: listener?.ListenerArn as string, DefaultActions: weighted(0, 100) }).Listeners?.[0];
    expect(modified?.DefaultActions).toEqual(weighted(0, 100));
    expect(harness.call('DescribeTargetGroups', { TargetGroupArns: [green] }).TargetGroups?.[0]?.LoadBalancerArns).toEqual([albArn]);
  });

  it('refuses app_cookie stickiness and target stickiness without group stickiness, in both directions', () => {
    const blue = targetGroup('blue');
    const green = targetGroup('green');
    const forward = (isSticky: boolean) => [
      { Type: 'forward' as const, ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 1 }, { TargetGroupArn: green, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: isSticky, ...(isSticky ? { DurationSeconds: 60 } : {}) } } },
    ];
    harness.call('ModifyTargetGroupAttributes', { TargetGroupArn: blue, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] });
    const noGroup = harness.failure('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: forward(false) });
    expect([noGroup.code, noGroup.message]).toEqual([
      'InvalidConfigurationRequest',
      'You must enable group stickiness on a rule if you enabled target stickiness on one of its target groups',
    ]);
    harness.call('ModifyTargetGroupAttributes', {
      TargetGroupArn: blue,
      Attributes: [{ Key: 'stickiness.type', Value: 'app_cookie' }, { Key: 'stickiness.app_cookie.cookie_name', Value: 'session' }],
    });
    const appCookie = harness.failure('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: forward(true) });
    expect([appCookie.code, appCookie.message]).toEqual([
      'InvalidLoadBalancerAction',
      `When configuring a rule with multiple target groups, none of them can have stickiness of type 'app_cookie' enabled.`,
    ]);
    harness.call('ModifyTargetGroupAttributes', { TargetGroupArn: blue, Attributes: [{ Key: 'stickiness.enabled', Value: 'false' }] });
    const listener = harness.call('CreateListener', { LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: forward(false) }).Listeners?.[0];
    const ruleArn = harness.call('DescribeRules', { ListenerArn: listener?.ListenerArn }).Rules?.[0]?.RuleArn;
    const reverse = harness.failure('ModifyTargetGroupAttributes', {
      TargetGroupArn: green,
      Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }],
    });
    expect([reverse.code, reverse.message]).toEqual([
      'InvalidConfigurationRequest',
      `This target group appears behind a rule with group stickiness disabled (${ruleArn}). You must enable group stickiness before enabling target stickiness`,
    ]);
  });

  it('validates the group-stickiness duration even when disabled', () => {
    const blue = targetGroup('blue');
    const error = harness.failure('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue }], TargetGroupStickinessConfig: { Enabled: false, DurationSeconds: 0 } } }],
    });
    expect([error.code, error.message]).toEqual(['ValidationError', 'Target group stickiness duration must be between 1 and 604800 seconds']);
  });
});

describe('listener certificates, attributes and deletion', () => {
  it('adds, lists and removes certificates; the default cannot be removed', () => {
    const tg = targetGroup('blue');
    const listenerArn = harness.call('CreateListener', {
      LoadBalancerArn: albArn,
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
    }).Listeners?.[0]?.ListenerArn as string;
    expect(harness.call('AddListenerCertificates', { ListenerArn: listenerArn, Certificates: [{ CertificateArn: CERT_2 }] }).Certificates).toEqual([
      { CertificateArn: CERT_2, IsDefault: false },
    ]);
    expect(harness.call('DescribeListenerCertificates', { ListenerArn: listenerArn }).Certificates).toEqual([
      { CertificateArn: CERT_2, IsDefault: false },
      { CertificateArn: CERT, IsDefault: true },
    ]);
    const error = harness.failure('RemoveListenerCertificates', { ListenerArn: listenerArn, Certificates: [{ CertificateArn: CERT }] });
    expect(error.code).toBe('OperationNotPermitted');
    harness.call('RemoveListenerCertificates', { ListenerArn: listenerArn, Certificates: [{ CertificateArn: CERT_2 }] });
    expect(harness.call('DescribeListenerCertificates', { ListenerArn: listenerArn }).Certificates).toEqual([{ CertificateArn: CERT, IsDefault: true }]);
  });

  it('describes and modifies ALB listener attributes', () => {
    const listenerArn = httpListener(targetGroup('blue'))?.ListenerArn as string;
    const attributes = harness.call('DescribeListenerAttributes', { ListenerArn: listenerArn }).Attributes;
    expect(attributes).toContainEqual({ Key: 'routing.http.response.server.enabled', Value: 'true' });
    const modified = harness.call('ModifyListenerAttributes', { ListenerArn: listenerArn, Attributes: [{ Key: 'routing.http.response.server.enabled', Value: 'false' }] });
    expect(modified.Attributes).toContainEqual({ Key: 'routing.http.response.server.enabled', Value: 'false' });
    const unknown = harness.failure('ModifyListenerAttributes', { ListenerArn: listenerArn, Attributes: [{ Key: 'nope', Value: 'x' }] });
    expect([unknown.code, unknown.message]).toEqual(['ValidationError', `Listener attribute key 'nope' is not recognized`]);
    const wrongType = harness.failure('ModifyListenerAttributes', { ListenerArn: listenerArn, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '60' }] });
    expect(wrongType.code).toBe('InvalidConfigurationRequest');
  });

  it('deletes a listener with its rules and tags, after which its group can be deleted', () => {
    const tg = targetGroup('blue');
    const listenerArn = httpListener(tg)?.ListenerArn as string;
    const inUse = harness.failure('DeleteTargetGroup', { TargetGroupArn: tg });
    expect([inUse.code, inUse.message]).toEqual(['ResourceInUse', `Target group '${tg}' is currently in use by a listener or a rule`]);
    harness.call('AddTags', { ResourceArns: [listenerArn], Tags: [{ Key: 'k', Value: 'v' }] });
    harness.call('DeleteListener', { ListenerArn: listenerArn });
    expect(harness.snapshot().tags).toEqual([]);
    expect(harness.failure('DescribeListeners', { ListenerArns: [listenerArn] }).code).toBe('ListenerNotFound');
    harness.call('DeleteTargetGroup', { TargetGroupArn: tg });
  });
});

describe('DescribeSSLPolicies', () => {
  it('lists the ALB policies and finds one by name', () => {
    const names = harness.call('DescribeSSLPolicies', { LoadBalancerType: 'application' }).SslPolicies?.map((policy) => policy.Name);
    expect(names?.[0]).toBe('ELBSecurityPolicy-2016-08');
    expect(names).toHaveLength(18);
    const policy = harness.call('DescribeSSLPolicies', { Names: ['ELBSecurityPolicy-TLS13-1-2-2021-06'] }).SslPolicies?.[0];
    expect(policy?.Ciphers?.[0]).toEqual({ Name: 'TLS_AES_128_GCM_SHA256', Priority: 1 });
    expect(harness.failure('DescribeSSLPolicies', { Names: ['nope'] }).code).toBe('SSLPolicyNotFound');
    expect(harness.call('DescribeSSLPolicies', { LoadBalancerType: 'gateway' }).SslPolicies).toEqual([]);
  });
});

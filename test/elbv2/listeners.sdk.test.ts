import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AddListenerCertificatesCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteTargetGroupCommand,
  DescribeListenerAttributesCommand,
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeSSLPoliciesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerAttributesCommand,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
  RemoveListenerCertificatesCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';

// Expected values: aws-cli v1 `awscli/examples/elbv2/create-listener.rst` (ARN shape, the
// one-group ForwardConfig read-back), `describe-listener-certificates.rst` (IsDefault, default
// last), `describe-ssl-policies.rst` (policy names and order, TLS13-1-2 ciphers), and the AWS
// error texts cited in packages/elbv2/src (stickiness-rules.ts, listener-settings.ts,
// certificate-rules.ts, action-target-groups.ts); unverified ones are listed in UNVERIFIED.md.
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/3dcb0a41-bd72-4774-9ad9-756919c40557';
const CERT_2 = 'arn:aws:acm:us-east-1:123456789012:certificate/5cc54884-f4a3-4072-80be-05b9ba72f705';

let harness: ElbowUnderTest;
let vpcId: string;
let albArn: string;

beforeEach(async () => {
  harness = await startElbowUnderTest();
  const ec2 = new EC2Client({ endpoint: harness.elbow.endpoint, region: harness.elbow.region, credentials: harness.elbow.credentials, maxAttempts: 1 });
  try {
    vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.find((vpc) => vpc.IsDefault)!.VpcId!;
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!;
    const created = await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: 'my-load-balancer', Subnets: [subnets[0]!.SubnetId!, subnets[1]!.SubnetId!] }));
    albArn = created.LoadBalancers![0]!.LoadBalancerArn!;
  } finally {
    ec2.destroy();
  }
});
afterEach(async () => {
  await harness.stop();
});

async function targetGroup(name: string, protocol: 'HTTP' | 'TCP' = 'HTTP'): Promise<string> {
  const { TargetGroups } = await harness.elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: 80, VpcId: vpcId }));
  return TargetGroups![0]!.TargetGroupArn!;
}

async function failure(call: Promise<unknown> | (() => Promise<unknown>)): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    const failed = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    // The SDK names modelled errors `<Code>Exception`; the wire Code is the model's error code.
    return { code: failed.name.replace(/Exception$/, ''), status: failed.$metadata?.httpStatusCode, message: failed.message };
  }
  throw new Error('the call succeeded; an AWS error was expected');
}

async function state() {
  const listeners = await harness.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: albArn }));
  return listeners.Listeners;
}

function weighted(blue: string, green: string, blueWeight: number, greenWeight: number, isSticky: boolean): Action[] {
  return [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [{ TargetGroupArn: blue, Weight: blueWeight }, { TargetGroupArn: green, Weight: greenWeight }],
        TargetGroupStickinessConfig: isSticky ? { Enabled: true, DurationSeconds: 3600 } : { Enabled: false },
      },
    },
  ];
}

describe('CreateListener / DescribeListeners / DeleteListener', () => {
  it('creates an HTTP listener with a default rule and reads the forward back with a ForwardConfig', async () => {
    const tg = await targetGroup('my-targets');
    const { Listeners } = await harness.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }], Tags: [{ Key: 'env', Value: 'test' }] }),
    );
    const listener = Listeners![0]!;
    expect(listener.ListenerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:\d{12}:listener\/app\/my-load-balancer\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect(listener).toEqual({
      ListenerArn: listener.ListenerArn,
      LoadBalancerArn: albArn,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        { Type: 'forward', TargetGroupArn: tg, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } },
      ],
    });
    expect(await state()).toEqual([listener]);
    expect((await harness.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listener.ListenerArn!] }))).Listeners).toEqual([listener]);
    const rules = (await harness.elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules!;
    expect(rules).toEqual([{ RuleArn: expect.stringMatching(/:listener-rule\/app\/my-load-balancer\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/), Priority: 'default', Conditions: [], Actions: listener.DefaultActions, IsDefault: true }]);
    const groups = (await harness.elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: albArn }))).TargetGroups!;
    expect(groups.map((group) => [group.TargetGroupArn, group.LoadBalancerArns])).toEqual([[tg, [albArn]]]);

    const inUse = await failure(harness.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg })));
    expect(inUse).toEqual({ code: 'ResourceInUse', status: 400, message: `Target group '${tg}' is currently in use by a listener or a rule` });

    await harness.elbv2.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    expect(await state()).toEqual([]);
    const tags = await failure(harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [listener.ListenerArn!] })));
    expect(tags.code).toBe('ListenerNotFound');
    const gone = await failure(harness.elbv2.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn })));
    expect(gone).toEqual({ code: 'ListenerNotFound', status: 400, message: 'One or more listeners not found' });
    await harness.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg }));
  });

  it('answers AWS errors for duplicate ports, bad protocols, SSL policies and certificates, leaving nothing behind', async () => {
    const tg = await targetGroup('my-targets');
    const tcp = await targetGroup('tcp-targets', 'TCP');
    await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
    const before = await state();
    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] })),
        'DuplicateListener',
        `A listener already exists on this port for this load balancer '${albArn}'`,
      ],
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 81, SslPolicy: 'ELBSecurityPolicy-2016-08', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })),
        'ValidationError',
        'An SSL policy cannot be specified for HTTP listeners.',
      ],
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTPS', Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })),
        'ValidationError',
        'A certificate must be specified for HTTPS listeners',
      ],
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:bogus' }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })),
        'CertificateNotFound',
        `Certificate 'arn:aws:acm:us-east-1:123456789012:bogus' not found`,
      ],
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 82, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcp }] })),
        'IncompatibleProtocols',
        `The listener and the following target groups have incompatible protocols: ${tcp}`,
      ],
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'TCP', Port: 83, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcp }] })),
        'UnsupportedProtocol',
        `Protocol 'TCP' is not supported for load balancers of type 'application'`,
      ],
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }], SslPolicy: 'NoSuchPolicy', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })),
        'SSLPolicyNotFound',
        `SSL policy 'NoSuchPolicy' not found`,
      ],
      [
        () => harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn.replace(/[0-9a-f]{16}$/, '0000000000000000'), Protocol: 'HTTP', Port: 84, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })),
        'LoadBalancerNotFound',
        'One or more load balancers not found',
      ],
      [
        () => harness.elbv2.send(
          new CreateListenerCommand({
            LoadBalancerArn: albArn,
            Protocol: 'HTTP',
            Port: 85,
            DefaultActions: [
              { Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc', UserPoolClientId: 'client', UserPoolDomain: 'domain' } },
              { Type: 'forward', Order: 2, TargetGroupArn: tg },
            ],
          }),
        ),
        'InvalidLoadBalancerAction',
        `Actions of type 'authenticate-cognito' are supported only on HTTPS listeners.`,
      ],
    ];
    for (const [call, code, message] of cases) expect(await failure(call)).toEqual({ code, status: 400, message });
    expect(await state()).toEqual(before);
  });

  it('modifies an HTTP listener into HTTPS with the default security policy, and back', async () => {
    const tg = await targetGroup('my-targets');
    const arn = (await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] })))
      .Listeners![0]!.ListenerArn!;
    const https = (await harness.elbv2.send(new ModifyListenerCommand({ ListenerArn: arn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }] }))).Listeners![0]!;
    expect(https).toMatchObject({ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-2016-08', Certificates: [{ CertificateArn: CERT }], MutualAuthentication: { Mode: 'off' } });
    const http = (await harness.elbv2.send(new ModifyListenerCommand({ ListenerArn: arn, Protocol: 'HTTP', Port: 80 }))).Listeners![0]!;
    expect(http.SslPolicy).toBeUndefined();
    expect(http.Certificates).toBeUndefined();
    expect((await state())![0]).toEqual(http);
  });
});

describe('weighted forwards and stickiness', () => {
  it('runs a blue/green switch: 100/0 with group stickiness, then 0/100 with ModifyListener', async () => {
    const blue = await targetGroup('blue');
    const green = await targetGroup('green');
    const created = (await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: weighted(blue, green, 100, 0, true) }))).Listeners![0]!;
    expect(created.DefaultActions).toEqual(weighted(blue, green, 100, 0, true));
    const modified = (await harness.elbv2.send(new ModifyListenerCommand({ ListenerArn: created.ListenerArn, DefaultActions: weighted(blue, green, 0, 100, true) }))).Listeners![0]!;
    expect(modified.DefaultActions).toEqual(weighted(blue, green, 0, 100, true));
    expect((await state())![0]!.DefaultActions).toEqual(weighted(blue, green, 0, 100, true));
    const groups = (await harness.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [blue, green] }))).TargetGroups!;
    expect(groups.map((group) => group.LoadBalancerArns)).toEqual([[albArn], [albArn]]);
  });

  it('reproduces both stickiness errors of multi-group forwards, in both directions', async () => {
    const blue = await targetGroup('blue');
    const green = await targetGroup('green');
    await harness.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: blue, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] }));
    expect(await failure(harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: weighted(blue, green, 1, 1, false) })))).toEqual({
      code: 'InvalidConfigurationRequest',
      status: 400,
      message: 'You must enable group stickiness on a rule if you enabled target stickiness on one of its target groups',
    });
    await harness.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: blue,
        Attributes: [{ Key: 'stickiness.type', Value: 'app_cookie' }, { Key: 'stickiness.app_cookie.cookie_name', Value: 'session' }],
      }),
    );
    expect(await failure(harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: weighted(blue, green, 1, 1, true) })))).toEqual({
      code: 'InvalidLoadBalancerAction',
      status: 400,
      message: `When configuring a rule with multiple target groups, none of them can have stickiness of type 'app_cookie' enabled.`,
    });
    expect(await state()).toEqual([]);

    await harness.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: blue, Attributes: [{ Key: 'stickiness.enabled', Value: 'false' }] }));
    const listener = (await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: weighted(blue, green, 1, 1, false) }))).Listeners![0]!;
    const ruleArn = (await harness.elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules![0]!.RuleArn!;
    expect(await failure(harness.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: green, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] })))).toEqual({
      code: 'InvalidConfigurationRequest',
      status: 400,
      message: `This target group appears behind a rule with group stickiness disabled (${ruleArn}). You must enable group stickiness before enabling target stickiness`,
    });
  });

  it('checks the group-stickiness duration even when group stickiness is disabled', async () => {
    const blue = await targetGroup('blue');
    const call = harness.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: albArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false, DurationSeconds: 0 } } }],
      }),
    );
    expect(await failure(call)).toEqual({ code: 'ValidationError', status: 400, message: 'Target group stickiness duration must be between 1 and 604800 seconds' });
  });
});

describe('certificates, attributes and security policies', () => {
  it('adds, lists (default last) and removes certificates; the default cannot be removed', async () => {
    const tg = await targetGroup('my-targets');
    const arn = (
      await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }))
    ).Listeners![0]!.ListenerArn!;
    expect((await harness.elbv2.send(new AddListenerCertificatesCommand({ ListenerArn: arn, Certificates: [{ CertificateArn: CERT_2 }] }))).Certificates).toEqual([{ CertificateArn: CERT_2, IsDefault: false }]);
    expect((await harness.elbv2.send(new DescribeListenerCertificatesCommand({ ListenerArn: arn }))).Certificates).toEqual([
      { CertificateArn: CERT_2, IsDefault: false },
      { CertificateArn: CERT, IsDefault: true },
    ]);
    const page = await harness.elbv2.send(new DescribeListenerCertificatesCommand({ ListenerArn: arn, PageSize: 1 }));
    expect(page.Certificates).toEqual([{ CertificateArn: CERT_2, IsDefault: false }]);
    expect((await harness.elbv2.send(new DescribeListenerCertificatesCommand({ ListenerArn: arn, Marker: page.NextMarker }))).Certificates).toEqual([{ CertificateArn: CERT, IsDefault: true }]);
    expect((await failure(harness.elbv2.send(new RemoveListenerCertificatesCommand({ ListenerArn: arn, Certificates: [{ CertificateArn: CERT }] })))).code).toBe('OperationNotPermitted');
    await harness.elbv2.send(new RemoveListenerCertificatesCommand({ ListenerArn: arn, Certificates: [{ CertificateArn: CERT_2 }] }));
    expect((await harness.elbv2.send(new DescribeListenerCertificatesCommand({ ListenerArn: arn }))).Certificates).toEqual([{ CertificateArn: CERT, IsDefault: true }]);
  });

  it('describes every ALB listener attribute and modifies one', async () => {
    const tg = await targetGroup('my-targets');
    const arn = (await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }))).Listeners![0]!.ListenerArn!;
    const described = (await harness.elbv2.send(new DescribeListenerAttributesCommand({ ListenerArn: arn }))).Attributes!;
    expect(described).toContainEqual({ Key: 'routing.http.response.server.enabled', Value: 'true' });
    expect(described.map((attribute) => attribute.Key)).not.toContain('tcp.idle_timeout.seconds');
    const modified = await harness.elbv2.send(new ModifyListenerAttributesCommand({ ListenerArn: arn, Attributes: [{ Key: 'routing.http.response.server.enabled', Value: 'false' }] }));
    expect(modified.Attributes).toContainEqual({ Key: 'routing.http.response.server.enabled', Value: 'false' });
    expect(await failure(harness.elbv2.send(new ModifyListenerAttributesCommand({ ListenerArn: arn, Attributes: [{ Key: 'no.such.key', Value: '1' }] })))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `Listener attribute key 'no.such.key' is not recognized`,
    });
  });

  it('lists the ALB security policies in AWS order and filters by name', async () => {
    const all = (await harness.elbv2.send(new DescribeSSLPoliciesCommand({ LoadBalancerType: 'application' }))).SslPolicies!;
    expect(all.map((policy) => policy.Name)).toEqual([
      'ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', 'ELBSecurityPolicy-TLS13-1-1-2021-06',
      'ELBSecurityPolicy-TLS13-1-0-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-TLS-1-2-2017-01',
      'ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', 'ELBSecurityPolicy-FS-2018-06',
      'ELBSecurityPolicy-2015-05', 'ELBSecurityPolicy-TLS-1-0-2015-04', 'ELBSecurityPolicy-FS-1-2-Res-2019-08',
      'ELBSecurityPolicy-FS-1-1-2019-08', 'ELBSecurityPolicy-FS-1-2-2019-08', 'ELBSecurityPolicy-FS-1-2-Res-2020-10',
    ]);
    const [policy] = (await harness.elbv2.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-TLS13-1-2-2021-06'] }))).SslPolicies!;
    expect(policy!.Ciphers!.map((cipher) => cipher.Name)).toEqual([
      'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384',
    ]);
    expect(policy!.SslProtocols).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect((await failure(harness.elbv2.send(new DescribeSSLPoliciesCommand({ Names: ['NoSuchPolicy'] })))).code).toBe('SSLPolicyNotFound');
  });

  it('pages DescribeListeners', async () => {
    const tg = await targetGroup('my-targets');
    for (const port of [80, 81, 82]) {
      await harness.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: albArn, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
    }
    const first = await harness.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: albArn, PageSize: 2 }));
    expect(first.Listeners!.map((listener) => listener.Port)).toEqual([80, 81]);
    const second = await harness.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: albArn, PageSize: 2, Marker: first.NextMarker }));
    expect(second.Listeners!.map((listener) => listener.Port)).toEqual([82]);
    expect(second.NextMarker).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  ApplySecurityGroupsToLoadBalancerCommand,
  AttachLoadBalancerToSubnetsCommand,
  ConfigureHealthCheckCommand,
  CreateAppCookieStickinessPolicyCommand,
  CreateLBCookieStickinessPolicyCommand,
  CreateLoadBalancerCommand,
  CreateLoadBalancerListenersCommand,
  CreateLoadBalancerPolicyCommand,
  DeleteLoadBalancerCommand,
  DeleteLoadBalancerListenersCommand,
  DeleteLoadBalancerPolicyCommand,
  DeregisterInstancesFromLoadBalancerCommand,
  DescribeAccountLimitsCommand,
  DescribeInstanceHealthCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancerPolicyTypesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DetachLoadBalancerFromSubnetsCommand,
  DisableAvailabilityZonesForLoadBalancerCommand,
  ElasticLoadBalancingClient,
  EnableAvailabilityZonesForLoadBalancerCommand,
  ModifyLoadBalancerAttributesCommand,
  RegisterInstancesWithLoadBalancerCommand,
  RemoveTagsCommand,
  SetLoadBalancerListenerSSLCertificateCommand,
  SetLoadBalancerPoliciesForBackendServerCommand,
  SetLoadBalancerPoliciesOfListenerCommand,
  type Listener,
} from '@aws-sdk/client-elastic-load-balancing';
import { CreateSecurityGroupCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc, ec2ClientFor } from '../support/default-vpc.js';

// Expected values: aws-cli v1.45.11 `awscli/examples/elb/*.rst` (output shapes, policy types,
// instance-health descriptions, account limits) and the AWS messages cited in packages/elb/src
// (elb-errors.ts; unverified ones listed in packages/elb/UNVERIFIED.md).
const CERT = 'arn:aws:iam::123456789012:server-certificate/my-server-cert';
const HTTP_80: Listener = { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 };
const HTTPS_443: Listener = { Protocol: 'HTTPS', LoadBalancerPort: 443, InstanceProtocol: 'HTTP', InstancePort: 80, SSLCertificateId: CERT };

let harness: ElbowUnderTest;
let elb: ElasticLoadBalancingClient;
let vpcId: string;
let subnetIds: string[];

beforeEach(async () => {
  harness = await startElbowUnderTest();
  elb = new ElasticLoadBalancingClient({ endpoint: harness.elbow.endpoint, region: harness.elbow.region, credentials: harness.elbow.credentials, maxAttempts: 1 });
  ({ vpcId, subnetIds } = await defaultVpc(harness.elbow));
});
afterEach(async () => {
  elb.destroy();
  await harness.stop();
});

async function createLoadBalancer(name = 'my-loadbalancer', listeners: Listener[] = [HTTP_80, HTTPS_443]) {
  return elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: name, Listeners: listeners, Subnets: [subnetIds[0]!, subnetIds[1]!] }));
}

async function describe1(name = 'my-loadbalancer') {
  const { LoadBalancerDescriptions } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [name] }));
  return LoadBalancerDescriptions![0]!;
}

async function launch(count: number, extra: Partial<ConstructorParameters<typeof RunInstancesCommand>[0]> = {}): Promise<string[]> {
  const ec2 = ec2ClientFor(harness.elbow);
  try {
    const { Instances } = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: count, MaxCount: count, SubnetId: subnetIds[0], ...extra }));
    return Instances!.map((instance) => instance.InstanceId!);
  } finally {
    ec2.destroy();
  }
}

/** Everything a refused call could have touched: descriptions, and each load balancer's policies, attributes, tags and instance health. */
async function snapshot(): Promise<string> {
  const { LoadBalancerDescriptions = [] } = await elb.send(new DescribeLoadBalancersCommand({}));
  const perLoadBalancer = await Promise.all(
    LoadBalancerDescriptions.map(async ({ LoadBalancerName }) => [
      (await elb.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName }))).PolicyDescriptions,
      (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName }))).LoadBalancerAttributes,
      (await elb.send(new DescribeTagsCommand({ LoadBalancerNames: [LoadBalancerName!] }))).TagDescriptions,
      (await elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName }))).InstanceStates,
    ]),
  );
  return JSON.stringify([LoadBalancerDescriptions, perLoadBalancer]);
}

/**
 * The call fails with AWS's wire `Code`, status and full message, and nothing changed. (The SDK
 * names modeled exceptions by shape, e.g. AccessPointNotFoundException for LoadBalancerNotFound,
 * so the code is read from `Code`.)
 */
async function expectRefused(send: () => Promise<unknown>, code: string, message: string, status = 400) {
  const before = await snapshot();
  await expect(send()).rejects.toMatchObject({ Code: code, message, $metadata: { httpStatusCode: status } });
  expect(await snapshot()).toBe(before);
}

describe('classic load balancers through the SDK v3', () => {
  it('creates one in two subnets and describes it as AWS does', async () => {
    const { DNSName } = await createLoadBalancer();
    expect(DNSName).toMatch(/^my-loadbalancer-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/);
    const description = await describe1();
    expect(description).toEqual({
      LoadBalancerName: 'my-loadbalancer',
      DNSName,
      CanonicalHostedZoneName: DNSName,
      CanonicalHostedZoneNameID: 'Z35SXDOTRQ7X7K',
      ListenerDescriptions: [
        { Listener: HTTP_80, PolicyNames: [] },
        { Listener: HTTPS_443, PolicyNames: ['ELBSecurityPolicy-2016-08'] },
      ],
      Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: ['ELBSecurityPolicy-2016-08'] },
      BackendServerDescriptions: [],
      AvailabilityZones: ['us-east-1a', 'us-east-1b'],
      Subnets: [subnetIds[0], subnetIds[1]],
      VPCId: vpcId,
      Instances: [],
      HealthCheck: { Target: 'TCP:80', Interval: 30, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 10 },
      SourceSecurityGroup: { OwnerAlias: harness.elbow.accountId, GroupName: 'default' },
      SecurityGroups: [expect.stringMatching(/^sg-/)],
      CreatedTime: expect.any(Date),
      Scheme: 'internet-facing',
    });
  });

  it('repeats a create idempotently, refuses the same name with other settings, and deletes even twice', async () => {
    const { DNSName } = await createLoadBalancer();
    expect((await createLoadBalancer()).DNSName).toBe(DNSName);
    await expectRefused(
      () => createLoadBalancer('my-loadbalancer', [HTTP_80]),
      'DuplicateLoadBalancerName',
      'Load Balancer named my-loadbalancer already exists and it is configured with different parameters.',
    );
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer' }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer' }));
    await expect(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: ['my-loadbalancer'] }))).rejects.toMatchObject({
      Code: 'LoadBalancerNotFound',
      message: "There is no ACTIVE Load Balancer named 'my-loadbalancer'",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('places an internal one by availability zone in the default VPC', async () => {
    const { DNSName } = await elb.send(
      new CreateLoadBalancerCommand({ LoadBalancerName: 'zonal', Listeners: [HTTP_80], AvailabilityZones: ['us-east-1a'], Scheme: 'internal' }),
    );
    expect(DNSName).toMatch(/^internal-zonal-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/);
    expect(await describe1('zonal')).toMatchObject({ AvailabilityZones: ['us-east-1a'], Subnets: [], VPCId: vpcId, Scheme: 'internal' });
  });

  it('refuses bad names, both zones and subnets, unknown subnets, protocols and certificates', async () => {
    const create = (input: Partial<ConstructorParameters<typeof CreateLoadBalancerCommand>[0]>) =>
      elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: 'lb', Listeners: [HTTP_80], Subnets: [subnetIds[0]!], ...input }));
    await expectRefused(() => create({ LoadBalancerName: 'a'.repeat(33) }), 'ValidationError', 'LoadBalancer name cannot be longer than 32 characters');
    await expectRefused(() => create({ AvailabilityZones: ['us-east-1a'] }), 'ValidationError', 'Only one of SubnetIds or AvailabilityZones may be specified');
    await expectRefused(() => create({ Subnets: ['subnet-00000000'] }), 'SubnetNotFound', "The subnet ID 'subnet-00000000' does not exist");
    await expectRefused(
      () => create({ Listeners: [{ Protocol: 'HTTPS', LoadBalancerPort: 443, InstancePort: 80, SSLCertificateId: 'nope' }] }),
      'CertificateNotFound',
      'Server Certificate not found for the key: nope',
    );
    await expectRefused(
      () => create({ Listeners: [HTTP_80, { ...HTTP_80, InstancePort: 8080 }] }),
      'DuplicateListener',
      'A listener already exists for lb with LoadBalancerPort 80, but with a different InstancePort, Protocol, or SSLCertificateId',
    );
    expect((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancerDescriptions).toEqual([]);
  });

  it('pages DescribeLoadBalancers with PageSize and NextMarker', async () => {
    for (const name of ['lb-1', 'lb-2', 'lb-3']) await createLoadBalancer(name, [HTTP_80]);
    const first = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2 }));
    expect(first.LoadBalancerDescriptions!.map((lb) => lb.LoadBalancerName)).toEqual(['lb-1', 'lb-2']);
    const second = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2, Marker: first.NextMarker }));
    expect(second.LoadBalancerDescriptions!.map((lb) => lb.LoadBalancerName)).toEqual(['lb-3']);
    expect(second.NextMarker).toBeUndefined();
  });
});

describe('classic listeners', () => {
  it('adds, repeats, refuses a changed port, changes a certificate and deletes', async () => {
    await createLoadBalancer('my-loadbalancer', [HTTP_80]);
    const tcp: Listener = { Protocol: 'TCP', LoadBalancerPort: 22, InstanceProtocol: 'TCP', InstancePort: 22 };
    await elb.send(new CreateLoadBalancerListenersCommand({ LoadBalancerName: 'my-loadbalancer', Listeners: [tcp, HTTPS_443] }));
    await elb.send(new CreateLoadBalancerListenersCommand({ LoadBalancerName: 'my-loadbalancer', Listeners: [tcp] }));
    await expectRefused(
      () => elb.send(new CreateLoadBalancerListenersCommand({ LoadBalancerName: 'my-loadbalancer', Listeners: [{ ...tcp, InstancePort: 2222 }] })),
      'DuplicateListener',
      'A listener already exists for my-loadbalancer with LoadBalancerPort 22, but with a different InstancePort, Protocol, or SSLCertificateId',
    );
    const other = 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
    await elb.send(new SetLoadBalancerListenerSSLCertificateCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerPort: 443, SSLCertificateId: other }));
    await expectRefused(
      () => elb.send(new SetLoadBalancerListenerSSLCertificateCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerPort: 8443, SSLCertificateId: other })),
      'ListenerNotFound',
      'There is no listener on port 8443 for load balancer my-loadbalancer',
    );
    expect((await describe1()).ListenerDescriptions!.map((d) => d.Listener)).toEqual([tcp, HTTP_80, { ...HTTPS_443, SSLCertificateId: other }]);
    await elb.send(new DeleteLoadBalancerListenersCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerPorts: [22, 443, 9999] }));
    expect((await describe1()).ListenerDescriptions!.map((d) => d.Listener)).toEqual([HTTP_80]);
  });
});

describe('classic instances and health', () => {
  it('registers, reports InService and not-registered with AWS descriptions, deregisters', async () => {
    await createLoadBalancer();
    const [a, b] = await launch(2);
    const registered = await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', Instances: [{ InstanceId: a }, { InstanceId: b }] }));
    expect(registered.Instances).toEqual([{ InstanceId: a }, { InstanceId: b }]);
    const health = await elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: 'my-loadbalancer' }));
    expect(health.InstanceStates).toEqual([
      { InstanceId: a, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' },
      { InstanceId: b, State: 'InService', ReasonCode: 'N/A', Description: 'N/A' },
    ]);
    const left = await elb.send(new DeregisterInstancesFromLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', Instances: [{ InstanceId: a }] }));
    expect(left.Instances).toEqual([{ InstanceId: b }]);
    const asked = await elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: 'my-loadbalancer', Instances: [{ InstanceId: a }] }));
    expect(asked.InstanceStates).toEqual([{ InstanceId: a, State: 'OutOfService', ReasonCode: 'ELB', Description: 'Instance is not currently registered with the LoadBalancer.' }]);
    expect((await describe1()).Instances).toEqual([{ InstanceId: b }]);
  });

  it('reports an instance in a zone the load balancer does not use', async () => {
    await elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', Listeners: [HTTP_80], Subnets: [subnetIds[1]!] }));
    const [elsewhere] = await launch(1);
    await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', Instances: [{ InstanceId: elsewhere }] }));
    const { InstanceStates } = await elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: 'my-loadbalancer' }));
    expect(InstanceStates).toEqual([
      {
        InstanceId: elsewhere,
        State: 'OutOfService',
        ReasonCode: 'ELB',
        Description: 'Instance is in the EC2 Availability Zone for which LoadBalancer is not configured to route traffic to.',
      },
    ]);
  });

  it('refuses unknown instances and load balancers, leaving registrations as they were', async () => {
    await createLoadBalancer();
    await expectRefused(
      () => elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', Instances: [{ InstanceId: 'i-0123456789abcdef0' }] })),
      'InvalidInstance',
      'The requested instance i-0123456789abcdef0 is not valid for the load balancer',
    );
    await expectRefused(
      () => elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'absent', Instances: [{ InstanceId: 'i-0123456789abcdef0' }] })),
      'LoadBalancerNotFound',
      "There is no ACTIVE Load Balancer named 'absent'",
    );
  });

  it('configures health checks and refuses bad targets and ranges', async () => {
    await createLoadBalancer();
    const check = { Target: 'HTTP:80/png', Interval: 30, Timeout: 3, UnhealthyThreshold: 2, HealthyThreshold: 2 };
    expect((await elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: 'my-loadbalancer', HealthCheck: check }))).HealthCheck).toEqual(check);
    expect((await describe1()).HealthCheck).toEqual(check);
    const configure = (changes: Partial<typeof check>) => () =>
      elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: 'my-loadbalancer', HealthCheck: { ...check, ...changes } }));
    await expectRefused(configure({ Target: 'UDP:53' }), 'ValidationError', 'HealthCheck Target must begin with one of HTTP, TCP, HTTPS, SSL');
    await expectRefused(
      configure({ Target: 'HTTP:80' }),
      'ValidationError',
      'HealthCheck HTTP Target must specify a port followed by a path that begins with a slash. e.g. HTTP:80/ping/this/path',
    );
    await expectRefused(
      configure({ Target: 'TCP:22', Interval: 301 }),
      'ValidationError',
      "1 validation error detected: Value '301' at 'healthCheck.interval' failed to satisfy constraint: Member must have value less than or equal to 300",
    );
  });
});

describe('classic zones, subnets and security groups', () => {
  it('enables and disables zones, attaches and detaches subnets, applies security groups', async () => {
    await elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', Listeners: [HTTP_80], Subnets: [subnetIds[0]!] }));
    expect(
      (await elb.send(new AttachLoadBalancerToSubnetsCommand({ LoadBalancerName: 'my-loadbalancer', Subnets: [subnetIds[1]!] }))).Subnets,
    ).toEqual([subnetIds[0], subnetIds[1]]);
    expect(
      (await elb.send(new DetachLoadBalancerFromSubnetsCommand({ LoadBalancerName: 'my-loadbalancer', Subnets: [subnetIds[0]!] }))).Subnets,
    ).toEqual([subnetIds[1]]);
    expect(
      (await elb.send(new EnableAvailabilityZonesForLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', AvailabilityZones: ['us-east-1c'] })))
        .AvailabilityZones,
    ).toEqual(['us-east-1b', 'us-east-1c']);
    expect(
      (await elb.send(new DisableAvailabilityZonesForLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', AvailabilityZones: ['us-east-1b'] })))
        .AvailabilityZones,
    ).toEqual(['us-east-1c']);
    const ec2 = ec2ClientFor(harness.elbow);
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'my-elb-sg', Description: 'elb', VpcId: vpcId }));
    ec2.destroy();
    expect((await elb.send(new ApplySecurityGroupsToLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', SecurityGroups: [GroupId!] }))).SecurityGroups).toEqual([GroupId]);
    expect(await describe1()).toMatchObject({ SecurityGroups: [GroupId], SourceSecurityGroup: { OwnerAlias: harness.elbow.accountId, GroupName: 'my-elb-sg' } });
    await expectRefused(
      () => elb.send(new ApplySecurityGroupsToLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', SecurityGroups: ['sg-00000000'] })),
      'InvalidSecurityGroup',
      'One or more security groups are invalid: sg-00000000',
    );
    await expectRefused(
      () => elb.send(new EnableAvailabilityZonesForLoadBalancerCommand({ LoadBalancerName: 'my-loadbalancer', AvailabilityZones: ['us-east-1z'] })),
      'ValidationError',
      'Invalid Availability Zone: us-east-1z',
    );
  });
});

describe('classic attributes', () => {
  it('describes the API defaults and modifies each attribute', async () => {
    await createLoadBalancer();
    expect((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: 'my-loadbalancer' }))).LoadBalancerAttributes).toEqual({
      CrossZoneLoadBalancing: { Enabled: false },
      AccessLog: { Enabled: false },
      ConnectionDraining: { Enabled: false, Timeout: 300 },
      ConnectionSettings: { IdleTimeout: 60 },
      AdditionalAttributes: [{ Key: 'elb.http.desyncmitigationmode', Value: 'defensive' }],
    });
    const modified = await elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerName: 'my-loadbalancer',
        LoadBalancerAttributes: {
          CrossZoneLoadBalancing: { Enabled: true },
          ConnectionDraining: { Enabled: true, Timeout: 60 },
          ConnectionSettings: { IdleTimeout: 30 },
          AccessLog: { Enabled: true, S3BucketName: 'my-bucket', EmitInterval: 5, S3BucketPrefix: 'logs' },
          AdditionalAttributes: [{ Key: 'elb.http.desyncmitigationmode', Value: 'strictest' }],
        },
      }),
    );
    const expected = {
      CrossZoneLoadBalancing: { Enabled: true },
      AccessLog: { Enabled: true, S3BucketName: 'my-bucket', EmitInterval: 5, S3BucketPrefix: 'logs' },
      ConnectionDraining: { Enabled: true, Timeout: 60 },
      ConnectionSettings: { IdleTimeout: 30 },
      AdditionalAttributes: [{ Key: 'elb.http.desyncmitigationmode', Value: 'strictest' }],
    };
    expect(modified).toMatchObject({ LoadBalancerName: 'my-loadbalancer', LoadBalancerAttributes: expected });
    expect((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: 'my-loadbalancer' }))).LoadBalancerAttributes).toEqual(expected);
    // Only the groups a request names are echoed (aws-cli modify-load-balancer-attributes.rst).
    expect(
      await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } })),
    ).toMatchObject({ LoadBalancerName: 'my-loadbalancer', LoadBalancerAttributes: { CrossZoneLoadBalancing: { Enabled: true } } });
    expect(
      (await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerAttributes: { ConnectionDraining: { Enabled: true } } })))
        .LoadBalancerAttributes,
    ).toEqual({ ConnectionDraining: { Enabled: true, Timeout: 60 } });
    await expect(
      elb.send(
        new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerAttributes: { AdditionalAttributes: [{ Key: 'no.such.key', Value: 'x' }] } }),
      ),
    ).rejects.toMatchObject({ Code: 'LoadBalancerAttributeNotFound', message: 'The specified load balancer attribute does not exist: no.such.key' });
    await expect(
      elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerAttributes: { AccessLog: { Enabled: true } } })),
    ).rejects.toMatchObject({ Code: 'InvalidConfigurationRequest', message: 'AccessLog S3BucketName is required when access logs are enabled', $metadata: { httpStatusCode: 409 } });
    expect((await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerName: 'my-loadbalancer' }))).LoadBalancerAttributes).toEqual(expected);
  });
});

describe('classic policies', () => {
  it('creates both stickiness policies, sets a listener set that replaces the old one, and describes them as AWS does', async () => {
    await createLoadBalancer();
    await elb.send(new CreateLBCookieStickinessPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'my-duration-cookie-policy', CookieExpirationPeriod: 60 }));
    await elb.send(new CreateAppCookieStickinessPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'my-app-cookie-policy', CookieName: 'my-app-cookie' }));
    await elb.send(
      new SetLoadBalancerPoliciesOfListenerCommand({
        LoadBalancerName: 'my-loadbalancer',
        LoadBalancerPort: 443,
        PolicyNames: ['my-duration-cookie-policy', 'ELBSecurityPolicy-2016-08'],
      }),
    );
    await elb.send(new SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerPort: 80, PolicyNames: ['my-app-cookie-policy'] }));
    const description = await describe1();
    expect(description.ListenerDescriptions).toEqual([
      { Listener: HTTP_80, PolicyNames: ['my-app-cookie-policy'] },
      { Listener: HTTPS_443, PolicyNames: ['my-duration-cookie-policy', 'ELBSecurityPolicy-2016-08'] },
    ]);
    expect(description.Policies).toEqual({
      AppCookieStickinessPolicies: [{ PolicyName: 'my-app-cookie-policy', CookieName: 'my-app-cookie' }],
      LBCookieStickinessPolicies: [{ PolicyName: 'my-duration-cookie-policy', CookieExpirationPeriod: 60 }],
      OtherPolicies: ['ELBSecurityPolicy-2016-08'],
    });
    // An empty list removes every policy of the listener.
    await elb.send(new SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerPort: 80, PolicyNames: [] }));
    expect((await describe1()).ListenerDescriptions![0]!.PolicyNames).toEqual([]);
    const { PolicyDescriptions } = await elb.send(
      new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: 'my-loadbalancer', PolicyNames: ['my-app-cookie-policy', 'my-duration-cookie-policy'] }),
    );
    expect(PolicyDescriptions).toEqual([
      { PolicyName: 'my-app-cookie-policy', PolicyTypeName: 'AppCookieStickinessPolicyType', PolicyAttributeDescriptions: [{ AttributeName: 'CookieName', AttributeValue: 'my-app-cookie' }] },
      {
        PolicyName: 'my-duration-cookie-policy',
        PolicyTypeName: 'LBCookieStickinessPolicyType',
        PolicyAttributeDescriptions: [{ AttributeName: 'CookieExpirationPeriod', AttributeValue: '60' }],
      },
    ]);
  });

  it('creates proxy protocol and back-end authentication policies for back-end ports', async () => {
    await createLoadBalancer('my-loadbalancer', [{ Protocol: 'TCP', LoadBalancerPort: 80, InstanceProtocol: 'TCP', InstancePort: 80 }]);
    await elb.send(
      new CreateLoadBalancerPolicyCommand({
        LoadBalancerName: 'my-loadbalancer',
        PolicyName: 'my-ProxyProtocol-policy',
        PolicyTypeName: 'ProxyProtocolPolicyType',
        PolicyAttributes: [{ AttributeName: 'ProxyProtocol', AttributeValue: 'true' }],
      }),
    );
    await elb.send(new SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: 'my-loadbalancer', InstancePort: 80, PolicyNames: ['my-ProxyProtocol-policy'] }));
    const description = await describe1();
    expect(description.BackendServerDescriptions).toEqual([{ InstancePort: 80, PolicyNames: ['my-ProxyProtocol-policy'] }]);
    expect(description.Policies!.OtherPolicies).toEqual(['my-ProxyProtocol-policy']);
    await expectRefused(
      () => elb.send(new DeleteLoadBalancerPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'my-ProxyProtocol-policy' })),
      'InvalidConfigurationRequest',
      'You cannot delete policy [my-ProxyProtocol-policy] since it is enabled or referred by other enabled policy.',
      409,
    );
    await elb.send(new SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: 'my-loadbalancer', InstancePort: 80, PolicyNames: [] }));
    await elb.send(new DeleteLoadBalancerPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'my-ProxyProtocol-policy' }));
    await elb.send(new DeleteLoadBalancerPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'my-ProxyProtocol-policy' }));
    expect((await describe1()).Policies).toEqual({ AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: [] });
  });

  it('answers AWS errors for unknown listeners, policies, types and attributes, misplaced and duplicate policies', async () => {
    await createLoadBalancer('my-loadbalancer', [HTTP_80, { Protocol: 'TCP', LoadBalancerPort: 22, InstanceProtocol: 'TCP', InstancePort: 22 }]);
    await elb.send(new CreateLBCookieStickinessPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'sticky' }));
    const setListener = (port: number, names: string[]) => () =>
      elb.send(new SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: 'my-loadbalancer', LoadBalancerPort: port, PolicyNames: names }));
    await expectRefused(setListener(443, ['sticky']), 'ListenerNotFound', 'There is no listener on port 443 for load balancer my-loadbalancer');
    await expectRefused(setListener(80, ['nope']), 'PolicyNotFound', 'There is no policy with name nope for load balancer my-loadbalancer');
    await expectRefused(setListener(22, ['sticky']), 'InvalidConfigurationRequest', 'sticky cannot be enabled', 409);
    await expectRefused(
      () => elb.send(new CreateLoadBalancerPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'p', PolicyTypeName: 'NoSuchPolicyType' })),
      'PolicyTypeNotFound',
      'There is no policy type with name NoSuchPolicyType',
    );
    await expectRefused(
      () =>
        elb.send(
          new CreateLoadBalancerPolicyCommand({
            LoadBalancerName: 'my-loadbalancer',
            PolicyName: 'p',
            PolicyTypeName: 'ProxyProtocolPolicyType',
            PolicyAttributes: [{ AttributeName: 'Nope', AttributeValue: 'true' }],
          }),
        ),
      'InvalidConfigurationRequest',
      'Attribute Nope is not valid for policy type ProxyProtocolPolicyType',
      409,
    );
    await expectRefused(
      () => elb.send(new CreateAppCookieStickinessPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'sticky', CookieName: 'c' })),
      'DuplicatePolicyName',
      'Policy named sticky already exists for load balancer my-loadbalancer',
    );
    await expectRefused(
      () => elb.send(new CreateAppCookieStickinessPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'bad_name', CookieName: 'c' })),
      'ValidationError',
      'Policy name cannot contain characters that are not letters, or digits or the dash.',
    );
    await setListener(80, ['sticky'])();
    await expectRefused(
      () => elb.send(new DeleteLoadBalancerPolicyCommand({ LoadBalancerName: 'my-loadbalancer', PolicyName: 'sticky' })),
      'InvalidConfigurationRequest',
      'You cannot delete policy [sticky] since it is enabled or referred by other enabled policy.',
      409,
    );
  });

  it('lists the predefined sample policies without a load balancer and every policy type', async () => {
    const { PolicyDescriptions } = await elb.send(new DescribeLoadBalancerPoliciesCommand({}));
    expect(PolicyDescriptions!.map((policy) => policy.PolicyName)).toEqual([
      'ELBSecurityPolicy-2016-08',
      'ELBSecurityPolicy-TLS-1-2-2017-01',
      'ELBSecurityPolicy-TLS-1-1-2017-01',
      'ELBSecurityPolicy-2015-05',
      'ELBSecurityPolicy-2015-03',
      'ELBSecurityPolicy-2015-02',
      'ELBSecurityPolicy-2014-10',
      'ELBSecurityPolicy-2014-01',
      'ELBSecurityPolicy-2011-08',
      'ELBSample-ELBDefaultCipherPolicy',
      'ELBSample-OpenSSLDefaultCipherPolicy',
    ]);
    const { PolicyTypeDescriptions } = await elb.send(new DescribeLoadBalancerPolicyTypesCommand({ PolicyTypeNames: ['LBCookieStickinessPolicyType'] }));
    expect(PolicyTypeDescriptions).toEqual([
      {
        PolicyTypeName: 'LBCookieStickinessPolicyType',
        Description:
          'Stickiness policy with session lifetimes controlled by the browser (user-agent) or a specified expiration period. This policy can be associated only with HTTP/HTTPS listeners.',
        PolicyAttributeTypeDescriptions: [{ AttributeName: 'CookieExpirationPeriod', AttributeType: 'Long', Cardinality: 'ZERO_OR_ONE' }],
      },
    ]);
    const all = await elb.send(new DescribeLoadBalancerPolicyTypesCommand({}));
    expect(all.PolicyTypeDescriptions!.map((type) => type.PolicyTypeName)).toEqual([
      'ProxyProtocolPolicyType',
      'PublicKeyPolicyType',
      'AppCookieStickinessPolicyType',
      'LBCookieStickinessPolicyType',
      'SSLNegotiationPolicyType',
      'BackendServerAuthenticationPolicyType',
    ]);
    await expect(elb.send(new DescribeLoadBalancerPolicyTypesCommand({ PolicyTypeNames: ['Nope'] }))).rejects.toMatchObject({
      Code: 'PolicyTypeNotFound',
      message: 'There is no policy type with name Nope',
    });
  });
});

describe('classic scope and quotas', () => {
  it('keeps load balancers apart by region and by account', async () => {
    await createLoadBalancer();
    const clientFor = (region: string, accessKeyId: string) =>
      new ElasticLoadBalancingClient({ endpoint: harness.elbow.endpoint, region, credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });
    for (const client of [clientFor('eu-west-1', harness.elbow.credentials.accessKeyId), clientFor('us-east-1', '210987654321')]) {
      try {
        expect((await client.send(new DescribeLoadBalancersCommand({}))).LoadBalancerDescriptions).toEqual([]);
        await expect(client.send(new DescribeLoadBalancersCommand({ LoadBalancerNames: ['my-loadbalancer'] }))).rejects.toMatchObject({
          Code: 'LoadBalancerNotFound',
          message: "There is no ACTIVE Load Balancer named 'my-loadbalancer'",
        });
      } finally {
        client.destroy();
      }
    }
  });

  it('takes tags at creation, refuses repeated keys and a repeat with other tags', async () => {
    await elb.send(
      new CreateLoadBalancerCommand({ LoadBalancerName: 'tagged', Listeners: [HTTP_80], Subnets: [subnetIds[0]!], Tags: [{ Key: 'env', Value: 'test' }] }),
    );
    expect((await elb.send(new DescribeTagsCommand({ LoadBalancerNames: ['tagged'] }))).TagDescriptions).toEqual([
      { LoadBalancerName: 'tagged', Tags: [{ Key: 'env', Value: 'test' }] },
    ]);
    await expectRefused(
      () => elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: 'tagged', Listeners: [HTTP_80], Subnets: [subnetIds[0]!], Tags: [{ Key: 'env', Value: 'prod' }] })),
      'DuplicateLoadBalancerName',
      'Load Balancer named tagged already exists and it is configured with different tags.',
    );
    await expectRefused(
      () => elb.send(new CreateLoadBalancerCommand({ LoadBalancerName: 'other', Listeners: [HTTP_80], Subnets: [subnetIds[0]!], Tags: [{ Key: 'a' }, { Key: 'a' }] })),
      'DuplicateTagKeys',
      'Tag key was specified more than once: a',
    );
  });

  it('allows 20 load balancers per region', async () => {
    for (let index = 1; index <= 20; index += 1) await createLoadBalancer(`lb-${index}`, [HTTP_80]);
    await expectRefused(() => createLoadBalancer('lb-21', [HTTP_80]), 'TooManyLoadBalancers', `Exceeded quota of account ${harness.elbow.accountId}`);
  });

  it('answers PolicyNotFound for an unknown sample policy', async () => {
    await expect(elb.send(new DescribeLoadBalancerPoliciesCommand({ PolicyNames: ['nope'] }))).rejects.toMatchObject({
      Code: 'PolicyNotFound',
      message: 'There is no policy with name nope for load balancer',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('classic tags and account limits', () => {
  it('adds, overwrites, describes and removes tags, with at most ten', async () => {
    await createLoadBalancer();
    await elb.send(new AddTagsCommand({ LoadBalancerNames: ['my-loadbalancer'], Tags: [{ Key: 'project', Value: 'lima' }, { Key: 'team', Value: 'a' }] }));
    await elb.send(new AddTagsCommand({ LoadBalancerNames: ['my-loadbalancer'], Tags: [{ Key: 'team', Value: 'b' }] }));
    expect((await elb.send(new DescribeTagsCommand({ LoadBalancerNames: ['my-loadbalancer'] }))).TagDescriptions).toEqual([
      { LoadBalancerName: 'my-loadbalancer', Tags: [{ Key: 'project', Value: 'lima' }, { Key: 'team', Value: 'b' }] },
    ]);
    await elb.send(new RemoveTagsCommand({ LoadBalancerNames: ['my-loadbalancer'], Tags: [{ Key: 'project' }] }));
    expect((await elb.send(new DescribeTagsCommand({ LoadBalancerNames: ['my-loadbalancer'] }))).TagDescriptions![0]!.Tags).toEqual([{ Key: 'team', Value: 'b' }]);
    const many = Array.from({ length: 10 }, (_, index) => ({ Key: `k${index}`, Value: 'v' }));
    await expect(elb.send(new AddTagsCommand({ LoadBalancerNames: ['my-loadbalancer'], Tags: many }))).rejects.toMatchObject({
      Code: 'TooManyTags',
      message: "You've reached the limit on the number of tags for this resource.",
    });
    await expect(elb.send(new DescribeTagsCommand({ LoadBalancerNames: ['absent'] }))).rejects.toMatchObject({
      Code: 'LoadBalancerNotFound',
      message: "There is no ACTIVE Load Balancer named 'absent'",
    });
    expect((await elb.send(new DescribeTagsCommand({ LoadBalancerNames: ['my-loadbalancer'] }))).TagDescriptions![0]!.Tags).toEqual([{ Key: 'team', Value: 'b' }]);
  });

  it('describes the account limits as the aws-cli example prints them', async () => {
    expect((await elb.send(new DescribeAccountLimitsCommand({}))).Limits).toEqual([
      { Name: 'classic-load-balancers', Max: '20' },
      { Name: 'classic-listeners', Max: '100' },
      { Name: 'classic-registered-instances', Max: '1000' },
    ]);
  });
});

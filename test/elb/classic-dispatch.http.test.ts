import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELBV2_VERSION, formBody, parseErrorXml, startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc } from '../support/default-vpc.js';

// Raw Query requests, as a hand-rolled client sends them. The nine action names both APIs share
// (DescribeLoadBalancers, CreateLoadBalancer, ...) are told apart by Version (query-protocol.md);
// classic answers use the 2012-06-01 namespace, and InvalidConfigurationRequest is 409 in the
// classic model (classic-elb.md §1).
const CLASSIC_VERSION = '2012-06-01';
const CLASSIC_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/';

let harness: ElbowUnderTest;
let subnetId: string;
beforeAll(async () => {
  harness = await startElbowUnderTest();
  subnetId = (await defaultVpc(harness.elbow)).subnetIds[0]!;
});
afterAll(async () => {
  await harness?.stop();
});

describe('classic requests on the shared endpoint', () => {
  it('dispatches a shared action name on Version: classic and elbv2 each see only their own load balancers', async () => {
    const created = await harness.post(
      formBody({
        Action: 'CreateLoadBalancer',
        Version: CLASSIC_VERSION,
        LoadBalancerName: 'classic-one',
        'Listeners.member.1.Protocol': 'HTTP',
        'Listeners.member.1.LoadBalancerPort': '80',
        'Listeners.member.1.InstancePort': '80',
        'Subnets.member.1': subnetId,
      }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toContain(`<CreateLoadBalancerResponse xmlns="${CLASSIC_NAMESPACE}">`);
    expect(created.body).toMatch(/<DNSName>classic-one-\d{9,10}\.us-east-1\.elb\.amazonaws\.com<\/DNSName>/);

    const classic = await harness.post(formBody({ Action: 'DescribeLoadBalancers', Version: CLASSIC_VERSION }));
    expect(classic.status).toBe(200);
    expect(classic.body).toContain(`<DescribeLoadBalancersResponse xmlns="${CLASSIC_NAMESPACE}">`);
    expect(classic.body).toContain('<LoadBalancerName>classic-one</LoadBalancerName>');
    expect(classic.body).toContain('<AppCookieStickinessPolicies/>');

    const v2 = await harness.post(formBody({ Action: 'DescribeLoadBalancers', Version: ELBV2_VERSION }));
    expect(v2.status).toBe(200);
    expect(v2.body).not.toContain('classic-one');
  });

  it('answers InvalidConfigurationRequest with status 409 and Type Sender', async () => {
    await harness.post(
      formBody({
        Action: 'CreateLoadBalancer',
        Version: CLASSIC_VERSION,
        LoadBalancerName: 'tcp-one',
        'Listeners.member.1.Protocol': 'TCP',
        'Listeners.member.1.LoadBalancerPort': '22',
        'Listeners.member.1.InstancePort': '22',
        'Subnets.member.1': subnetId,
      }),
    );
    await harness.post(formBody({ Action: 'CreateLBCookieStickinessPolicy', Version: CLASSIC_VERSION, LoadBalancerName: 'tcp-one', PolicyName: 'sticky' }));
    const refused = await harness.post(
      formBody({
        Action: 'SetLoadBalancerPoliciesOfListener',
        Version: CLASSIC_VERSION,
        LoadBalancerName: 'tcp-one',
        LoadBalancerPort: '22',
        'PolicyNames.member.1': 'sticky',
      }),
    );
    expect(refused.status).toBe(409);
    expect(parseErrorXml(refused.body)).toMatchObject({ type: 'Sender', code: 'InvalidConfigurationRequest', message: 'sticky cannot be enabled' });
  });

  it('answers a missing required member with the model validation message', async () => {
    const refused = await harness.post(formBody({ Action: 'DescribeInstanceHealth', Version: CLASSIC_VERSION }));
    expect(refused.status).toBe(400);
    expect(parseErrorXml(refused.body)).toMatchObject({
      type: 'Sender',
      code: 'ValidationError',
      message: "1 validation error detected: Value null at 'loadBalancerName' failed to satisfy constraint: Member must not be null",
    });
  });
});

import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeListenerAttributesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ec2ClientFor, type ElbowEndpoint } from '../support/default-vpc.js';

/**
 * Everything a user can read back about elbow's load balancing state, as Describe* answers it
 * (SDK v3, metadata stripped): load balancers, attributes, tags, listeners, rules, target groups,
 * registered targets (without their health, and load balancers without their State: both move
 * on their own), instances, classic load
 * balancers with attributes, policies and tags. Two equal dumps mean the same state.
 */
export async function describeState(elbow: ElbowEndpoint, region = elbow.region ?? 'us-east-1'): Promise<Record<string, unknown>> {
  const config = { endpoint: elbow.endpoint, region, credentials: elbow.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const elb = new ElasticLoadBalancingClient(config);
  const ec2 = ec2ClientFor(elbow, region);
  const strip = <T extends { $metadata?: unknown }>(output: T): Omit<T, '$metadata'> => {
    const rest = { ...output };
    delete rest.$metadata;
    return rest;
  };
  try {
    const loadBalancers = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    const targetGroups = (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
    const elbv2State = [];
    for (const loadBalancer of loadBalancers) {
      const arn = loadBalancer.LoadBalancerArn ?? '';
      const listeners = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn }))).Listeners ?? [];
      const listenerStates = [];
      for (const listener of listeners) {
        const listenerArn = listener.ListenerArn ?? '';
        listenerStates.push({
          listener,
          attributes: strip(await elbv2.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn }))),
          rules: strip(await elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))),
        });
      }
      const described = { ...loadBalancer };
      delete described.State;
      elbv2State.push({ loadBalancer: described, attributes: strip(await elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))), listeners: listenerStates });
    }
    const targetGroupStates = [];
    for (const targetGroup of targetGroups) {
      const arn = targetGroup.TargetGroupArn ?? '';
      const health = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
      targetGroupStates.push({
        targetGroup,
        attributes: strip(await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))),
        targets: (health.TargetHealthDescriptions ?? []).map((description) => description.Target),
      });
    }
    const arns = [...loadBalancers.map((lb) => lb.LoadBalancerArn ?? ''), ...targetGroups.map((group) => group.TargetGroupArn ?? '')];
    const tags = arns.length === 0 ? [] : ((await elbv2.send(new DescribeTagsCommand({ ResourceArns: arns }))).TagDescriptions ?? []);
    const classic = (await elb.send(new DescribeClassicLoadBalancersCommand({}))).LoadBalancerDescriptions ?? [];
    const classicStates = [];
    for (const description of classic) {
      const name = description.LoadBalancerName ?? '';
      classicStates.push({
        description,
        attributes: strip(await elb.send(new DescribeClassicAttributesCommand({ LoadBalancerName: name }))),
        policies: strip(await elb.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: name }))),
        tags: strip(await elb.send(new DescribeClassicTagsCommand({ LoadBalancerNames: [name] }))),
      });
    }
    const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
    const instances = reservations.flatMap((reservation) => reservation.Instances ?? []).map(({ InstanceId, Tags, Placement, State }) => ({ InstanceId, Tags, Placement, State: State?.Name }));
    return { loadBalancers: elbv2State, targetGroups: targetGroupStates, tags, classic: classicStates, instances };
  } finally {
    elbv2.destroy();
    elb.destroy();
    ec2.destroy();
  }
}

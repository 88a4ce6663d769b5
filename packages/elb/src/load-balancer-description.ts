import type { elb } from '@elbow/api-models';
import type { Scope } from './handler-types.js';
import type { ElbDeps } from './elb-deps.js';
import { classicHostedZoneId } from './dns-name.js';
import { listenerOutput } from './listener-rules.js';
import type { ClassicLoadBalancer } from './load-balancer-repository.js';
import type { PolicyRecord } from './policy-types.js';

/**
 * `Policies` as DescribeLoadBalancers prints it (aws-cli `describe-load-balancers.rst`): the two
 * stickiness kinds with their one attribute, every other policy by name, each list present even
 * when empty. Every policy of the load balancer is listed, enabled or not (inferred from the model,
 * unverified; classic-elb.md §2).
 */
export function policiesOutput(policies: readonly PolicyRecord[]): elb.Policies {
  const attribute = (policy: PolicyRecord, name: string) => policy.attributes.find((candidate) => candidate.name === name)?.value;
  const app: elb.AppCookieStickinessPolicy[] = [];
  const lb: elb.LBCookieStickinessPolicy[] = [];
  const other: string[] = [];
  for (const policy of policies) {
    if (policy.policyTypeName === 'AppCookieStickinessPolicyType') {
      app.push({ PolicyName: policy.policyName, CookieName: attribute(policy, 'CookieName') ?? '' });
    } else if (policy.policyTypeName === 'LBCookieStickinessPolicyType') {
      const period = attribute(policy, 'CookieExpirationPeriod');
      lb.push({ PolicyName: policy.policyName, ...(period === undefined ? {} : { CookieExpirationPeriod: Number(period) }) });
    } else {
      other.push(policy.policyName);
    }
  }
  return { AppCookieStickinessPolicies: app, LBCookieStickinessPolicies: lb, OtherPolicies: other };
}

export function describeLoadBalancer(deps: ElbDeps, scope: Scope, loadBalancer: ClassicLoadBalancer): elb.LoadBalancerDescription {
  const name = loadBalancer.name;
  const zones = deps.loadBalancers.zones(scope, name);
  const securityGroups = deps.loadBalancers.securityGroups(scope, name);
  const listenerPolicies = deps.policies.listenerPolicies(scope, name);
  const backendPolicies = deps.policies.backendPolicies(scope, name);
  const firstGroup = securityGroups[0] === undefined ? undefined : deps.ec2.findSecurityGroups(scope, [securityGroups[0]])[0];
  const zoneId = classicHostedZoneId(scope.region);
  return {
    LoadBalancerName: name,
    DNSName: loadBalancer.dnsName,
    CanonicalHostedZoneName: loadBalancer.dnsName,
    ...(zoneId === undefined ? {} : { CanonicalHostedZoneNameID: zoneId }),
    ListenerDescriptions: deps.loadBalancers.listeners(scope, name).map((listener) => ({
      Listener: listenerOutput(listener),
      PolicyNames: listenerPolicies.get(listener.loadBalancerPort) ?? [],
    })),
    Policies: policiesOutput(deps.policies.list(scope, name)),
    BackendServerDescriptions: [...backendPolicies].map(([port, names]) => ({ InstancePort: port, PolicyNames: names })),
    AvailabilityZones: zones.map((zone) => zone.availabilityZone),
    Subnets: zones.flatMap((zone) => (zone.subnetId === undefined ? [] : [zone.subnetId])),
    ...(loadBalancer.vpcId === undefined ? {} : { VPCId: loadBalancer.vpcId }),
    Instances: deps.loadBalancers.instances(scope, name).map((instance) => ({ InstanceId: instance.instanceId })),
    HealthCheck: loadBalancer.healthCheck,
    // In a VPC the source group is the load balancer's own group, owned by the account (aws-cli example).
    SourceSecurityGroup: { OwnerAlias: scope.accountId, GroupName: firstGroup?.groupName ?? 'default' },
    SecurityGroups: securityGroups,
    CreatedTime: new Date(loadBalancer.createdAt),
    Scheme: loadBalancer.scheme,
  };
}

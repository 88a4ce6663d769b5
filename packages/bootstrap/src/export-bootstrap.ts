import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
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
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { elbv2 } from '@elbow/api-models';
import { HOST_TAG_KEY } from '@elbow/ec2';
import { fromAwsAction, fromAwsCondition } from './action-forms.js';
import { awsCall } from './aws-call.js';
import type {
  BootstrapClassicLoadBalancer,
  BootstrapDocument,
  BootstrapInstance,
  BootstrapListener,
  BootstrapLoadBalancer,
  BootstrapTag,
  BootstrapTargetGroup,
} from './bootstrap-document.js';
import { classicListenerMember, compact, keyValues, tagsOf, targetGroupMember } from './describe-forms.js';
import { createElbowClients, type ElbowClients, type ElbowTarget } from './elbow-clients.js';

const SOURCE = 'export';

/** Pages of a Marker-paginated elbv2/elb Describe call, concatenated. */
async function allPages<P, T>(first: (marker: string | undefined) => Promise<P>, items: (page: P) => T[] | undefined, next: (page: P) => string | undefined): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const page = await first(marker);
    all.push(...(items(page) ?? []));
    marker = next(page);
  } while (marker);
  return all;
}

/**
 * `elbow export`: reads elbow's state through Describe* calls and writes it as a bootstrap
 * document that, applied to an empty elbow, recreates it. Portable references: the default
 * VPC is left implicit, a default subnet is written as its Availability Zone name, the default
 * security group is left out, and instances are referred to by Name tag (their id otherwise).
 */
export async function exportBootstrapDocument(target: ElbowTarget): Promise<BootstrapDocument> {
  const clients = createElbowClients(target);
  try {
    return await new StateExporter(clients, target).export();
  } finally {
    clients.destroy();
  }
}

class StateExporter {
  private defaultVpcId: string | undefined;
  private readonly defaultSubnetZones = new Map<string, string>();
  private readonly defaultGroupIds = new Set<string>();
  private readonly instanceNames = new Map<string, string>();
  private readonly targetGroupNames = new Map<string, string>();

  constructor(
    private readonly clients: ElbowClients,
    private readonly target: ElbowTarget,
  ) {}

  private call<T>(resource: string, operation: string, send: () => Promise<T>): Promise<T> {
    return awsCall(SOURCE, resource, operation, send);
  }

  async export(): Promise<BootstrapDocument> {
    await this.readNetwork();
    const instances = await this.exportInstances();
    const targetGroups = await this.exportTargetGroups();
    const loadBalancers = await this.exportLoadBalancers();
    const classic = await this.exportClassicLoadBalancers();
    return compact({
      Region: this.target.region,
      ...(this.target.accountId ? { AccountId: this.target.accountId } : {}),
      Instances: instances,
      TargetGroups: targetGroups,
      LoadBalancers: loadBalancers,
      ClassicLoadBalancers: classic,
    });
  }

  private async readNetwork(): Promise<void> {
    const { Vpcs } = await this.call('default VPC', 'DescribeVpcs', () => this.clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] })));
    this.defaultVpcId = Vpcs?.[0]?.VpcId;
    if (!this.defaultVpcId) return;
    const vpcFilter = [{ Name: 'vpc-id', Values: [this.defaultVpcId] }];
    const { Subnets } = await this.call('default VPC', 'DescribeSubnets', () => this.clients.ec2.send(new DescribeSubnetsCommand({ Filters: [...vpcFilter, { Name: 'default-for-az', Values: ['true'] }] })));
    for (const subnet of Subnets ?? []) this.defaultSubnetZones.set(subnet.SubnetId ?? '', subnet.AvailabilityZone ?? '');
    const { SecurityGroups } = await this.call('default VPC', 'DescribeSecurityGroups', () =>
      this.clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [...vpcFilter, { Name: 'group-name', Values: ['default'] }] })),
    );
    for (const group of SecurityGroups ?? []) this.defaultGroupIds.add(group.GroupId ?? '');
  }

  /** Subnets as the document writes them: zone names when all are default subnets, else ids. */
  private subnetsOf(subnetIds: readonly string[]): string[] {
    const zones = subnetIds.map((id) => this.defaultSubnetZones.get(id));
    return zones.every((zone) => zone !== undefined) ? (zones as string[]) : [...subnetIds];
  }

  private securityGroupsOf(groupIds: readonly string[] | undefined): string[] | undefined {
    const groups = groupIds ?? [];
    return groups.every((id) => this.defaultGroupIds.has(id)) ? undefined : [...groups];
  }

  private async exportInstances(): Promise<BootstrapInstance[]> {
    const { Reservations } = await this.call('Instances', 'DescribeInstances', () =>
      this.clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }] })),
    );
    const instances = (Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
    return instances.map((instance) => {
      const tags = instance.Tags ?? [];
      const name = tags.find((tag) => tag.Key === 'Name')?.Value ?? instance.InstanceId ?? '';
      this.instanceNames.set(instance.InstanceId ?? '', name);
      return compact({
        Name: name,
        Host: tags.find((tag) => tag.Key === HOST_TAG_KEY)?.Value,
        AvailabilityZone: instance.Placement?.AvailabilityZone,
        InstanceType: instance.InstanceType,
        Tags: tagsOf(tags.filter((tag) => tag.Key !== 'Name' && tag.Key !== HOST_TAG_KEY)),
      });
    });
  }

  private async tagsByArn(arns: readonly string[]): Promise<Map<string, BootstrapTag[]>> {
    const tags = new Map<string, BootstrapTag[]>();
    // DescribeTags takes at most 20 ARNs (model: ResourceArns max 20).
    for (let index = 0; index < arns.length; index += 20) {
      const batch = arns.slice(index, index + 20);
      const { TagDescriptions } = await this.call('tags', 'DescribeTags', () => this.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: batch })));
      for (const description of TagDescriptions ?? []) tags.set(description.ResourceArn ?? '', tagsOf(description.Tags));
    }
    return tags;
  }

  private async exportTargetGroups(): Promise<BootstrapTargetGroup[]> {
    const groups = await allPages(
      (Marker) => this.call('TargetGroups', 'DescribeTargetGroups', () => this.clients.elbv2.send(new DescribeTargetGroupsCommand({ ...(Marker ? { Marker } : {}) }))),
      (page) => page.TargetGroups,
      (page) => page.NextMarker,
    );
    for (const group of groups) this.targetGroupNames.set(group.TargetGroupArn ?? '', group.TargetGroupName ?? '');
    const tags = await this.tagsByArn(groups.map((group) => group.TargetGroupArn ?? ''));
    const result: BootstrapTargetGroup[] = [];
    for (const group of groups) {
      const arn = group.TargetGroupArn ?? '';
      const resource = `TargetGroups/${group.TargetGroupName}`;
      const { Attributes } = await this.call(resource, 'DescribeTargetGroupAttributes', () => this.clients.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn })));
      const { TargetHealthDescriptions } = await this.call(resource, 'DescribeTargetHealth', () => this.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })));
      const targets = (TargetHealthDescriptions ?? [])
        .filter((description) => description.TargetHealth?.State !== 'draining')
        .map((description) => {
          const id = description.Target?.Id ?? '';
          const instanceName = group.TargetType === 'instance' ? this.instanceNames.get(id) : undefined;
          return compact({
            ...(instanceName !== undefined ? { InstanceName: instanceName } : { Id: id }),
            Port: description.Target?.Port,
            AvailabilityZone: description.Target?.AvailabilityZone,
          });
        });
      result.push(
        compact({
          ...targetGroupMember(group),
          VpcId: group.VpcId === this.defaultVpcId ? undefined : group.VpcId,
          Tags: tags.get(arn),
          Attributes: keyValues(Attributes),
          Targets: targets,
        } as BootstrapTargetGroup),
      );
    }
    return result;
  }

  private nameOf = (arn: string): string => this.targetGroupNames.get(arn) ?? arn;

  private async exportLoadBalancers(): Promise<BootstrapLoadBalancer[]> {
    const loadBalancers = await allPages(
      (Marker) => this.call('LoadBalancers', 'DescribeLoadBalancers', () => this.clients.elbv2.send(new DescribeLoadBalancersCommand({ ...(Marker ? { Marker } : {}) }))),
      (page) => page.LoadBalancers,
      (page) => page.NextMarker,
    );
    const tags = await this.tagsByArn(loadBalancers.map((loadBalancer) => loadBalancer.LoadBalancerArn ?? ''));
    const result: BootstrapLoadBalancer[] = [];
    for (const loadBalancer of loadBalancers) {
      const arn = loadBalancer.LoadBalancerArn ?? '';
      const resource = `LoadBalancers/${loadBalancer.LoadBalancerName}`;
      const { Attributes } = await this.call(resource, 'DescribeLoadBalancerAttributes', () => this.clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })));
      const listeners = await allPages(
        (Marker) => this.call(resource, 'DescribeListeners', () => this.clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn, ...(Marker ? { Marker } : {}) }))),
        (page) => page.Listeners,
        (page) => page.NextMarker,
      );
      const listenerTags = await this.tagsByArn(listeners.map((listener) => listener.ListenerArn ?? ''));
      const exportedListeners: BootstrapListener[] = [];
      for (const listener of listeners) {
        const listenerArn = listener.ListenerArn ?? '';
        const listenerResource = `${resource} Listeners/${listener.Port}`;
        const { Attributes: listenerAttributes } = await this.call(listenerResource, 'DescribeListenerAttributes', () =>
          this.clients.elbv2.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn })),
        );
        const rules = await allPages<{ Rules?: Rule[]; NextMarker?: string }, Rule>(
          (Marker) => this.call(listenerResource, 'DescribeRules', () => this.clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn, ...(Marker ? { Marker } : {}) }))),
          (page) => page.Rules,
          (page) => page.NextMarker,
        );
        const nonDefault = rules.filter((rule) => rule.IsDefault !== true);
        const ruleTags = await this.tagsByArn(nonDefault.map((rule) => rule.RuleArn ?? ''));
        const mutualAuthentication = listener.MutualAuthentication;
        exportedListeners.push(
          compact({
            Port: listener.Port ?? 0,
            Protocol: listener.Protocol,
            SslPolicy: listener.SslPolicy,
            Certificates: listener.Certificates?.map((certificate) => compact({ CertificateArn: certificate.CertificateArn ?? '', IsDefault: certificate.IsDefault })),
            AlpnPolicy: listener.AlpnPolicy,
            MutualAuthentication:
              mutualAuthentication === undefined || mutualAuthentication.Mode === 'off'
                ? undefined
                : compact({ Mode: mutualAuthentication.Mode, TrustStoreArn: mutualAuthentication.TrustStoreArn, IgnoreClientCertificateExpiry: mutualAuthentication.IgnoreClientCertificateExpiry }),
            DefaultActions: (listener.DefaultActions ?? []).map((action) => fromAwsAction(action as elbv2.Action, this.nameOf)),
            Attributes: keyValues(listenerAttributes),
            Tags: listenerTags.get(listenerArn),
            Rules: nonDefault
              .map((rule) =>
                compact({
                  Priority: Number(rule.Priority),
                  Conditions: (rule.Conditions ?? []).map((condition) => fromAwsCondition(condition as elbv2.RuleCondition)),
                  Actions: (rule.Actions ?? []).map((action) => fromAwsAction(action as elbv2.Action, this.nameOf)),
                  Transforms: rule.Transforms as elbv2.RuleTransform[] | undefined,
                  Tags: ruleTags.get(rule.RuleArn ?? ''),
                }),
              )
              .sort((a, b) => a.Priority - b.Priority),
          } as BootstrapListener),
        );
      }
      const subnetIds = (loadBalancer.AvailabilityZones ?? []).map((zone) => zone.SubnetId ?? '');
      result.push(
        compact({
          Name: loadBalancer.LoadBalancerName ?? '',
          Type: loadBalancer.Type,
          Scheme: loadBalancer.Scheme,
          IpAddressType: loadBalancer.IpAddressType,
          Subnets: this.subnetsOf(subnetIds),
          SecurityGroups: this.securityGroupsOf(loadBalancer.SecurityGroups),
          Tags: tags.get(arn),
          Attributes: keyValues(Attributes),
          Listeners: exportedListeners.sort((a, b) => a.Port - b.Port),
        } as BootstrapLoadBalancer),
      );
    }
    return result;
  }

  private async exportClassicLoadBalancers(): Promise<BootstrapClassicLoadBalancer[]> {
    const descriptions = await allPages(
      (Marker) => this.call('ClassicLoadBalancers', 'DescribeLoadBalancers', () => this.clients.elb.send(new DescribeClassicLoadBalancersCommand({ ...(Marker ? { Marker } : {}) }))),
      (page) => page.LoadBalancerDescriptions,
      (page) => page.NextMarker,
    );
    const result: BootstrapClassicLoadBalancer[] = [];
    for (const description of descriptions) {
      const name = description.LoadBalancerName ?? '';
      const resource = `ClassicLoadBalancers/${name}`;
      const { LoadBalancerAttributes } = await this.call(resource, 'DescribeLoadBalancerAttributes', () => this.clients.elb.send(new DescribeClassicAttributesCommand({ LoadBalancerName: name })));
      const { PolicyDescriptions } = await this.call(resource, 'DescribeLoadBalancerPolicies', () => this.clients.elb.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: name })));
      const { TagDescriptions } = await this.call(resource, 'DescribeTags', () => this.clients.elb.send(new DescribeClassicTagsCommand({ LoadBalancerNames: [name] })));
      const subnets = description.Subnets ?? [];
      // In the default VPC's default subnets (or placed by zone), zones are the portable form.
      const isByZone = subnets.every((id) => this.defaultSubnetZones.has(id));
      result.push(
        compact({
          LoadBalancerName: name,
          Listeners: (description.ListenerDescriptions ?? []).map((listenerDescription) => classicListenerMember(listenerDescription)),
          ...(isByZone ? { AvailabilityZones: description.AvailabilityZones } : { Subnets: subnets }),
          SecurityGroups: this.securityGroupsOf(description.SecurityGroups),
          Scheme: description.Scheme,
          Tags: tagsOf(TagDescriptions?.[0]?.Tags),
          HealthCheck: description.HealthCheck as BootstrapClassicLoadBalancer['HealthCheck'],
          LoadBalancerAttributes: LoadBalancerAttributes as BootstrapClassicLoadBalancer['LoadBalancerAttributes'],
          Policies: (PolicyDescriptions ?? []).map((policy) =>
            compact({
              PolicyName: policy.PolicyName ?? '',
              PolicyTypeName: policy.PolicyTypeName ?? '',
              PolicyAttributes: (policy.PolicyAttributeDescriptions ?? []).map((attribute) => ({ AttributeName: attribute.AttributeName ?? '', AttributeValue: attribute.AttributeValue ?? '' })),
            }),
          ),
          BackendServerPolicies: (description.BackendServerDescriptions ?? [])
            .filter((backend) => (backend.PolicyNames ?? []).length > 0)
            .map((backend) => ({ InstancePort: backend.InstancePort ?? 0, PolicyNames: backend.PolicyNames ?? [] })),
          Instances: (description.Instances ?? []).map((instance) => ({ InstanceName: this.instanceNames.get(instance.InstanceId ?? '') ?? instance.InstanceId ?? '' })),
        } as BootstrapClassicLoadBalancer),
      );
    }
    return result;
  }
}

import { CreateTagsCommand, DescribeInstancesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { Instance } from '@aws-sdk/client-ec2';
import {
  AddTagsCommand as AddClassicTagsCommand,
  ConfigureHealthCheckCommand,
  CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand,
  CreateLoadBalancerListenersCommand,
  CreateLoadBalancerPolicyCommand,
  DescribeLoadBalancerAttributesCommand as DescribeClassicAttributesCommand,
  DescribeLoadBalancerPoliciesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
  ModifyLoadBalancerAttributesCommand as ModifyClassicAttributesCommand,
  RegisterInstancesWithLoadBalancerCommand,
  SetLoadBalancerPoliciesForBackendServerCommand,
  SetLoadBalancerPoliciesOfListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenerAttributesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerAttributesCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Listener, LoadBalancer, Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { elbv2 } from '@elbow/api-models';
import { HOST_TAG_KEY } from '@elbow/ec2';
import { actionsKey, conditionsKey, fromAwsAction, toAwsAction } from './action-forms.js';
import { awsCall, isAwsError } from './aws-call.js';
import type {
  BootstrapClassicLoadBalancer,
  BootstrapDocument,
  BootstrapInstance,
  BootstrapListener,
  BootstrapLoadBalancer,
  BootstrapTag,
  BootstrapTargetGroup,
} from './bootstrap-document.js';
import { BootstrapError } from './bootstrap-error.js';
import { changedEntries, changedTags, pickMembers, sameNames, valueText as text } from './state-differences.js';
import { createElbowClients, type ElbowClients, type ElbowTarget } from './elbow-clients.js';

/**
 * RunInstances requires an ImageId; elbow runs no image, so bootstrap instances all name this
 * syntactically valid one (EC2 User Guide, "Resource IDs": ami- and 8 hex digits).
 */
export const BOOTSTRAP_IMAGE_ID = 'ami-00000000';

export interface ApplyOptions {
  /** Named in every error (the config file, or the import's dump files). */
  source: string;
  /** Called with one line per change made (nothing when the state already matched). */
  onChange?: (line: string) => void;
}

/**
 * Makes elbow's state hold what the documents describe, through the real control plane (SDK v3
 * calls to `target.endpoint`, so AWS's validation and errors apply). Idempotent: resources are
 * found by name first (instances by Name tag, listeners by port, rules by priority), created when
 * missing, modified only where they differ. It adds and updates; it never deletes what a document
 * does not mention (state from the API or an earlier file stays).
 */
export async function applyBootstrapDocuments(documents: readonly BootstrapDocument[], target: ElbowTarget, options: ApplyOptions): Promise<void> {
  for (const document of documents) {
    const clients = createElbowClients({
      endpoint: target.endpoint,
      region: document.Region ?? target.region,
      ...(document.AccountId ?? target.accountId ? { accountId: document.AccountId ?? target.accountId } : {}),
    });
    try {
      await new DocumentApplier(clients, document, options).apply();
    } finally {
      clients.destroy();
    }
  }
}

class DocumentApplier {
  private defaultVpc: string | undefined;
  private defaultSubnets: Array<{ subnetId: string; zone: string }> | undefined;
  private readonly instanceIds = new Map<string, string>();
  private readonly targetGroupArns = new Map<string, string>();

  constructor(
    private readonly clients: ElbowClients,
    private readonly document: BootstrapDocument,
    private readonly options: ApplyOptions,
  ) {}

  private call<T>(resource: string, operation: string, send: () => Promise<T>): Promise<T> {
    return awsCall(this.options.source, resource, operation, send);
  }

  private changed(line: string): void {
    this.options.onChange?.(line);
  }

  async apply(): Promise<void> {
    for (const instance of this.document.Instances ?? []) await this.applyInstance(instance);
    for (const targetGroup of this.document.TargetGroups ?? []) await this.applyTargetGroup(targetGroup);
    for (const loadBalancer of this.document.LoadBalancers ?? []) await this.applyLoadBalancer(loadBalancer);
    for (const classic of this.document.ClassicLoadBalancers ?? []) await this.applyClassicLoadBalancer(classic);
  }

  private async defaultVpcId(): Promise<string> {
    if (this.defaultVpc) return this.defaultVpc;
    const { Vpcs } = await this.call('default VPC', 'DescribeVpcs', () => this.clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] })));
    const vpcId = Vpcs?.[0]?.VpcId;
    if (!vpcId) throw new BootstrapError(`${this.options.source}: this account and region have no default VPC; name Subnets and VpcId explicitly`);
    this.defaultVpc = vpcId;
    return vpcId;
  }

  /** The default VPC's default subnets (every account and region has them in elbow, as in AWS). */
  private async defaultSubnetList(): Promise<Array<{ subnetId: string; zone: string }>> {
    if (this.defaultSubnets) return this.defaultSubnets;
    const vpcId = await this.defaultVpcId();
    const { Subnets } = await this.call('default VPC', 'DescribeSubnets', () =>
      this.clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'default-for-az', Values: ['true'] }] })),
    );
    this.defaultSubnets = (Subnets ?? [])
      .map((subnet) => ({ subnetId: subnet.SubnetId ?? '', zone: subnet.AvailabilityZone ?? '' }))
      .sort((a, b) => a.zone.localeCompare(b.zone));
    return this.defaultSubnets;
  }

  /** Subnet ids for a document's Subnets: ids as given, an Availability Zone name as the default subnet there; absent: every default subnet. */
  private async subnetIds(resource: string, subnets: readonly string[] | undefined): Promise<string[]> {
    const defaults = await this.defaultSubnetList();
    if (subnets === undefined) return defaults.map((subnet) => subnet.subnetId);
    return subnets.map((entry) => {
      if (entry.startsWith('subnet-')) return entry;
      const subnet = defaults.find((candidate) => candidate.zone === entry);
      if (!subnet) throw new BootstrapError(`${this.options.source}: ${resource}: '${entry}' is neither a subnet id nor a zone of the default VPC (${defaults.map((d) => d.zone).join(', ')})`);
      return subnet.subnetId;
    });
  }

  private async findInstance(name: string): Promise<Instance | undefined> {
    const { Reservations } = await this.call(`Instances/${name}`, 'DescribeInstances', () =>
      this.clients.ec2.send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'instance-state-name', Values: ['pending', 'running'] }] }),
      ),
    );
    return Reservations?.flatMap((reservation) => reservation.Instances ?? [])[0];
  }

  private async instanceIdOf(resource: string, name: string): Promise<string> {
    const known = this.instanceIds.get(name);
    if (known) return known;
    const instance = await this.findInstance(name);
    if (!instance?.InstanceId) throw new BootstrapError(`${this.options.source}: ${resource}: no running instance is named '${name}' (add it to Instances)`);
    this.instanceIds.set(name, instance.InstanceId);
    return instance.InstanceId;
  }

  private async applyInstance(instance: BootstrapInstance): Promise<void> {
    const resource = `Instances/${instance.Name}`;
    const tags = [{ Key: 'Name', Value: instance.Name }, ...(instance.Host === undefined ? [] : [{ Key: HOST_TAG_KEY, Value: instance.Host }]), ...(instance.Tags ?? []).map((tag) => ({ Key: tag.Key, Value: text(tag.Value) }))];
    const existing = await this.findInstance(instance.Name);
    if (existing?.InstanceId) {
      this.instanceIds.set(instance.Name, existing.InstanceId);
      const missing = changedTags(tags, existing.Tags ?? []);
      if (missing.length > 0) {
        await this.call(resource, 'CreateTags', () => this.clients.ec2.send(new CreateTagsCommand({ Resources: [existing.InstanceId ?? ''], Tags: missing })));
        this.changed(`tagged instance ${instance.Name}`);
      }
      return;
    }
    const { Instances } = await this.call(resource, 'RunInstances', () =>
      this.clients.ec2.send(
        new RunInstancesCommand({
          ImageId: BOOTSTRAP_IMAGE_ID,
          MinCount: 1,
          MaxCount: 1,
          ...(instance.InstanceType === undefined ? {} : { InstanceType: instance.InstanceType as never }),
          ...(instance.SubnetId === undefined ? {} : { SubnetId: instance.SubnetId }),
          ...(instance.AvailabilityZone === undefined ? {} : { Placement: { AvailabilityZone: instance.AvailabilityZone } }),
          TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
        }),
      ),
    );
    const instanceId = Instances?.[0]?.InstanceId ?? '';
    this.instanceIds.set(instance.Name, instanceId);
    this.changed(`ran instance ${instance.Name} (${instanceId})`);
  }

  private async findTargetGroup(name: string): Promise<TargetGroup | undefined> {
    try {
      const { TargetGroups } = await this.clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }));
      return TargetGroups?.[0];
    } catch (error) {
      if (isAwsError(error, 'TargetGroupNotFound')) return undefined;
      return this.call(`TargetGroups/${name}`, 'DescribeTargetGroups', () => Promise.reject(error));
    }
  }

  private async targetGroupArnOf(resource: string, name: string): Promise<string> {
    const known = this.targetGroupArns.get(name);
    if (known) return known;
    const found = await this.findTargetGroup(name);
    if (!found?.TargetGroupArn) throw new BootstrapError(`${this.options.source}: ${resource}: no target group is named '${name}' (add it to TargetGroups)`);
    this.targetGroupArns.set(name, found.TargetGroupArn);
    return found.TargetGroupArn;
  }

  private async applyTags(resource: string, resourceArn: string, wanted: readonly BootstrapTag[] | undefined): Promise<void> {
    if (!wanted || wanted.length === 0) return;
    const { TagDescriptions } = await this.call(resource, 'DescribeTags', () => this.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: [resourceArn] })));
    const missing = changedTags(wanted, TagDescriptions?.[0]?.Tags ?? []);
    if (missing.length === 0) return;
    await this.call(resource, 'AddTags', () => this.clients.elbv2.send(new AddTagsCommand({ ResourceArns: [resourceArn], Tags: missing })));
    this.changed(`tagged ${resource}`);
  }

  private async applyTargetGroup(targetGroup: BootstrapTargetGroup): Promise<void> {
    const resource = `TargetGroups/${targetGroup.Name}`;
    const { Tags, Attributes, Targets, ...create } = targetGroup;
    let existing = await this.findTargetGroup(targetGroup.Name);
    if (!existing) {
      // Absent VpcId: the default VPC's (lambda target groups have none).
      const vpcId = create.VpcId ?? (create.TargetType === 'lambda' ? undefined : await this.defaultVpcId());
      const created = await this.call(resource, 'CreateTargetGroup', () =>
        this.clients.elbv2.send(new CreateTargetGroupCommand({ ...(create as elbv2.CreateTargetGroupInput), ...(vpcId ? { VpcId: vpcId } : {}), Tags: Tags?.map((tag) => ({ Key: tag.Key, Value: text(tag.Value) })) } as never)),
      );
      existing = created.TargetGroups?.[0];
      this.changed(`created target group ${targetGroup.Name}`);
    } else {
      this.assertUnchangeable(resource, existing, targetGroup, ['Protocol', 'Port', 'ProtocolVersion', 'TargetType', 'IpAddressType', 'VpcId']);
      await this.modifyTargetGroupHealthCheck(resource, existing, targetGroup);
      await this.applyTags(resource, existing.TargetGroupArn ?? '', Tags);
    }
    const arn = existing?.TargetGroupArn ?? '';
    this.targetGroupArns.set(targetGroup.Name, arn);
    if (Attributes && Attributes.length > 0) {
      const current = await this.call(resource, 'DescribeTargetGroupAttributes', () => this.clients.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn })));
      const changes = changedEntries(Attributes, current.Attributes ?? []);
      if (changes.length > 0) {
        await this.call(resource, 'ModifyTargetGroupAttributes', () => this.clients.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: changes })));
        this.changed(`set ${changes.length} attribute(s) of target group ${targetGroup.Name}`);
      }
    }
    if (Targets && Targets.length > 0) {
      const wanted = [];
      for (const entry of Targets) {
        const id = entry.InstanceName !== undefined ? await this.instanceIdOf(resource, entry.InstanceName) : (entry.Id ?? '');
        wanted.push({ Id: id, ...(entry.Port === undefined ? {} : { Port: entry.Port }), ...(entry.AvailabilityZone === undefined ? {} : { AvailabilityZone: entry.AvailabilityZone }) });
      }
      const health = await this.call(resource, 'DescribeTargetHealth', () => this.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })));
      const defaultPort = existing?.Port;
      const registered = new Set(
        (health.TargetHealthDescriptions ?? []).filter((description) => description.TargetHealth?.State !== 'draining').map((description) => `${description.Target?.Id}:${description.Target?.Port}`),
      );
      const missing = wanted.filter((entry) => !registered.has(`${entry.Id}:${entry.Port ?? defaultPort}`));
      if (missing.length > 0) {
        await this.call(resource, 'RegisterTargets', () => this.clients.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: missing })));
        this.changed(`registered ${missing.length} target(s) with ${targetGroup.Name}`);
      }
    }
  }

  /**
   * Members no Modify* call changes (a target group's protocol and port, a load balancer's type
   * and scheme): a document that differs from what exists cannot be applied, and says why.
   */
  private assertUnchangeable(resource: string, existing: object, wanted: object, members: readonly string[]): void {
    const have = existing as Record<string, unknown>;
    const want = wanted as Record<string, unknown>;
    for (const member of members) {
      if (want[member] === undefined || want[member] === have[member]) continue;
      throw new BootstrapError(
        `${this.options.source}: ${resource}: exists with ${member} ${String(have[member])}, the file says ${String(want[member])}; ${member} cannot be modified (delete the resource or use another name)`,
      );
    }
  }

  /** ModifyTargetGroup with the health-check members the document sets and elbow differs in. */
  private async modifyTargetGroupHealthCheck(resource: string, existing: TargetGroup, wanted: BootstrapTargetGroup): Promise<void> {
    const members = [
      'HealthCheckProtocol',
      'HealthCheckPort',
      'HealthCheckPath',
      'HealthCheckEnabled',
      'HealthCheckIntervalSeconds',
      'HealthCheckTimeoutSeconds',
      'HealthyThresholdCount',
      'UnhealthyThresholdCount',
    ] as const;
    const changes: Record<string, unknown> = {};
    for (const member of members) {
      if (wanted[member] !== undefined && wanted[member] !== existing[member]) changes[member] = wanted[member];
    }
    if (wanted.Matcher && (wanted.Matcher.HttpCode !== existing.Matcher?.HttpCode || wanted.Matcher.GrpcCode !== existing.Matcher?.GrpcCode)) changes.Matcher = wanted.Matcher;
    if (Object.keys(changes).length === 0) return;
    await this.call(resource, 'ModifyTargetGroup', () => this.clients.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: existing.TargetGroupArn, ...changes })));
    this.changed(`changed the health check of ${resource}`);
  }

  private async applyLoadBalancer(loadBalancer: BootstrapLoadBalancer): Promise<void> {
    const resource = `LoadBalancers/${loadBalancer.Name}`;
    const { Tags, Attributes, Listeners, Subnets, ...create } = loadBalancer;
    let existing: LoadBalancer | undefined;
    try {
      existing = (await this.clients.elbv2.send(new DescribeLoadBalancersCommand({ Names: [loadBalancer.Name] }))).LoadBalancers?.[0];
    } catch (error) {
      if (!isAwsError(error, 'LoadBalancerNotFound')) await this.call(resource, 'DescribeLoadBalancers', () => Promise.reject(error));
    }
    if (!existing) {
      const subnets = loadBalancer.SubnetMappings === undefined ? await this.subnetIds(resource, Subnets) : undefined;
      const created = await this.call(resource, 'CreateLoadBalancer', () =>
        this.clients.elbv2.send(
          new CreateLoadBalancerCommand({ ...(create as elbv2.CreateLoadBalancerInput), ...(subnets ? { Subnets: subnets } : {}), Tags: Tags?.map((tag) => ({ Key: tag.Key, Value: text(tag.Value) })) } as never),
        ),
      );
      existing = created.LoadBalancers?.[0];
      this.changed(`created load balancer ${loadBalancer.Name}`);
    } else {
      this.assertUnchangeable(resource, existing, loadBalancer, ['Type', 'Scheme']);
      await this.applyTags(resource, existing.LoadBalancerArn ?? '', Tags);
    }
    const arn = existing?.LoadBalancerArn ?? '';
    if (Attributes && Attributes.length > 0) {
      const current = await this.call(resource, 'DescribeLoadBalancerAttributes', () => this.clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })));
      const changes = changedEntries(Attributes, current.Attributes ?? []);
      if (changes.length > 0) {
        await this.call(resource, 'ModifyLoadBalancerAttributes', () => this.clients.elbv2.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: changes })));
        this.changed(`set ${changes.length} attribute(s) of load balancer ${loadBalancer.Name}`);
      }
    }
    if (!Listeners || Listeners.length === 0) return;
    const described = await this.call(resource, 'DescribeListeners', () => this.clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn })));
    for (const listener of Listeners) {
      const current = described.Listeners?.find((candidate) => candidate.Port === listener.Port);
      await this.applyListener(`${resource} Listeners/${listener.Port}`, arn, listener, current);
    }
  }

  private async awsActions(resource: string, actions: BootstrapListener['DefaultActions']): Promise<elbv2.Action[]> {
    const names = new Set<string>();
    for (const action of actions) {
      if (action.TargetGroupName !== undefined) names.add(action.TargetGroupName);
      for (const tuple of action.ForwardConfig?.TargetGroups ?? []) names.add(tuple.TargetGroupName);
    }
    const arns = new Map<string, string>();
    for (const name of names) arns.set(name, await this.targetGroupArnOf(resource, name));
    return actions.map((action) => toAwsAction(action, (name) => arns.get(name) ?? ''));
  }

  /** Target group names of the ARNs in Describe* output (looked up once per document). */
  private async nameOfArns(resource: string, actions: readonly elbv2.Action[]): Promise<(arn: string) => string> {
    const arns = new Set<string>();
    for (const action of actions) {
      if (action.TargetGroupArn) arns.add(action.TargetGroupArn);
      for (const tuple of action.ForwardConfig?.TargetGroups ?? []) if (tuple.TargetGroupArn) arns.add(tuple.TargetGroupArn);
    }
    const unknown = [...arns].filter((arn) => ![...this.targetGroupArns.values()].includes(arn));
    if (unknown.length > 0) {
      const { TargetGroups } = await this.call(resource, 'DescribeTargetGroups', () => this.clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: unknown })));
      for (const group of TargetGroups ?? []) this.targetGroupArns.set(group.TargetGroupName ?? '', group.TargetGroupArn ?? '');
    }
    const names = new Map([...this.targetGroupArns].map(([name, arn]) => [arn, name]));
    return (arn) => names.get(arn) ?? arn;
  }

  private async sameActions(resource: string, wanted: BootstrapListener['DefaultActions'], current: readonly elbv2.Action[]): Promise<boolean> {
    const nameOf = await this.nameOfArns(resource, current);
    return actionsKey(wanted) === actionsKey(current.map((action) => fromAwsAction(action, nameOf)));
  }

  private async applyListener(resource: string, loadBalancerArn: string, listener: BootstrapListener, current: Listener | undefined): Promise<void> {
    const { Attributes, Tags, Rules, DefaultActions, ...settings } = listener;
    const defaultActions = await this.awsActions(resource, DefaultActions);
    let listenerArn = current?.ListenerArn ?? '';
    if (!current) {
      const created = await this.call(resource, 'CreateListener', () =>
        this.clients.elbv2.send(
          new CreateListenerCommand({ ...(settings as Omit<elbv2.CreateListenerInput, 'LoadBalancerArn' | 'DefaultActions'>), LoadBalancerArn: loadBalancerArn, DefaultActions: defaultActions, Tags: Tags?.map((tag) => ({ Key: tag.Key, Value: text(tag.Value) })) } as never),
        ),
      );
      listenerArn = created.Listeners?.[0]?.ListenerArn ?? '';
      this.changed(`created listener ${resource}`);
    } else {
      const isSame =
        (settings.Protocol === undefined || settings.Protocol === current.Protocol) &&
        (settings.SslPolicy === undefined || settings.SslPolicy === current.SslPolicy) &&
        (settings.Certificates === undefined || JSON.stringify(settings.Certificates.map((c) => c.CertificateArn)) === JSON.stringify((current.Certificates ?? []).map((c) => c.CertificateArn))) &&
        (settings.AlpnPolicy === undefined || JSON.stringify(settings.AlpnPolicy) === JSON.stringify(current.AlpnPolicy ?? [])) &&
        (await this.sameActions(resource, DefaultActions, (current.DefaultActions ?? []) as elbv2.Action[]));
      if (!isSame) {
        await this.call(resource, 'ModifyListener', () =>
          this.clients.elbv2.send(new ModifyListenerCommand({ ...(settings as object), ListenerArn: listenerArn, DefaultActions: defaultActions } as never)),
        );
        this.changed(`changed listener ${resource}`);
      }
      await this.applyTags(resource, listenerArn, Tags);
    }
    if (Attributes && Attributes.length > 0) {
      const currentAttributes = await this.call(resource, 'DescribeListenerAttributes', () => this.clients.elbv2.send(new DescribeListenerAttributesCommand({ ListenerArn: listenerArn })));
      const changes = changedEntries(Attributes, currentAttributes.Attributes ?? []);
      if (changes.length > 0) {
        await this.call(resource, 'ModifyListenerAttributes', () => this.clients.elbv2.send(new ModifyListenerAttributesCommand({ ListenerArn: listenerArn, Attributes: changes })));
        this.changed(`set ${changes.length} attribute(s) of listener ${resource}`);
      }
    }
    if (!Rules || Rules.length === 0) return;
    const rules: Rule[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(resource, 'DescribeRules', () => this.clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn, ...(marker ? { Marker: marker } : {}) })));
      rules.push(...(page.Rules ?? []));
      marker = page.NextMarker;
    } while (marker);
    for (const rule of Rules) {
      const ruleResource = `${resource} Rules/${rule.Priority}`;
      const actions = await this.awsActions(ruleResource, rule.Actions);
      const existing = rules.find((candidate) => candidate.Priority === String(rule.Priority));
      if (!existing) {
        await this.call(ruleResource, 'CreateRule', () =>
          this.clients.elbv2.send(
            new CreateRuleCommand({
              ListenerArn: listenerArn,
              Priority: rule.Priority,
              Conditions: rule.Conditions,
              Actions: actions,
              ...(rule.Transforms ? { Transforms: rule.Transforms } : {}),
              Tags: rule.Tags?.map((tag) => ({ Key: tag.Key, Value: text(tag.Value) })),
            } as never),
          ),
        );
        this.changed(`created rule ${ruleResource}`);
        continue;
      }
      const isSame =
        conditionsKey(rule.Conditions) === conditionsKey((existing.Conditions ?? []) as elbv2.RuleCondition[]) &&
        (rule.Transforms === undefined || JSON.stringify(rule.Transforms) === JSON.stringify(existing.Transforms ?? [])) &&
        (await this.sameActions(ruleResource, rule.Actions, (existing.Actions ?? []) as elbv2.Action[]));
      if (!isSame) {
        await this.call(ruleResource, 'ModifyRule', () =>
          this.clients.elbv2.send(
            new ModifyRuleCommand({ RuleArn: existing.RuleArn, Conditions: rule.Conditions, Actions: actions, ...(rule.Transforms ? { Transforms: rule.Transforms } : {}) } as never),
          ),
        );
        this.changed(`changed rule ${ruleResource}`);
      }
      await this.applyTags(ruleResource, existing.RuleArn ?? '', rule.Tags);
    }
  }

  private async applyClassicLoadBalancer(classic: BootstrapClassicLoadBalancer): Promise<void> {
    const name = classic.LoadBalancerName;
    const resource = `ClassicLoadBalancers/${name}`;
    const elb = this.clients.elb;
    let existing: LoadBalancerDescription | undefined;
    try {
      existing = (await elb.send(new DescribeClassicLoadBalancersCommand({ LoadBalancerNames: [name] }))).LoadBalancerDescriptions?.[0];
    } catch (error) {
      if (!isAwsError(error, 'LoadBalancerNotFound') && !isAwsError(error, 'AccessPointNotFound')) await this.call(resource, 'DescribeLoadBalancers', () => Promise.reject(error));
    }
    const listeners = classic.Listeners.map(({ PolicyNames: _policies, ...listener }) => listener);
    if (!existing) {
      const placement = classic.AvailabilityZones !== undefined ? { AvailabilityZones: classic.AvailabilityZones } : { Subnets: await this.subnetIds(resource, classic.Subnets) };
      await this.call(resource, 'CreateLoadBalancer', () =>
        elb.send(
          new CreateClassicLoadBalancerCommand({
            LoadBalancerName: name,
            Listeners: listeners,
            ...placement,
            ...(classic.SecurityGroups ? { SecurityGroups: classic.SecurityGroups } : {}),
            ...(classic.Scheme ? { Scheme: classic.Scheme } : {}),
            ...(classic.Tags ? { Tags: classic.Tags.map((tag) => ({ Key: tag.Key, Value: text(tag.Value) })) } : {}),
          }),
        ),
      );
      this.changed(`created classic load balancer ${name}`);
      existing = (await this.call(resource, 'DescribeLoadBalancers', () => elb.send(new DescribeClassicLoadBalancersCommand({ LoadBalancerNames: [name] })))).LoadBalancerDescriptions?.[0];
    } else {
      // A listener on a port with other settings goes to CreateLoadBalancerListeners too, whose
      // DuplicateListener error then says so (classic-elb.md §2: same port, other properties).
      const isPresent = (listener: (typeof listeners)[number]) =>
        (existing?.ListenerDescriptions ?? []).some(({ Listener: current }) =>
          current?.LoadBalancerPort === listener.LoadBalancerPort &&
          current.Protocol?.toUpperCase() === listener.Protocol.toUpperCase() &&
          current.InstancePort === listener.InstancePort &&
          (listener.InstanceProtocol === undefined || current.InstanceProtocol?.toUpperCase() === listener.InstanceProtocol.toUpperCase()) &&
          (listener.SSLCertificateId === undefined || current.SSLCertificateId === listener.SSLCertificateId),
        );
      const missing = listeners.filter((listener) => !isPresent(listener));
      if (missing.length > 0) {
        await this.call(resource, 'CreateLoadBalancerListeners', () => elb.send(new CreateLoadBalancerListenersCommand({ LoadBalancerName: name, Listeners: missing })));
        this.changed(`added ${missing.length} listener(s) to ${resource}`);
      }
      if (classic.Tags && classic.Tags.length > 0) {
        const { TagDescriptions } = await this.call(resource, 'DescribeTags', () => elb.send(new DescribeClassicTagsCommand({ LoadBalancerNames: [name] })));
        const changes = changedTags(classic.Tags, TagDescriptions?.[0]?.Tags ?? []);
        if (changes.length > 0) {
          await this.call(resource, 'AddTags', () => elb.send(new AddClassicTagsCommand({ LoadBalancerNames: [name], Tags: changes })));
          this.changed(`tagged ${resource}`);
        }
      }
    }
    const healthCheck = classic.HealthCheck;
    if (healthCheck && JSON.stringify(healthCheck) !== JSON.stringify(pickMembers(existing?.HealthCheck, Object.keys(healthCheck)))) {
      await this.call(resource, 'ConfigureHealthCheck', () => elb.send(new ConfigureHealthCheckCommand({ LoadBalancerName: name, HealthCheck: healthCheck })));
      this.changed(`configured the health check of ${resource}`);
    }
    if (classic.LoadBalancerAttributes) {
      const { LoadBalancerAttributes: current } = await this.call(resource, 'DescribeLoadBalancerAttributes', () => elb.send(new DescribeClassicAttributesCommand({ LoadBalancerName: name })));
      const wanted = classic.LoadBalancerAttributes;
      const differs = (Object.keys(wanted) as Array<keyof typeof wanted>).some((key) => JSON.stringify(wanted[key]) !== JSON.stringify(pickMembers(current?.[key] as object | undefined, Object.keys(wanted[key] ?? {}))));
      if (differs) {
        await this.call(resource, 'ModifyLoadBalancerAttributes', () => elb.send(new ModifyClassicAttributesCommand({ LoadBalancerName: name, LoadBalancerAttributes: wanted })));
        this.changed(`set the attributes of ${resource}`);
      }
    }
    if (classic.Policies && classic.Policies.length > 0) {
      const { PolicyDescriptions } = await this.call(resource, 'DescribeLoadBalancerPolicies', () => elb.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: name })));
      for (const policy of classic.Policies) {
        if ((PolicyDescriptions ?? []).some((description) => description.PolicyName === policy.PolicyName)) continue;
        await this.call(`${resource} Policies/${policy.PolicyName}`, 'CreateLoadBalancerPolicy', () => elb.send(new CreateLoadBalancerPolicyCommand({ LoadBalancerName: name, ...policy })));
        this.changed(`created policy ${policy.PolicyName} of ${resource}`);
      }
    }
    for (const listener of classic.Listeners) {
      if (listener.PolicyNames === undefined) continue;
      const current = existing?.ListenerDescriptions?.find((description) => description.Listener?.LoadBalancerPort === listener.LoadBalancerPort)?.PolicyNames ?? [];
      if (sameNames(current, listener.PolicyNames)) continue;
      await this.call(`${resource} Listeners/${listener.LoadBalancerPort}`, 'SetLoadBalancerPoliciesOfListener', () =>
        elb.send(new SetLoadBalancerPoliciesOfListenerCommand({ LoadBalancerName: name, LoadBalancerPort: listener.LoadBalancerPort, PolicyNames: listener.PolicyNames })),
      );
      this.changed(`set the policies of ${resource} listener ${listener.LoadBalancerPort}`);
    }
    for (const backend of classic.BackendServerPolicies ?? []) {
      const current = existing?.BackendServerDescriptions?.find((description) => description.InstancePort === backend.InstancePort)?.PolicyNames ?? [];
      if (sameNames(current, backend.PolicyNames)) continue;
      await this.call(`${resource} BackendServerPolicies/${backend.InstancePort}`, 'SetLoadBalancerPoliciesForBackendServer', () =>
        elb.send(new SetLoadBalancerPoliciesForBackendServerCommand({ LoadBalancerName: name, InstancePort: backend.InstancePort, PolicyNames: backend.PolicyNames })),
      );
      this.changed(`set the backend policies of ${resource} port ${backend.InstancePort}`);
    }
    if (classic.Instances && classic.Instances.length > 0) {
      const registered = new Set((existing?.Instances ?? []).map((instance) => instance.InstanceId));
      const missing: string[] = [];
      for (const entry of classic.Instances) {
        const id = await this.instanceIdOf(resource, entry.InstanceName);
        if (!registered.has(id)) missing.push(id);
      }
      if (missing.length > 0) {
        await this.call(resource, 'RegisterInstancesWithLoadBalancer', () =>
          elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: name, Instances: missing.map((InstanceId) => ({ InstanceId })) })),
        );
        this.changed(`registered ${missing.length} instance(s) with ${resource}`);
      }
    }
  }
}

import type { elb, elbv2 } from '@elbow/api-models';
import { availabilityZonesOf } from '@elbow/ec2';
import { fromAwsAction, fromAwsCondition } from './action-forms.js';
import type {
  BootstrapClassicLoadBalancer,
  BootstrapDocument,
  BootstrapInstance,
  BootstrapListener,
  BootstrapLoadBalancer,
  BootstrapTargetGroup,
} from './bootstrap-document.js';
import { BootstrapError } from './bootstrap-error.js';
import { checkDumpMember } from './check-dump-shape.js';
import { classicListenerMember, compact, keyValues, tagsOf, targetGroupMember } from './describe-forms.js';
import { parseJsonStream } from './parse-json-stream.js';

/** One file given to `elbow import`. */
export interface DumpFile {
  fileName: string;
  text: string;
}

export interface ImportResult {
  document: BootstrapDocument;
  /** One line per thing of the real account mapped to something local (printed on stderr). */
  notes: string[];
}

type Attributes = Array<{ Key?: string; Value?: string }>;
type OwnerKind = 'LoadBalancer' | 'TargetGroup' | 'Listener';

interface Collected {
  loadBalancers: elbv2.LoadBalancer[];
  listeners: elbv2.Listener[];
  rules: elbv2.Rule[];
  targetGroups: elbv2.TargetGroup[];
  attributes: Array<{ source: string; ownerArn?: string; attributes: Attributes }>;
  tags: Map<string, elbv2.Tag[]>;
  classic: elb.LoadBalancerDescription[];
  classicAttributes: Array<{ source: string; name?: string; attributes: elb.LoadBalancerAttributes }>;
  classicPolicies: Array<{ source: string; name?: string; policies: elb.PolicyDescription[] }>;
  classicTags: Map<string, elb.Tag[]>;
}

/** The top-level members `elbow import` recognises, and the command whose output has each. */
const RECOGNISED = {
  LoadBalancers: 'aws elbv2 describe-load-balancers',
  Listeners: 'aws elbv2 describe-listeners',
  Rules: 'aws elbv2 describe-rules',
  TargetGroups: 'aws elbv2 describe-target-groups',
  Attributes: 'aws elbv2 describe-{load-balancer,target-group,listener}-attributes',
  TagDescriptions: 'aws elbv2 describe-tags / aws elb describe-tags',
  LoadBalancerDescriptions: 'aws elb describe-load-balancers',
  LoadBalancerAttributes: 'aws elb describe-load-balancer-attributes',
  PolicyDescriptions: 'aws elb describe-load-balancer-policies',
  // Owners an attributes or policies dump may carry (added by the user, e.g. with jq), and pagination.
  LoadBalancerArn: '',
  TargetGroupArn: '',
  ListenerArn: '',
  LoadBalancerName: '',
  NextMarker: '',
} as const;

function collect(files: readonly DumpFile[]): Collected {
  const collected: Collected = {
    loadBalancers: [],
    listeners: [],
    rules: [],
    targetGroups: [],
    attributes: [],
    tags: new Map(),
    classic: [],
    classicAttributes: [],
    classicPolicies: [],
    classicTags: new Map(),
  };
  for (const file of files) {
    const values = [...parseJsonStream(file.text, file.fileName)];
    // An empty file imports nothing: most likely the wrong file or a failed redirect, so say so.
    if (values.length === 0) throw new BootstrapError(`${file.fileName}: empty; expected the JSON an aws describe-* command prints`);
    for (const value of values) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new BootstrapError(`${file.fileName}: expected the JSON object an aws describe-* command prints, found ${Array.isArray(value) ? 'an array (drop --query)' : typeof value}`);
      }
      const dump = value as Record<string, unknown>;
      const unknown = Object.keys(dump).filter((key) => !(key in RECOGNISED));
      if (unknown.length > 0) {
        const known = Object.entries(RECOGNISED).filter(([, command]) => command !== '').map(([key, command]) => `${key} (${command})`);
        throw new BootstrapError(`${file.fileName}: unrecognised top-level member '${unknown[0]}'; expected one of ${known.join(', ')}`);
      }
      for (const [member, memberValue] of Object.entries(dump)) checkDumpMember(file.fileName, member, memberValue);
      collected.loadBalancers.push(...((dump.LoadBalancers as elbv2.LoadBalancer[] | undefined) ?? []));
      collected.listeners.push(...((dump.Listeners as elbv2.Listener[] | undefined) ?? []));
      collected.rules.push(...((dump.Rules as elbv2.Rule[] | undefined) ?? []));
      collected.targetGroups.push(...((dump.TargetGroups as elbv2.TargetGroup[] | undefined) ?? []));
      collected.classic.push(...((dump.LoadBalancerDescriptions as elb.LoadBalancerDescription[] | undefined) ?? []));
      if (dump.Attributes !== undefined) {
        const ownerArn = (dump.LoadBalancerArn ?? dump.TargetGroupArn ?? dump.ListenerArn) as string | undefined;
        collected.attributes.push({ source: file.fileName, ...(ownerArn ? { ownerArn } : {}), attributes: dump.Attributes as Attributes });
      }
      if (dump.LoadBalancerAttributes !== undefined) {
        collected.classicAttributes.push({ source: file.fileName, ...(dump.LoadBalancerName ? { name: dump.LoadBalancerName as string } : {}), attributes: dump.LoadBalancerAttributes as elb.LoadBalancerAttributes });
      }
      if (dump.PolicyDescriptions !== undefined) {
        collected.classicPolicies.push({ source: file.fileName, ...(dump.LoadBalancerName ? { name: dump.LoadBalancerName as string } : {}), policies: dump.PolicyDescriptions as elb.PolicyDescription[] });
      }
      for (const description of (dump.TagDescriptions as Array<{ ResourceArn?: string; LoadBalancerName?: string; Tags?: elbv2.Tag[] }> | undefined) ?? []) {
        if (description.ResourceArn) collected.tags.set(description.ResourceArn, description.Tags ?? []);
        else if (description.LoadBalancerName) collected.classicTags.set(description.LoadBalancerName, (description.Tags ?? []) as elb.Tag[]);
      }
    }
  }
  return collected;
}

/**
 * Whose attributes a dump holds, from keys every Describe*Attributes answer of that kind lists
 * (aws-cli examples describe-load-balancer-attributes.rst, describe-target-group-attributes.rst;
 * model ListenerAttribute.Key): `deletion_protection.enabled` for load balancers,
 * `deregistration_delay.timeout_seconds` or `lambda.multi_value_headers.enabled` for target
 * groups, anything else is a listener's.
 */
function attributeOwnerKind(attributes: Attributes): OwnerKind {
  const keys = new Set(attributes.map((attribute) => attribute.Key));
  if (keys.has('deletion_protection.enabled')) return 'LoadBalancer';
  if (keys.has('deregistration_delay.timeout_seconds') || keys.has('lambda.multi_value_headers.enabled')) return 'TargetGroup';
  return 'Listener';
}

function regionOfArn(arn: string | undefined): string | undefined {
  return arn?.split(':')[3] || undefined;
}

/** A rule's listener: `...:listener-rule/app/<lb>/<lb-id>/<listener-id>/<rule-id>` → `...:listener/app/<lb>/<lb-id>/<listener-id>`. */
export function listenerArnOfRule(ruleArn: string): string {
  return ruleArn.replace(':listener-rule/', ':listener/').replace(/\/[^/]+$/, '');
}

/**
 * `elbow import`: turns the JSON printed by `aws elbv2 describe-*` and `aws elb describe-*`
 * (several files, or several outputs concatenated in one) into a bootstrap document. What cannot
 * exist locally is mapped, each mapping noted: subnets → the default subnet of the same zone
 * name when the region has it, else the next unused zone; VPC and security groups → the default
 * VPC's; instance ids → local instances named after them. Target groups are named in actions.
 */
export function importDescribeDumps(files: readonly DumpFile[]): ImportResult {
  const collected = collect(files);
  const notes: string[] = [];
  const region =
    [...collected.loadBalancers.map((lb) => lb.LoadBalancerArn), ...collected.targetGroups.map((group) => group.TargetGroupArn)].map(regionOfArn).find((found) => found !== undefined) ??
    collected.classic.flatMap((description) => description.AvailabilityZones ?? []).map((zone) => zone.slice(0, -1))[0];
  const localZones = region === undefined ? [] : availabilityZonesOf(region).map((zone) => zone.zoneName);

  /** Local zone names for a real load balancer's zones: the same name when it exists here, else the first unused one. */
  const mapZones = (resource: string, zones: readonly string[]): string[] => {
    const mapped: string[] = [];
    for (const zone of zones) {
      const local = localZones.includes(zone) && !mapped.includes(zone) ? zone : localZones.find((candidate) => !mapped.includes(candidate) && !zones.includes(candidate));
      if (local === undefined) continue;
      if (local !== zone) notes.push(`${resource}: zone ${zone} → ${local} (the region has no ${zone} locally)`);
      mapped.push(local);
    }
    return mapped;
  };

  const targetGroupNames = new Map(collected.targetGroups.map((group) => [group.TargetGroupArn ?? '', group.TargetGroupName ?? '']));
  const nameOf = (arn: string): string => {
    const name = targetGroupNames.get(arn);
    if (name === undefined) throw new BootstrapError(`the dumps name target group ${arn} but hold no describe-target-groups output for it`);
    return name;
  };

  // Attributes: by the owner ARN the dump carries, else by kind when the dumps hold one resource of it.
  const attributesByArn = new Map<string, Attributes>();
  const candidates: Record<OwnerKind, string[]> = {
    LoadBalancer: collected.loadBalancers.map((lb) => lb.LoadBalancerArn ?? ''),
    TargetGroup: collected.targetGroups.map((group) => group.TargetGroupArn ?? ''),
    Listener: collected.listeners.map((listener) => listener.ListenerArn ?? ''),
  };
  for (const entry of collected.attributes) {
    let owner = entry.ownerArn;
    if (owner === undefined) {
      const kind = attributeOwnerKind(entry.attributes);
      const arns = candidates[kind];
      if (arns.length !== 1) {
        throw new BootstrapError(
          `${entry.source}: these ${kind === 'LoadBalancer' ? 'load balancer' : kind === 'TargetGroup' ? 'target group' : 'listener'} attributes could belong to ${arns.length === 0 ? 'none' : 'any'} of the ${arns.length} dumped; add "${kind}Arn": "<arn>" beside "Attributes" (e.g. jq '. + {${kind}Arn: "<arn>"}')`,
        );
      }
      owner = arns[0] ?? '';
    }
    attributesByArn.set(owner, entry.attributes);
  }

  const targetGroups: BootstrapTargetGroup[] = collected.targetGroups.map((group) => {
    if (group.VpcId) notes.push(`TargetGroups/${group.TargetGroupName}: VPC ${group.VpcId} → the default VPC`);
    return compact({
      ...targetGroupMember(group),
      Tags: tagsOf(collected.tags.get(group.TargetGroupArn ?? '')),
      Attributes: keyValues(attributesByArn.get(group.TargetGroupArn ?? '')),
    } as BootstrapTargetGroup);
  });

  const loadBalancers: BootstrapLoadBalancer[] = collected.loadBalancers.map((loadBalancer) => {
    const resource = `LoadBalancers/${loadBalancer.LoadBalancerName}`;
    const zones = (loadBalancer.AvailabilityZones ?? []).map((zone) => zone.ZoneName ?? '');
    const subnets = mapZones(resource, zones);
    for (const zone of loadBalancer.AvailabilityZones ?? []) notes.push(`${resource}: subnet ${zone.SubnetId} → the default subnet in ${subnets[zones.indexOf(zone.ZoneName ?? '')] ?? zone.ZoneName}`);
    if ((loadBalancer.SecurityGroups ?? []).length > 0) notes.push(`${resource}: security groups ${loadBalancer.SecurityGroups?.join(', ')} → the default VPC's default group`);
    const listeners: BootstrapListener[] = collected.listeners
      .filter((listener) => listener.LoadBalancerArn === loadBalancer.LoadBalancerArn)
      .sort((a, b) => (a.Port ?? 0) - (b.Port ?? 0))
      .map((listener) => {
        const listenerResource = `${resource} Listeners/${listener.Port}`;
        if (listener.MutualAuthentication && listener.MutualAuthentication.Mode !== 'off') {
          notes.push(`${listenerResource}: mutual TLS (${listener.MutualAuthentication.Mode}) left off: trust store ${listener.MutualAuthentication.TrustStoreArn ?? ''} is not in the dumps`);
        }
        const rules = collected.rules
          .filter((rule) => rule.IsDefault !== true && listenerArnOfRule(rule.RuleArn ?? '') === listener.ListenerArn)
          .map((rule) =>
            compact({
              Priority: Number(rule.Priority),
              Conditions: (rule.Conditions ?? []).map(fromAwsCondition),
              Actions: (rule.Actions ?? []).map((action) => fromAwsAction(action, nameOf)),
              Transforms: rule.Transforms,
              Tags: tagsOf(collected.tags.get(rule.RuleArn ?? '')),
            }),
          )
          .sort((a, b) => a.Priority - b.Priority);
        return compact({
          Port: listener.Port ?? 0,
          Protocol: listener.Protocol,
          SslPolicy: listener.SslPolicy,
          Certificates: listener.Certificates?.map((certificate) => compact({ CertificateArn: certificate.CertificateArn ?? '', IsDefault: certificate.IsDefault })),
          AlpnPolicy: listener.AlpnPolicy,
          DefaultActions: (listener.DefaultActions ?? []).map((action) => fromAwsAction(action, nameOf)),
          Attributes: keyValues(attributesByArn.get(listener.ListenerArn ?? '')),
          Tags: tagsOf(collected.tags.get(listener.ListenerArn ?? '')),
          Rules: rules,
        } as BootstrapListener);
      });
    return compact({
      Name: loadBalancer.LoadBalancerName ?? '',
      Type: loadBalancer.Type,
      Scheme: loadBalancer.Scheme,
      IpAddressType: loadBalancer.IpAddressType,
      Subnets: subnets,
      Tags: tagsOf(collected.tags.get(loadBalancer.LoadBalancerArn ?? '')),
      Attributes: keyValues(attributesByArn.get(loadBalancer.LoadBalancerArn ?? '')),
      Listeners: listeners,
    } as BootstrapLoadBalancer);
  });

  const instances: BootstrapInstance[] = [];
  const classicLoadBalancers = collected.classic.map((description) => importClassic(description, collected, mapZones, instances, notes));

  const document: BootstrapDocument = compact({
    Region: region,
    Instances: instances,
    TargetGroups: targetGroups,
    LoadBalancers: loadBalancers,
    ClassicLoadBalancers: classicLoadBalancers,
  });
  return { document, notes };
}

/** Predefined SSL negotiation policies (ELBSecurityPolicy-*) are recreated by reference (elb CreateLoadBalancerPolicy, Reference-Security-Policy). */
const PREDEFINED_SECURITY_POLICY = /^ELBSecurityPolicy-/;

function importClassic(
  description: elb.LoadBalancerDescription,
  collected: Collected,
  mapZones: (resource: string, zones: readonly string[]) => string[],
  instances: BootstrapInstance[],
  notes: string[],
): BootstrapClassicLoadBalancer {
  const name = description.LoadBalancerName ?? '';
  const resource = `ClassicLoadBalancers/${name}`;
  const only = collected.classic.length === 1;
  const attributes = collected.classicAttributes.find((entry) => entry.name === name || (entry.name === undefined && only))?.attributes;
  const described = collected.classicPolicies.find((entry) => entry.name === name || (entry.name === undefined && only))?.policies ?? [];
  const policies: NonNullable<BootstrapClassicLoadBalancer['Policies']> = described.map((policy) => ({
    PolicyName: policy.PolicyName ?? '',
    PolicyTypeName: policy.PolicyTypeName ?? '',
    PolicyAttributes: (policy.PolicyAttributeDescriptions ?? []).map((attribute) => ({ AttributeName: attribute.AttributeName ?? '', AttributeValue: attribute.AttributeValue ?? '' })),
  }));
  const has = (policyName: string) => policies.some((policy) => policy.PolicyName === policyName);
  // Stickiness policies are also in the description itself (describe-load-balancers.rst, Policies).
  for (const sticky of description.Policies?.LBCookieStickinessPolicies ?? []) {
    if (sticky.PolicyName && !has(sticky.PolicyName)) {
      policies.push({
        PolicyName: sticky.PolicyName,
        PolicyTypeName: 'LBCookieStickinessPolicyType',
        PolicyAttributes: sticky.CookieExpirationPeriod === undefined ? [] : [{ AttributeName: 'CookieExpirationPeriod', AttributeValue: String(sticky.CookieExpirationPeriod) }],
      });
    }
  }
  for (const sticky of description.Policies?.AppCookieStickinessPolicies ?? []) {
    if (sticky.PolicyName && !has(sticky.PolicyName)) {
      policies.push({ PolicyName: sticky.PolicyName, PolicyTypeName: 'AppCookieStickinessPolicyType', PolicyAttributes: [{ AttributeName: 'CookieName', AttributeValue: sticky.CookieName ?? '' }] });
    }
  }
  const referenced = new Set([...(description.ListenerDescriptions ?? []).flatMap((listener) => listener.PolicyNames ?? []), ...(description.BackendServerDescriptions ?? []).flatMap((backend) => backend.PolicyNames ?? [])]);
  for (const policyName of referenced) {
    if (has(policyName)) continue;
    if (PREDEFINED_SECURITY_POLICY.test(policyName)) {
      policies.push({ PolicyName: policyName, PolicyTypeName: 'SSLNegotiationPolicyType', PolicyAttributes: [{ AttributeName: 'Reference-Security-Policy', AttributeValue: policyName }] });
      notes.push(`${resource}: policy ${policyName} recreated by reference to the predefined policy`);
    } else {
      notes.push(`${resource}: policy ${policyName} left out: no describe-load-balancer-policies output describes it`);
    }
  }
  for (const policyName of description.Policies?.OtherPolicies ?? []) {
    if (!has(policyName) && !referenced.has(policyName)) notes.push(`${resource}: policy ${policyName} left out: no describe-load-balancer-policies output describes it`);
  }
  const known = new Set(policies.map((policy) => policy.PolicyName));
  const subnets = description.Subnets ?? [];
  const zones = mapZones(resource, description.AvailabilityZones ?? []);
  if (subnets.length > 0) notes.push(`${resource}: subnets ${subnets.join(', ')} → the default subnets in ${zones.join(', ')}`);
  if ((description.SecurityGroups ?? []).length > 0) notes.push(`${resource}: security groups ${description.SecurityGroups?.join(', ')} → the default VPC's default group`);
  const instanceNames = (description.Instances ?? []).map((instance) => instance.InstanceId ?? '');
  for (const instanceId of instanceNames) {
    if (instances.some((instance) => instance.Name === instanceId)) continue;
    instances.push({ Name: instanceId });
    notes.push(`${resource}: instance ${instanceId} → a local instance named ${instanceId} (host 127.0.0.1; set Host to reach your server)`);
  }
  return compact({
    LoadBalancerName: name,
    Listeners: (description.ListenerDescriptions ?? []).map((listenerDescription) => classicListenerMember(listenerDescription, (policyName) => known.has(policyName))),
    AvailabilityZones: zones,
    Scheme: description.Scheme,
    Tags: tagsOf(collected.classicTags.get(name)),
    HealthCheck: description.HealthCheck,
    LoadBalancerAttributes: attributes,
    Policies: policies,
    BackendServerPolicies: (description.BackendServerDescriptions ?? [])
      .map((backend) => ({ InstancePort: backend.InstancePort ?? 0, PolicyNames: (backend.PolicyNames ?? []).filter((policyName) => known.has(policyName)) }))
      .filter((backend) => backend.PolicyNames.length > 0),
    Instances: instanceNames.map((instanceId) => ({ InstanceName: instanceId })),
  } as BootstrapClassicLoadBalancer);
}

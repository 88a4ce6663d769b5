import type { elb } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { scopeOf } from './handler-types.js';
import type { Scope, SyncHandlers } from './handler-types.js';
import { nowOf, requireLoadBalancer } from './elb-deps.js';
import type { ElbDeps } from './elb-deps.js';
import { classicDnsName } from './dns-name.js';
import { elbErrors } from './elb-errors.js';
import { DEFAULT_HEALTH_CHECK } from './health-check.js';
import { DEFAULT_ATTRIBUTES } from './load-balancer-attributes.js';
import { describeLoadBalancer } from './load-balancer-description.js';
import { assertValidLoadBalancerName } from './load-balancer-name.js';
import { findSubnets, placementOf, securityGroupsFor, zonesByName, zonesOfSubnets } from './load-balancer-placement.js';
import { addListeners } from './listener-handlers.js';
import { listenersToAdd, normalizeListener, sameListener } from './listener-rules.js';
import { pageOf } from './pagination.js';
import { assertTagQuota, assertValidNewTags } from './tag-rules.js';

/** "classic-load-balancers": 20 per region (aws-cli `describe-account-limits.rst`). */
export const MAX_CLASSIC_LOAD_BALANCERS = 20;

const SCHEMES = ['internet-facing', 'internal'];

/** Whether a repeated CreateLoadBalancer asks for what exists (the API is idempotent, model service doc). */
function isSameRequest(deps: ElbDeps, scope: Scope, input: elb.CreateAccessPointInput, listeners: ReturnType<typeof normalizeListener>[]): boolean {
  const name = input.LoadBalancerName;
  const existing = requireLoadBalancer(deps, scope, name);
  const current = deps.loadBalancers.listeners(scope, name);
  const sameListeners =
    current.length === new Set(listeners.map((listener) => listener.loadBalancerPort)).size &&
    listeners.every((listener) => current.some((candidate) => sameListener(candidate, listener)));
  const zones = deps.loadBalancers.zones(scope, name);
  const sameZones = input.Subnets?.length
    ? sameSet(zones.map((zone) => zone.subnetId ?? ''), input.Subnets)
    : sameSet(zones.map((zone) => zone.availabilityZone), input.AvailabilityZones ?? []);
  const sameGroups = input.SecurityGroups === undefined || sameSet(deps.loadBalancers.securityGroups(scope, name), input.SecurityGroups);
  return sameListeners && sameZones && sameGroups && existing.scheme === (input.Scheme ?? 'internet-facing');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

export function loadBalancerMutations(
  deps: ElbDeps,
): SyncHandlers<
  | 'CreateLoadBalancer'
  | 'DeleteLoadBalancer'
  | 'EnableAvailabilityZonesForLoadBalancer'
  | 'DisableAvailabilityZonesForLoadBalancer'
  | 'AttachLoadBalancerToSubnets'
  | 'DetachLoadBalancerFromSubnets'
  | 'ApplySecurityGroupsToLoadBalancer'
> {
  return {
    CreateLoadBalancer(input, context) {
      const scope = scopeOf(context);
      const name = input.LoadBalancerName;
      assertValidLoadBalancerName(name);
      const listeners = input.Listeners.map(normalizeListener);
      listenersToAdd(name, [], listeners);
      const tags = input.Tags ?? [];
      assertValidNewTags(tags);
      assertTagQuota([], tags);
      const scheme = input.Scheme ?? 'internet-facing';
      // Unverified wording (model InvalidSchemeException: "The specified value for the schema is not valid").
      if (!SCHEMES.includes(scheme)) throw new ServiceError('InvalidScheme', `Invalid scheme: ${scheme}. Valid schemes are internet-facing and internal`);
      const existing = deps.loadBalancers.find(scope, name);
      if (existing) {
        if (!isSameRequest(deps, scope, input, listeners)) throw elbErrors.duplicateLoadBalancerName(name, 'parameters');
        const currentTags = deps.tags.list(scope, name);
        const sameTags = tags.every((tag) => currentTags.some((current) => current.Key === tag.Key && current.Value === (tag.Value ?? '')));
        if (!sameTags) throw elbErrors.duplicateLoadBalancerName(name, 'tags');
        return { DNSName: existing.dnsName };
      }
      if (deps.loadBalancers.count(scope) >= MAX_CLASSIC_LOAD_BALANCERS) {
        // Unverified wording.
        throw new ServiceError('TooManyLoadBalancers', `Exceeded quota of account ${scope.accountId}`);
      }
      const placement = placementOf(deps.ec2, scope, input.AvailabilityZones, input.Subnets);
      const securityGroups = securityGroupsFor(deps.ec2, scope, placement.vpcId, input.SecurityGroups);
      const dnsName = classicDnsName(name, scope.region, scheme, deps.randomHex(8));
      deps.loadBalancers.insert(scope, {
        name,
        dnsName,
        scheme,
        vpcId: placement.vpcId,
        healthCheck: DEFAULT_HEALTH_CHECK,
        attributes: DEFAULT_ATTRIBUTES,
        createdAt: nowOf(deps, context).toISOString(),
      });
      deps.loadBalancers.setZones(scope, name, placement.zones);
      deps.loadBalancers.setSecurityGroups(scope, name, securityGroups);
      addListeners(deps, scope, name, listeners);
      deps.tags.put(scope, name, tags);
      return { DNSName: dnsName };
    },

    /** A missing load balancer is no error (model DeleteLoadBalancer doc). */
    DeleteLoadBalancer(input, context) {
      deps.loadBalancers.delete(scopeOf(context), input.LoadBalancerName);
      return {};
    },

    EnableAvailabilityZonesForLoadBalancer(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const zones = zonesByName(deps.ec2, scope, deps.loadBalancers.zones(scope, name), input.AvailabilityZones);
      deps.loadBalancers.setZones(scope, name, zones);
      return { AvailabilityZones: zones.map((zone) => zone.availabilityZone) };
    },

    DisableAvailabilityZonesForLoadBalancer(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const zones = deps.loadBalancers.zones(scope, name).filter((zone) => !input.AvailabilityZones.includes(zone.availabilityZone));
      // Unverified wording: the model says a load balancer keeps at least one zone.
      if (zones.length === 0) throw validationError('Cannot remove all AvailabilityZones from a LoadBalancer');
      deps.loadBalancers.setZones(scope, name, zones);
      return { AvailabilityZones: zones.map((zone) => zone.availabilityZone) };
    },

    AttachLoadBalancerToSubnets(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      const subnets = findSubnets(deps.ec2, scope, input.Subnets);
      const foreign = subnets.find((subnet) => subnet.vpcId !== loadBalancer.vpcId);
      if (foreign) throw new ServiceError('InvalidSubnet', `Subnet ${foreign.subnetId} is not in the VPC of the load balancer (${loadBalancer.vpcId ?? ''})`);
      const zones = zonesOfSubnets(deps.loadBalancers.zones(scope, loadBalancer.name), subnets);
      deps.loadBalancers.setZones(scope, loadBalancer.name, zones);
      return { Subnets: zones.flatMap((zone) => (zone.subnetId === undefined ? [] : [zone.subnetId])) };
    },

    DetachLoadBalancerFromSubnets(input, context) {
      const scope = scopeOf(context);
      const name = requireLoadBalancer(deps, scope, input.LoadBalancerName).name;
      const zones = deps.loadBalancers.zones(scope, name).filter((zone) => zone.subnetId === undefined || !input.Subnets.includes(zone.subnetId));
      if (zones.length === 0) throw validationError('Cannot detach all subnets from a LoadBalancer');
      deps.loadBalancers.setZones(scope, name, zones);
      return { Subnets: zones.flatMap((zone) => (zone.subnetId === undefined ? [] : [zone.subnetId])) };
    },

    ApplySecurityGroupsToLoadBalancer(input, context) {
      const scope = scopeOf(context);
      const loadBalancer = requireLoadBalancer(deps, scope, input.LoadBalancerName);
      const groups = securityGroupsFor(deps.ec2, scope, loadBalancer.vpcId, input.SecurityGroups);
      deps.loadBalancers.setSecurityGroups(scope, loadBalancer.name, groups);
      return { SecurityGroups: groups };
    },
  };
}

export function loadBalancerQueries(deps: ElbDeps): SyncHandlers<'DescribeLoadBalancers'> {
  return {
    DescribeLoadBalancers(input, context) {
      const scope = scopeOf(context);
      const all = deps.loadBalancers.list(scope);
      const names = input.LoadBalancerNames ?? [];
      for (const name of names) if (!all.some((loadBalancer) => loadBalancer.name === name)) throw elbErrors.loadBalancerNotFound(name);
      const chosen = names.length === 0 ? all : all.filter((loadBalancer) => names.includes(loadBalancer.name));
      const page = pageOf(chosen, input.Marker, input.PageSize);
      return {
        LoadBalancerDescriptions: page.items.map((loadBalancer) => describeLoadBalancer(deps, scope, loadBalancer)),
        ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      };
    },
  };
}

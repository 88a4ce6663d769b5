import type { Database } from 'better-sqlite3';
import type { elbv2 } from '@elbow/api-models';
import type { Scope } from './scope.js';

/** One subnet of a load balancer: its zone, and the addresses a SubnetMapping gave it. */
export interface LoadBalancerZone {
  readonly zoneName: string;
  readonly subnetId: string;
  readonly allocationId?: string;
  readonly privateIpv4Address?: string;
  readonly ipv6Address?: string;
  readonly sourceNatIpv6Prefix?: string;
}

/** What CreateLoadBalancer stores. */
export interface NewLoadBalancer {
  readonly arn: string;
  readonly name: string;
  readonly type: elbv2.LoadBalancerTypeEnum;
  readonly scheme: elbv2.LoadBalancerSchemeEnum;
  readonly ipAddressType: elbv2.IpAddressType;
  readonly vpcId: string;
  readonly dnsName?: string;
  readonly canonicalHostedZoneId?: string;
  readonly customerOwnedIpv4Pool?: string;
  readonly enforceSecurityGroupInboundRulesOnPrivateLinkTraffic?: elbv2.EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum;
  readonly enablePrefixForIpv6SourceNat?: elbv2.EnablePrefixForIpv6SourceNatEnum;
  readonly ipv4IpamPoolId?: string;
  readonly availabilityZones: readonly LoadBalancerZone[];
  /** In the order given; empty for load balancers without security groups. */
  readonly securityGroups: readonly string[];
  readonly createdAt: string;
  /** When `State` turns from `provisioning` to `active` (ISO 8601). */
  readonly activeAt: string;
}

/** The capacity reservation a caller set with ModifyCapacityReservation (none by default). */
export interface CapacityReservation {
  readonly minimumCapacityUnits?: number;
  readonly lastModifiedAt?: string;
  readonly decreaseRequestsRemaining?: number;
}

/** A stored load balancer. `seq` orders load balancers by creation. */
export interface LoadBalancerRecord extends NewLoadBalancer {
  readonly seq: number;
  readonly capacity: CapacityReservation;
}

const COLUMNS = [
  'seq', 'arn', 'name', 'type', 'scheme', 'ip_address_type', 'vpc_id', 'dns_name', 'canonical_hosted_zone_id',
  'customer_owned_ipv4_pool', 'enforce_security_group_inbound_rules_on_private_link_traffic',
  'enable_prefix_for_ipv6_source_nat', 'ipv4_ipam_pool_id', 'minimum_capacity_units', 'capacity_last_modified_at',
  'capacity_decrease_requests_remaining', 'created_at', 'active_at',
] as const;
const SELECT_COLUMNS = COLUMNS.join(', ');

/** One row, in COLUMNS order (read with `.raw()`, as target-group-repository.ts explains). */
type LoadBalancerRow = [
  seq: number,
  arn: string,
  name: string,
  type: string,
  scheme: string,
  ipAddressType: string,
  vpcId: string,
  dnsName: string | null,
  canonicalHostedZoneId: string | null,
  customerOwnedIpv4Pool: string | null,
  enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: string | null,
  enablePrefixForIpv6SourceNat: string | null,
  ipv4IpamPoolId: string | null,
  minimumCapacityUnits: number | null,
  capacityLastModifiedAt: string | null,
  capacityDecreaseRequestsRemaining: number | null,
  createdAt: string,
  activeAt: string,
];

type SubnetRow = [
  loadBalancerArn: string,
  subnetId: string,
  zoneName: string,
  allocationId: string | null,
  privateIpv4Address: string | null,
  ipv6Address: string | null,
  sourceNatIpv6Prefix: string | null,
];
type SecurityGroupRow = [loadBalancerArn: string, groupId: string];

export interface LoadBalancerRepository {
  insert(scope: Scope, loadBalancer: NewLoadBalancer): LoadBalancerRecord;
  findByArn(scope: Scope, arn: string): LoadBalancerRecord | undefined;
  findByName(scope: Scope, name: string): LoadBalancerRecord | undefined;
  /** Load balancers with seq > afterSeq, in seq order, at most `limit`. */
  listAfter(scope: Scope, afterSeq: number, limit: number): LoadBalancerRecord[];
  count(scope: Scope): number;
  /**
   * Deletes the load balancer (its subnets, security groups, attributes, and through migration
   * 004 its listeners and rules, cascade) and the tags of it and of every listener and rule
   * under it; false when there was none.
   */
  delete(scope: Scope, arn: string): boolean;
  replaceAvailabilityZones(scope: Scope, arn: string, zones: readonly LoadBalancerZone[]): void;
  replaceSecurityGroups(scope: Scope, arn: string, groupIds: readonly string[]): void;
  updateIpAddressType(scope: Scope, arn: string, ipAddressType: elbv2.IpAddressType): void;
  updateEnablePrefixForIpv6SourceNat(scope: Scope, arn: string, value: elbv2.EnablePrefixForIpv6SourceNatEnum | undefined): void;
  updateEnforceSecurityGroupInboundRules(
    scope: Scope,
    arn: string,
    value: elbv2.EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum | undefined,
  ): void;
  updateIpv4IpamPoolId(scope: Scope, arn: string, poolId: string | undefined): void;
  updateCapacity(scope: Scope, arn: string, capacity: CapacityReservation): void;
  /** The attributes a caller set (defaults are not stored). */
  getAttributes(scope: Scope, arn: string): Map<string, string>;
  putAttributes(scope: Scope, arn: string, attributes: ReadonlyMap<string, string>): void;
}

/** Prepares every statement once (better-sqlite3 docs/performance.md) and maps rows to records. */
export function createLoadBalancerRepository(db: Database): LoadBalancerRepository {
  const insert = db.prepare(`
    INSERT INTO load_balancers (
      account_id, region, arn, name, type, scheme, ip_address_type, vpc_id, dns_name, canonical_hosted_zone_id,
      customer_owned_ipv4_pool, enforce_security_group_inbound_rules_on_private_link_traffic,
      enable_prefix_for_ipv6_source_nat, ipv4_ipam_pool_id, created_at, active_at)
    VALUES (
      @accountId, @region, @arn, @name, @type, @scheme, @ipAddressType, @vpcId, @dnsName, @canonicalHostedZoneId,
      @customerOwnedIpv4Pool, @enforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
      @enablePrefixForIpv6SourceNat, @ipv4IpamPoolId, @createdAt, @activeAt)`);
  const selectByArn = db
    .prepare<[string, string, string], LoadBalancerRow>(`SELECT ${SELECT_COLUMNS} FROM load_balancers WHERE account_id = ? AND region = ? AND arn = ?`)
    .raw();
  const selectByName = db
    .prepare<[string, string, string], LoadBalancerRow>(`SELECT ${SELECT_COLUMNS} FROM load_balancers WHERE account_id = ? AND region = ? AND name = ?`)
    .raw();
  const selectAfter = db
    .prepare<[string, string, number, number], LoadBalancerRow>(
      `SELECT ${SELECT_COLUMNS} FROM load_balancers WHERE account_id = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?`,
    )
    .raw();
  const countAll = db.prepare<[string, string], number>(`SELECT count(*) FROM load_balancers WHERE account_id = ? AND region = ?`).pluck();

  const selectSubnetsOf = db
    .prepare<[string, string, string], SubnetRow>(`
      SELECT load_balancer_arn, subnet_id, availability_zone, allocation_id, private_ipv4_address, ipv6_address, source_nat_ipv6_prefix
      FROM load_balancer_subnets WHERE account_id = ? AND region = ? AND load_balancer_arn = ? ORDER BY position`)
    .raw();
  const selectSecurityGroupsOf = db
    .prepare<[string, string, string], SecurityGroupRow>(`
      SELECT load_balancer_arn, group_id FROM load_balancer_security_groups
      WHERE account_id = ? AND region = ? AND load_balancer_arn = ? ORDER BY position`)
    .raw();
  // For a page of load balancers: the children of every load balancer in a seq range, in one read each.
  const selectSubnetsInRange = db
    .prepare<[string, string, number, number], SubnetRow>(`
      SELECT s.load_balancer_arn, s.subnet_id, s.availability_zone, s.allocation_id, s.private_ipv4_address, s.ipv6_address, s.source_nat_ipv6_prefix
      FROM load_balancer_subnets s JOIN load_balancers l
        ON l.account_id = s.account_id AND l.region = s.region AND l.arn = s.load_balancer_arn
      WHERE s.account_id = ? AND s.region = ? AND l.seq BETWEEN ? AND ? ORDER BY l.seq, s.position`)
    .raw();
  const selectSecurityGroupsInRange = db
    .prepare<[string, string, number, number], SecurityGroupRow>(`
      SELECT g.load_balancer_arn, g.group_id
      FROM load_balancer_security_groups g JOIN load_balancers l
        ON l.account_id = g.account_id AND l.region = g.region AND l.arn = g.load_balancer_arn
      WHERE g.account_id = ? AND g.region = ? AND l.seq BETWEEN ? AND ? ORDER BY l.seq, g.position`)
    .raw();

  const insertSubnet = db.prepare(`
    INSERT INTO load_balancer_subnets (
      account_id, region, load_balancer_arn, position, subnet_id, availability_zone,
      allocation_id, private_ipv4_address, ipv6_address, source_nat_ipv6_prefix)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const deleteSubnets = db.prepare(`DELETE FROM load_balancer_subnets WHERE account_id = ? AND region = ? AND load_balancer_arn = ?`);
  const insertSecurityGroup = db.prepare(`
    INSERT INTO load_balancer_security_groups (account_id, region, load_balancer_arn, position, group_id) VALUES (?, ?, ?, ?, ?)`);
  const deleteSecurityGroups = db.prepare(
    `DELETE FROM load_balancer_security_groups WHERE account_id = ? AND region = ? AND load_balancer_arn = ?`,
  );

  const deleteByArn = db.prepare(`DELETE FROM load_balancers WHERE account_id = ? AND region = ? AND arn = ?`);
  // Tags have no foreign key (one table for every resource kind): the load balancer's own, and
  // those of its listeners and rules, whose ARNs share `listener/<type>/<name>/<id>/` and
  // `listener-rule/<type>/<name>/<id>/` (arn.ts). substr, not LIKE, so no character is a wildcard.
  const deleteTagsOf = db.prepare(`
    DELETE FROM tags WHERE account_id = @accountId AND region = @region AND (
      resource_arn = @arn
      OR substr(resource_arn, 1, length(@listenerPrefix)) = @listenerPrefix
      OR substr(resource_arn, 1, length(@rulePrefix)) = @rulePrefix)`);

  const updateIpAddressType = db.prepare(`UPDATE load_balancers SET ip_address_type = ? WHERE account_id = ? AND region = ? AND arn = ?`);
  const updatePrefix = db.prepare(
    `UPDATE load_balancers SET enable_prefix_for_ipv6_source_nat = ? WHERE account_id = ? AND region = ? AND arn = ?`,
  );
  const updateEnforce = db.prepare(
    `UPDATE load_balancers SET enforce_security_group_inbound_rules_on_private_link_traffic = ? WHERE account_id = ? AND region = ? AND arn = ?`,
  );
  const updateIpamPool = db.prepare(`UPDATE load_balancers SET ipv4_ipam_pool_id = ? WHERE account_id = ? AND region = ? AND arn = ?`);
  const updateCapacity = db.prepare(`
    UPDATE load_balancers SET minimum_capacity_units = ?, capacity_last_modified_at = ?, capacity_decrease_requests_remaining = ?
    WHERE account_id = ? AND region = ? AND arn = ?`);

  const selectAttributes = db.prepare<[string, string, string], { key: string; value: string }>(
    `SELECT key, value FROM load_balancer_attributes WHERE account_id = ? AND region = ? AND load_balancer_arn = ?`,
  );
  const upsertAttribute = db.prepare(`
    INSERT INTO load_balancer_attributes (account_id, region, load_balancer_arn, key, value) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, load_balancer_arn, key) DO UPDATE SET value = excluded.value`);

  function writeZones(scope: Scope, arn: string, zones: readonly LoadBalancerZone[]): void {
    zones.forEach((zone, position) => {
      insertSubnet.run(
        scope.accountId, scope.region, arn, position, zone.subnetId, zone.zoneName,
        zone.allocationId ?? null, zone.privateIpv4Address ?? null, zone.ipv6Address ?? null, zone.sourceNatIpv6Prefix ?? null,
      );
    });
  }
  function writeSecurityGroups(scope: Scope, arn: string, groupIds: readonly string[]): void {
    groupIds.forEach((groupId, position) => insertSecurityGroup.run(scope.accountId, scope.region, arn, position, groupId));
  }
  function withChildren(scope: Scope, row: LoadBalancerRow): LoadBalancerRecord {
    const arn = row[1];
    return toRecord(
      row,
      selectSubnetsOf.all(scope.accountId, scope.region, arn).map(toZone),
      selectSecurityGroupsOf.all(scope.accountId, scope.region, arn).map(([, groupId]) => groupId),
    );
  }

  return {
    insert(scope, loadBalancer) {
      const result = insert.run({
        ...scope,
        arn: loadBalancer.arn,
        name: loadBalancer.name,
        type: loadBalancer.type,
        scheme: loadBalancer.scheme,
        ipAddressType: loadBalancer.ipAddressType,
        vpcId: loadBalancer.vpcId,
        dnsName: loadBalancer.dnsName ?? null,
        canonicalHostedZoneId: loadBalancer.canonicalHostedZoneId ?? null,
        customerOwnedIpv4Pool: loadBalancer.customerOwnedIpv4Pool ?? null,
        enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: loadBalancer.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic ?? null,
        enablePrefixForIpv6SourceNat: loadBalancer.enablePrefixForIpv6SourceNat ?? null,
        ipv4IpamPoolId: loadBalancer.ipv4IpamPoolId ?? null,
        createdAt: loadBalancer.createdAt,
        activeAt: loadBalancer.activeAt,
      });
      writeZones(scope, loadBalancer.arn, loadBalancer.availabilityZones);
      writeSecurityGroups(scope, loadBalancer.arn, loadBalancer.securityGroups);
      return { ...loadBalancer, seq: Number(result.lastInsertRowid), capacity: {} };
    },
    findByArn(scope, arn) {
      const row = selectByArn.get(scope.accountId, scope.region, arn);
      return row && withChildren(scope, row);
    },
    findByName(scope, name) {
      const row = selectByName.get(scope.accountId, scope.region, name);
      return row && withChildren(scope, row);
    },
    listAfter(scope, afterSeq, limit) {
      const rows = selectAfter.all(scope.accountId, scope.region, afterSeq, limit);
      const first = rows[0];
      const last = rows[rows.length - 1];
      if (!first || !last) return [];
      const zones = new Map<string, LoadBalancerZone[]>();
      for (const subnet of selectSubnetsInRange.all(scope.accountId, scope.region, first[0], last[0])) {
        const list = zones.get(subnet[0]) ?? [];
        list.push(toZone(subnet));
        zones.set(subnet[0], list);
      }
      const groups = new Map<string, string[]>();
      for (const [arn, groupId] of selectSecurityGroupsInRange.all(scope.accountId, scope.region, first[0], last[0])) {
        const list = groups.get(arn) ?? [];
        list.push(groupId);
        groups.set(arn, list);
      }
      return rows.map((row) => toRecord(row, zones.get(row[1]) ?? [], groups.get(row[1]) ?? []));
    },
    count(scope) {
      return countAll.get(scope.accountId, scope.region) ?? 0;
    },
    delete(scope, arn) {
      const deleted = deleteByArn.run(scope.accountId, scope.region, arn).changes > 0;
      if (deleted) {
        const resource = arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
        const prefix = arn.slice(0, arn.indexOf(':loadbalancer/') + 1);
        deleteTagsOf.run({
          ...scope,
          arn,
          listenerPrefix: `${prefix}listener/${resource}/`,
          rulePrefix: `${prefix}listener-rule/${resource}/`,
        });
      }
      return deleted;
    },
    replaceAvailabilityZones(scope, arn, zones) {
      deleteSubnets.run(scope.accountId, scope.region, arn);
      writeZones(scope, arn, zones);
    },
    replaceSecurityGroups(scope, arn, groupIds) {
      deleteSecurityGroups.run(scope.accountId, scope.region, arn);
      writeSecurityGroups(scope, arn, groupIds);
    },
    updateIpAddressType(scope, arn, ipAddressType) {
      updateIpAddressType.run(ipAddressType, scope.accountId, scope.region, arn);
    },
    updateEnablePrefixForIpv6SourceNat(scope, arn, value) {
      updatePrefix.run(value ?? null, scope.accountId, scope.region, arn);
    },
    updateEnforceSecurityGroupInboundRules(scope, arn, value) {
      updateEnforce.run(value ?? null, scope.accountId, scope.region, arn);
    },
    updateIpv4IpamPoolId(scope, arn, poolId) {
      updateIpamPool.run(poolId ?? null, scope.accountId, scope.region, arn);
    },
    updateCapacity(scope, arn, capacity) {
      updateCapacity.run(
        capacity.minimumCapacityUnits ?? null,
        capacity.lastModifiedAt ?? null,
        capacity.decreaseRequestsRemaining ?? null,
        scope.accountId, scope.region, arn,
      );
    },
    getAttributes(scope, arn) {
      return new Map(selectAttributes.all(scope.accountId, scope.region, arn).map(({ key, value }) => [key, value]));
    },
    putAttributes(scope, arn, attributes) {
      for (const [key, value] of attributes) upsertAttribute.run(scope.accountId, scope.region, arn, key, value);
    },
  };
}

function toZone(row: SubnetRow): LoadBalancerZone {
  const [, subnetId, zoneName, allocationId, privateIpv4Address, ipv6Address, sourceNatIpv6Prefix] = row;
  return {
    zoneName,
    subnetId,
    ...(allocationId !== null ? { allocationId } : {}),
    ...(privateIpv4Address !== null ? { privateIpv4Address } : {}),
    ...(ipv6Address !== null ? { ipv6Address } : {}),
    ...(sourceNatIpv6Prefix !== null ? { sourceNatIpv6Prefix } : {}),
  };
}

function toRecord(row: LoadBalancerRow, availabilityZones: LoadBalancerZone[], securityGroups: string[]): LoadBalancerRecord {
  const [
    seq, arn, name, type, scheme, ipAddressType, vpcId, dnsName, canonicalHostedZoneId, customerOwnedIpv4Pool,
    enforce, enablePrefix, ipv4IpamPoolId, minimumCapacityUnits, capacityLastModifiedAt, capacityDecreaseRequestsRemaining,
    createdAt, activeAt,
  ] = row;
  return {
    seq,
    arn,
    name,
    // The columns only ever hold values the handlers validated against the model's enums.
    type: type as elbv2.LoadBalancerTypeEnum,
    scheme: scheme as elbv2.LoadBalancerSchemeEnum,
    ipAddressType: ipAddressType as elbv2.IpAddressType,
    vpcId,
    dnsName: dnsName ?? undefined,
    canonicalHostedZoneId: canonicalHostedZoneId ?? undefined,
    customerOwnedIpv4Pool: customerOwnedIpv4Pool ?? undefined,
    enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: (enforce ?? undefined) as
      | elbv2.EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum
      | undefined,
    enablePrefixForIpv6SourceNat: (enablePrefix ?? undefined) as elbv2.EnablePrefixForIpv6SourceNatEnum | undefined,
    ipv4IpamPoolId: ipv4IpamPoolId ?? undefined,
    availabilityZones,
    securityGroups,
    createdAt,
    activeAt,
    capacity: {
      minimumCapacityUnits: minimumCapacityUnits ?? undefined,
      lastModifiedAt: capacityLastModifiedAt ?? undefined,
      decreaseRequestsRemaining: capacityDecreaseRequestsRemaining ?? undefined,
    },
  };
}

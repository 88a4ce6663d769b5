import type { Database } from 'better-sqlite3';
import type { elb } from '@elbow/api-models';
import type { Scope } from './handler-types.js';
import type { ClassicAttributes } from './load-balancer-attributes.js';
import type { ClassicListener, ClassicProtocol } from './listener-rules.js';

/** A classic load balancer's own row, mapped from snake_case. */
export interface ClassicLoadBalancer {
  readonly seq: number;
  readonly name: string;
  readonly dnsName: string;
  readonly scheme: string;
  readonly vpcId: string | undefined;
  readonly healthCheck: elb.HealthCheck;
  readonly attributes: ClassicAttributes;
  readonly createdAt: string;
}

export interface ZoneRow {
  readonly availabilityZone: string;
  /** Undefined for a zone enabled by name (EnableAvailabilityZonesForLoadBalancer). */
  readonly subnetId: string | undefined;
}

export interface RegisteredInstance {
  readonly instanceId: string;
  readonly registeredAt: string;
}

interface LoadBalancerRow {
  seq: number;
  name: string;
  dns_name: string;
  scheme: string;
  vpc_id: string | null;
  health_check_target: string;
  health_check_interval_seconds: number;
  health_check_timeout_seconds: number;
  unhealthy_threshold: number;
  healthy_threshold: number;
  cross_zone_enabled: number;
  access_log_enabled: number;
  access_log_s3_bucket_name: string | null;
  access_log_emit_interval_minutes: number | null;
  access_log_s3_bucket_prefix: string | null;
  connection_draining_enabled: number;
  connection_draining_timeout_seconds: number;
  idle_timeout_seconds: number;
  created_at: string;
}

interface ListenerRow {
  load_balancer_port: number;
  protocol: string;
  instance_protocol: string;
  instance_port: number;
  ssl_certificate_id: string | null;
}

export interface NewClassicLoadBalancer {
  readonly name: string;
  readonly dnsName: string;
  readonly scheme: string;
  readonly vpcId: string | undefined;
  readonly healthCheck: elb.HealthCheck;
  readonly attributes: ClassicAttributes;
  readonly createdAt: string;
}

/** Classic load balancers and what hangs off them directly (zones, groups, listeners, instances, attributes). */
export interface ClassicLoadBalancerRepository {
  find(scope: Scope, name: string): ClassicLoadBalancer | undefined;
  /** Every load balancer of the scope, in creation order. */
  list(scope: Scope): ClassicLoadBalancer[];
  count(scope: Scope): number;
  insert(scope: Scope, loadBalancer: NewClassicLoadBalancer): void;
  /** Children go with it (ON DELETE CASCADE). */
  delete(scope: Scope, name: string): void;
  updateHealthCheck(scope: Scope, name: string, healthCheck: elb.HealthCheck): void;
  updateAttributes(scope: Scope, name: string, attributes: ClassicAttributes): void;
  zones(scope: Scope, name: string): ZoneRow[];
  setZones(scope: Scope, name: string, zones: readonly ZoneRow[]): void;
  securityGroups(scope: Scope, name: string): string[];
  setSecurityGroups(scope: Scope, name: string, groupIds: readonly string[]): void;
  listeners(scope: Scope, name: string): ClassicListener[];
  insertListener(scope: Scope, name: string, listener: ClassicListener): void;
  deleteListener(scope: Scope, name: string, port: number): void;
  setListenerCertificate(scope: Scope, name: string, port: number, certificateId: string): void;
  instances(scope: Scope, name: string): RegisteredInstance[];
  addInstance(scope: Scope, name: string, instanceId: string, registeredAt: string): void;
  removeInstance(scope: Scope, name: string, instanceId: string): void;
  additionalAttributes(scope: Scope, name: string): Map<string, string>;
  putAdditionalAttribute(scope: Scope, name: string, key: string, value: string): void;
}

function toLoadBalancer(row: LoadBalancerRow): ClassicLoadBalancer {
  return {
    seq: row.seq,
    name: row.name,
    dnsName: row.dns_name,
    scheme: row.scheme,
    vpcId: row.vpc_id ?? undefined,
    healthCheck: {
      Target: row.health_check_target,
      Interval: row.health_check_interval_seconds,
      Timeout: row.health_check_timeout_seconds,
      UnhealthyThreshold: row.unhealthy_threshold,
      HealthyThreshold: row.healthy_threshold,
    },
    attributes: {
      crossZoneEnabled: row.cross_zone_enabled === 1,
      accessLogEnabled: row.access_log_enabled === 1,
      accessLogS3BucketName: row.access_log_s3_bucket_name ?? undefined,
      accessLogEmitIntervalMinutes: row.access_log_emit_interval_minutes ?? undefined,
      accessLogS3BucketPrefix: row.access_log_s3_bucket_prefix ?? undefined,
      connectionDrainingEnabled: row.connection_draining_enabled === 1,
      connectionDrainingTimeoutSeconds: row.connection_draining_timeout_seconds,
      idleTimeoutSeconds: row.idle_timeout_seconds,
    },
    createdAt: row.created_at,
  };
}

function attributeParams(attributes: ClassicAttributes) {
  return {
    cross_zone_enabled: attributes.crossZoneEnabled ? 1 : 0,
    access_log_enabled: attributes.accessLogEnabled ? 1 : 0,
    access_log_s3_bucket_name: attributes.accessLogS3BucketName ?? null,
    access_log_emit_interval_minutes: attributes.accessLogEmitIntervalMinutes ?? null,
    access_log_s3_bucket_prefix: attributes.accessLogS3BucketPrefix ?? null,
    connection_draining_enabled: attributes.connectionDrainingEnabled ? 1 : 0,
    connection_draining_timeout_seconds: attributes.connectionDrainingTimeoutSeconds,
    idle_timeout_seconds: attributes.idleTimeoutSeconds,
  };
}

const ATTRIBUTE_ASSIGNMENTS = `cross_zone_enabled = @cross_zone_enabled, access_log_enabled = @access_log_enabled,
  access_log_s3_bucket_name = @access_log_s3_bucket_name, access_log_emit_interval_minutes = @access_log_emit_interval_minutes,
  access_log_s3_bucket_prefix = @access_log_s3_bucket_prefix, connection_draining_enabled = @connection_draining_enabled,
  connection_draining_timeout_seconds = @connection_draining_timeout_seconds, idle_timeout_seconds = @idle_timeout_seconds`;

const KEY = 'account_id = ? AND region = ? AND load_balancer_name = ?';

export function createClassicLoadBalancerRepository(db: Database): ClassicLoadBalancerRepository {
  const selectOne = db.prepare<[string, string, string], LoadBalancerRow>(`SELECT * FROM classic_load_balancers WHERE account_id = ? AND region = ? AND name = ?`);
  const selectAll = db.prepare<[string, string], LoadBalancerRow>(`SELECT * FROM classic_load_balancers WHERE account_id = ? AND region = ? ORDER BY seq`);
  const countAll = db.prepare<[string, string], number>(`SELECT count(*) FROM classic_load_balancers WHERE account_id = ? AND region = ?`).pluck();
  const insertOne = db.prepare(`
    INSERT INTO classic_load_balancers (account_id, region, name, dns_name, scheme, vpc_id, health_check_target,
      health_check_interval_seconds, health_check_timeout_seconds, unhealthy_threshold, healthy_threshold,
      cross_zone_enabled, access_log_enabled, access_log_s3_bucket_name, access_log_emit_interval_minutes,
      access_log_s3_bucket_prefix, connection_draining_enabled, connection_draining_timeout_seconds, idle_timeout_seconds, created_at)
    VALUES (@account_id, @region, @name, @dns_name, @scheme, @vpc_id, @health_check_target,
      @health_check_interval_seconds, @health_check_timeout_seconds, @unhealthy_threshold, @healthy_threshold,
      @cross_zone_enabled, @access_log_enabled, @access_log_s3_bucket_name, @access_log_emit_interval_minutes,
      @access_log_s3_bucket_prefix, @connection_draining_enabled, @connection_draining_timeout_seconds, @idle_timeout_seconds, @created_at)`);
  const deleteOne = db.prepare(`DELETE FROM classic_load_balancers WHERE account_id = ? AND region = ? AND name = ?`);
  const updateCheck = db.prepare(`
    UPDATE classic_load_balancers SET health_check_target = @target, health_check_interval_seconds = @interval,
      health_check_timeout_seconds = @timeout, unhealthy_threshold = @unhealthy, healthy_threshold = @healthy
    WHERE account_id = @account_id AND region = @region AND name = @name`);
  const updateAttributes = db.prepare(`UPDATE classic_load_balancers SET ${ATTRIBUTE_ASSIGNMENTS} WHERE account_id = @account_id AND region = @region AND name = @name`);

  const selectZones = db.prepare<[string, string, string], { availability_zone: string; subnet_id: string | null }>(
    `SELECT availability_zone, subnet_id FROM classic_load_balancer_zones WHERE ${KEY} ORDER BY position`,
  );
  const deleteZones = db.prepare(`DELETE FROM classic_load_balancer_zones WHERE ${KEY}`);
  const insertZone = db.prepare(
    `INSERT INTO classic_load_balancer_zones (account_id, region, load_balancer_name, position, availability_zone, subnet_id) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const selectGroups = db.prepare<[string, string, string], string>(`SELECT group_id FROM classic_load_balancer_security_groups WHERE ${KEY} ORDER BY position`).pluck();
  const deleteGroups = db.prepare(`DELETE FROM classic_load_balancer_security_groups WHERE ${KEY}`);
  const insertGroup = db.prepare(`INSERT INTO classic_load_balancer_security_groups (account_id, region, load_balancer_name, position, group_id) VALUES (?, ?, ?, ?, ?)`);

  const selectListeners = db.prepare<[string, string, string], ListenerRow>(
    `SELECT load_balancer_port, protocol, instance_protocol, instance_port, ssl_certificate_id FROM classic_listeners WHERE ${KEY} ORDER BY load_balancer_port`,
  );
  const insertListener = db.prepare(`
    INSERT INTO classic_listeners (account_id, region, load_balancer_name, load_balancer_port, protocol, instance_protocol, instance_port, ssl_certificate_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const deleteListener = db.prepare(`DELETE FROM classic_listeners WHERE ${KEY} AND load_balancer_port = ?`);
  const updateCertificate = db.prepare(`UPDATE classic_listeners SET ssl_certificate_id = ? WHERE ${KEY} AND load_balancer_port = ?`);

  const selectInstances = db.prepare<[string, string, string], { instance_id: string; registered_at: string }>(
    `SELECT instance_id, registered_at FROM classic_instances WHERE ${KEY} ORDER BY seq`,
  );
  const insertInstance = db.prepare(`
    INSERT INTO classic_instances (account_id, region, load_balancer_name, instance_id, registered_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, load_balancer_name, instance_id) DO NOTHING`);
  const deleteInstance = db.prepare(`DELETE FROM classic_instances WHERE ${KEY} AND instance_id = ?`);

  const selectAdditional = db.prepare<[string, string, string], { key: string; value: string }>(`SELECT key, value FROM classic_additional_attributes WHERE ${KEY}`);
  const upsertAdditional = db.prepare(`
    INSERT INTO classic_additional_attributes (account_id, region, load_balancer_name, key, value) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, region, load_balancer_name, key) DO UPDATE SET value = excluded.value`);

  return {
    find(scope, name) {
      const row = selectOne.get(scope.accountId, scope.region, name);
      return row ? toLoadBalancer(row) : undefined;
    },
    list(scope) {
      return selectAll.all(scope.accountId, scope.region).map(toLoadBalancer);
    },
    count(scope) {
      return countAll.get(scope.accountId, scope.region) ?? 0;
    },
    insert(scope, loadBalancer) {
      insertOne.run({
        account_id: scope.accountId,
        region: scope.region,
        name: loadBalancer.name,
        dns_name: loadBalancer.dnsName,
        scheme: loadBalancer.scheme,
        vpc_id: loadBalancer.vpcId ?? null,
        health_check_target: loadBalancer.healthCheck.Target,
        health_check_interval_seconds: loadBalancer.healthCheck.Interval,
        health_check_timeout_seconds: loadBalancer.healthCheck.Timeout,
        unhealthy_threshold: loadBalancer.healthCheck.UnhealthyThreshold,
        healthy_threshold: loadBalancer.healthCheck.HealthyThreshold,
        ...attributeParams(loadBalancer.attributes),
        created_at: loadBalancer.createdAt,
      });
    },
    delete(scope, name) {
      deleteOne.run(scope.accountId, scope.region, name);
    },
    updateHealthCheck(scope, name, check) {
      updateCheck.run({
        account_id: scope.accountId,
        region: scope.region,
        name,
        target: check.Target,
        interval: check.Interval,
        timeout: check.Timeout,
        unhealthy: check.UnhealthyThreshold,
        healthy: check.HealthyThreshold,
      });
    },
    updateAttributes(scope, name, attributes) {
      updateAttributes.run({ account_id: scope.accountId, region: scope.region, name, ...attributeParams(attributes) });
    },
    zones(scope, name) {
      return selectZones.all(scope.accountId, scope.region, name).map((row) => ({ availabilityZone: row.availability_zone, subnetId: row.subnet_id ?? undefined }));
    },
    setZones(scope, name, zones) {
      deleteZones.run(scope.accountId, scope.region, name);
      zones.forEach((zone, position) => insertZone.run(scope.accountId, scope.region, name, position, zone.availabilityZone, zone.subnetId ?? null));
    },
    securityGroups(scope, name) {
      return selectGroups.all(scope.accountId, scope.region, name);
    },
    setSecurityGroups(scope, name, groupIds) {
      deleteGroups.run(scope.accountId, scope.region, name);
      groupIds.forEach((groupId, position) => insertGroup.run(scope.accountId, scope.region, name, position, groupId));
    },
    listeners(scope, name) {
      return selectListeners.all(scope.accountId, scope.region, name).map((row) => ({
        protocol: row.protocol as ClassicProtocol,
        loadBalancerPort: row.load_balancer_port,
        instanceProtocol: row.instance_protocol as ClassicProtocol,
        instancePort: row.instance_port,
        sslCertificateId: row.ssl_certificate_id ?? undefined,
      }));
    },
    insertListener(scope, name, listener) {
      insertListener.run(
        scope.accountId,
        scope.region,
        name,
        listener.loadBalancerPort,
        listener.protocol,
        listener.instanceProtocol,
        listener.instancePort,
        listener.sslCertificateId ?? null,
      );
    },
    deleteListener(scope, name, port) {
      deleteListener.run(scope.accountId, scope.region, name, port);
    },
    setListenerCertificate(scope, name, port, certificateId) {
      updateCertificate.run(certificateId, scope.accountId, scope.region, name, port);
    },
    instances(scope, name) {
      return selectInstances.all(scope.accountId, scope.region, name).map((row) => ({ instanceId: row.instance_id, registeredAt: row.registered_at }));
    },
    addInstance(scope, name, instanceId, registeredAt) {
      insertInstance.run(scope.accountId, scope.region, name, instanceId, registeredAt);
    },
    removeInstance(scope, name, instanceId) {
      deleteInstance.run(scope.accountId, scope.region, name, instanceId);
    },
    additionalAttributes(scope, name) {
      return new Map(selectAdditional.all(scope.accountId, scope.region, name).map((row) => [row.key, row.value]));
    },
    putAdditionalAttribute(scope, name, key, value) {
      upsertAdditional.run(scope.accountId, scope.region, name, key, value);
    },
  };
}

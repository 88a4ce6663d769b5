import type { Database } from 'better-sqlite3';
import type { Ec2Scope, InstanceStateName } from './ec2-inventory.js';

export interface InstanceRow {
  readonly seq: number;
  readonly instanceId: string;
  readonly reservationId: string;
  readonly amiLaunchIndex: number;
  readonly imageId: string;
  readonly instanceType: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly privateIpAddress: string;
  readonly state: InstanceStateName;
  readonly launchedAt: string;
}

export type NewInstance = Omit<InstanceRow, 'seq'>;

export interface InstanceRepository {
  /** Stores the instance with its security groups, in the order given. */
  insert(scope: Ec2Scope, instance: NewInstance, securityGroupIds: readonly string[]): InstanceRow;
  find(scope: Ec2Scope, instanceId: string): InstanceRow | undefined;
  /** Every instance of the scope, terminated ones included, in launch order. */
  list(scope: Ec2Scope): InstanceRow[];
  setState(scope: Ec2Scope, instanceId: string, state: InstanceStateName): void;
  securityGroupIds(scope: Ec2Scope, instanceId: string): string[];
  /** Private addresses held in the subnet by instances not terminated. */
  addressesInUse(scope: Ec2Scope, subnetId: string): string[];
  /** Instances not terminated in the subnet: they keep it from being deleted. */
  countLiveInSubnet(scope: Ec2Scope, subnetId: string): number;
  /** Instances not terminated using the group: they keep it from being deleted. */
  countLiveInGroup(scope: Ec2Scope, groupId: string): number;
  /** Forgets the terminated instances of a subnet (AWS lets them go; they never block a delete). */
  purgeTerminatedInSubnet(scope: Ec2Scope, subnetId: string): string[];
  /** Drops a group from terminated instances, so the group can be deleted. */
  detachTerminatedFromGroup(scope: Ec2Scope, groupId: string): void;
}

type Row = [
  seq: number,
  instanceId: string,
  reservationId: string,
  amiLaunchIndex: number,
  imageId: string,
  instanceType: string,
  vpcId: string,
  subnetId: string,
  availabilityZone: string,
  privateIpAddress: string,
  state: string,
  launchedAt: string,
];
const COLUMNS =
  'seq, instance_id, reservation_id, ami_launch_index, image_id, instance_type, vpc_id, subnet_id, availability_zone, private_ip_address, state, launched_at';

export function createInstanceRepository(db: Database): InstanceRepository {
  const insert = db.prepare(`
    INSERT INTO instances (
      account_id, region, instance_id, reservation_id, ami_launch_index, image_id, instance_type, vpc_id, subnet_id,
      availability_zone, private_ip_address, state, launched_at)
    VALUES (
      @accountId, @region, @instanceId, @reservationId, @amiLaunchIndex, @imageId, @instanceType, @vpcId, @subnetId,
      @availabilityZone, @privateIpAddress, @state, @launchedAt)`);
  const insertGroup = db.prepare(
    `INSERT INTO instance_security_groups (account_id, region, instance_id, group_id, position) VALUES (?, ?, ?, ?, ?)`,
  );
  const selectOne = db
    .prepare<[string, string, string], Row>(`SELECT ${COLUMNS} FROM instances WHERE account_id = ? AND region = ? AND instance_id = ?`)
    .raw();
  const selectAll = db.prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM instances WHERE account_id = ? AND region = ? ORDER BY seq`).raw();
  const updateState = db.prepare(`UPDATE instances SET state = ? WHERE account_id = ? AND region = ? AND instance_id = ?`);
  const selectGroups = db
    .prepare<[string, string, string], string>(
      `SELECT group_id FROM instance_security_groups WHERE account_id = ? AND region = ? AND instance_id = ? ORDER BY position`,
    )
    .pluck();
  const selectAddresses = db
    .prepare<[string, string, string], string>(
      `SELECT private_ip_address FROM instances WHERE account_id = ? AND region = ? AND subnet_id = ? AND state <> 'terminated'`,
    )
    .pluck();
  const countLiveInSubnet = db
    .prepare<[string, string, string], number>(
      `SELECT count(*) FROM instances WHERE account_id = ? AND region = ? AND subnet_id = ? AND state <> 'terminated'`,
    )
    .pluck();
  const countLiveInGroup = db
    .prepare<[string, string, string], number>(`
      SELECT count(*) FROM instance_security_groups g
      JOIN instances i ON i.account_id = g.account_id AND i.region = g.region AND i.instance_id = g.instance_id
      WHERE g.account_id = ? AND g.region = ? AND g.group_id = ? AND i.state <> 'terminated'`)
    .pluck();
  const selectTerminatedInSubnet = db
    .prepare<[string, string, string], string>(
      `SELECT instance_id FROM instances WHERE account_id = ? AND region = ? AND subnet_id = ? AND state = 'terminated'`,
    )
    .pluck();
  const deleteOne = db.prepare(`DELETE FROM instances WHERE account_id = ? AND region = ? AND instance_id = ?`);
  const detachTerminated = db.prepare(`
    DELETE FROM instance_security_groups
    WHERE account_id = @accountId AND region = @region AND group_id = @groupId AND instance_id IN (
      SELECT instance_id FROM instances WHERE account_id = @accountId AND region = @region AND state = 'terminated')`);

  return {
    insert(scope, instance, securityGroupIds) {
      const result = insert.run({ ...scope, ...instance });
      securityGroupIds.forEach((groupId, position) => insertGroup.run(scope.accountId, scope.region, instance.instanceId, groupId, position));
      return { ...instance, seq: Number(result.lastInsertRowid) };
    },
    find(scope, instanceId) {
      const row = selectOne.get(scope.accountId, scope.region, instanceId);
      return row && toInstance(row);
    },
    list(scope) {
      return selectAll.all(scope.accountId, scope.region).map(toInstance);
    },
    setState(scope, instanceId, state) {
      updateState.run(state, scope.accountId, scope.region, instanceId);
    },
    securityGroupIds(scope, instanceId) {
      return selectGroups.all(scope.accountId, scope.region, instanceId);
    },
    addressesInUse(scope, subnetId) {
      return selectAddresses.all(scope.accountId, scope.region, subnetId);
    },
    countLiveInSubnet(scope, subnetId) {
      return countLiveInSubnet.get(scope.accountId, scope.region, subnetId) ?? 0;
    },
    countLiveInGroup(scope, groupId) {
      return countLiveInGroup.get(scope.accountId, scope.region, groupId) ?? 0;
    },
    purgeTerminatedInSubnet(scope, subnetId) {
      const ids = selectTerminatedInSubnet.all(scope.accountId, scope.region, subnetId);
      for (const id of ids) deleteOne.run(scope.accountId, scope.region, id);
      return ids;
    },
    detachTerminatedFromGroup(scope, groupId) {
      detachTerminated.run({ ...scope, groupId });
    },
  };
}

function toInstance(row: Row): InstanceRow {
  const [seq, instanceId, reservationId, amiLaunchIndex, imageId, instanceType, vpcId, subnetId, availabilityZone, privateIpAddress, state, launchedAt] =
    row;
  return {
    seq, instanceId, reservationId, amiLaunchIndex, imageId, instanceType, vpcId, subnetId, availabilityZone, privateIpAddress,
    state: state as InstanceStateName, launchedAt,
  };
}

import type { ec2 } from '@elbow/api-models';
import { parseCidr, parseIpv4, cidrContainsAddress, firstUsableAddress, lastUsableAddress, formatIpv4 } from './cidr.js';
import { DEFAULT_SECURITY_GROUP_NAME } from './default-network.js';
import type { Ec2Scope } from './ec2-inventory.js';
import { ec2Errors } from './ec2-errors.js';
import { assertKnownFilters, matchesFilters } from './ec2-filters.js';
import type { Ec2HandlerDeps, Ec2SyncHandlers } from './ec2-handler-types.js';
import { ec2ScopeOf } from './ec2-handler-types.js';
import { newEc2Id } from './ec2-ids.js';
import { instanceState, INSTANCE_STATE_CODES, privateDnsName, toInstanceOutput } from './ec2-output.js';
import { tagsFromSpecifications } from './ec2-tag-rules.js';
import type { InstanceRow } from './instance-repository.js';
import type { SecurityGroupRow } from './security-group-repository.js';
import type { SubnetRow } from './subnet-repository.js';
import { findAllOrFail } from './vpc-handlers.js';

/** The instance type RunInstances uses when none is given (EC2 API Reference, RunInstances InstanceType: "Default: m1.small"). */
export const DEFAULT_INSTANCE_TYPE = 'm1.small';
/** Short (8) and long (17) hex id forms (EC2 User Guide, "Resource IDs"). */
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const IMAGE_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** The types RunInstances takes in TagSpecifications (EC2 API Reference, RunInstances TagSpecification.N). */
const RUN_INSTANCES_TAGGABLE = ['instance', 'volume', 'network-interface', 'spot-instances-request', 'elastic-gpu'];

const INSTANCE_FILTERS = new Set([
  'instance-id', 'instance-state-name', 'instance-state-code', 'vpc-id', 'subnet-id', 'availability-zone', 'private-ip-address',
  'image-id', 'instance-type', 'reservation-id', 'instance.group-id', 'instance.group-name', 'group-id', 'group-name', 'owner-id',
  'private-dns-name', 'network-interface.addresses.private-ip-address',
]);

export function instanceMutations(deps: Ec2HandlerDeps): Ec2SyncHandlers<'RunInstances' | 'TerminateInstances'> {
  const { vpcs, subnets, securityGroups, instances, tags } = deps;

  function resolveSubnet(scope: Ec2Scope, input: ec2.RunInstancesRequest): SubnetRow {
    if (input.SubnetId !== undefined) {
      const subnet = subnets.find(scope, input.SubnetId);
      if (!subnet) throw ec2Errors.subnetNotFound([input.SubnetId]);
      return subnet;
    }
    // Without a subnet, EC2 launches into a default subnet of the default VPC (in the asked zone).
    const defaultVpc = vpcs.findDefault(scope);
    if (!defaultVpc) throw ec2Errors.noDefaultVpc();
    const candidates = subnets.listByVpc(scope, defaultVpc.vpcId).filter((subnet) => subnet.isDefault);
    const zone = input.Placement?.AvailabilityZone;
    const subnet = zone === undefined ? candidates[0] : candidates.find((candidate) => candidate.availabilityZone === zone);
    if (!subnet) {
      if (zone !== undefined) throw ec2Errors.invalidParameterValue(`Value (${zone}) for parameter availabilityZone is invalid.`);
      throw ec2Errors.noDefaultVpc();
    }
    return subnet;
  }

  function resolveGroups(scope: Ec2Scope, input: ec2.RunInstancesRequest, vpcId: string): SecurityGroupRow[] {
    const groups: SecurityGroupRow[] = [];
    for (const groupId of input.SecurityGroupIds ?? []) {
      const group = securityGroups.find(scope, groupId);
      if (!group) throw ec2Errors.groupNotFound([groupId]);
      if (group.vpcId !== vpcId) throw ec2Errors.groupNotInVpc(groupId, vpcId);
      if (!groups.some((known) => known.groupId === group.groupId)) groups.push(group);
    }
    for (const name of input.SecurityGroups ?? []) {
      const group = securityGroups.findByName(scope, vpcId, name);
      if (!group) throw ec2Errors.groupNameNotFound(name, vpcId);
      if (!groups.some((known) => known.groupId === group.groupId)) groups.push(group);
    }
    if (groups.length === 0) {
      const fallback = securityGroups.findByName(scope, vpcId, DEFAULT_SECURITY_GROUP_NAME);
      if (fallback) groups.push(fallback);
    }
    return groups;
  }

  /** Free addresses of the subnet, lowest first, at most `count`. */
  function freeAddresses(scope: Ec2Scope, subnet: SubnetRow, count: number): string[] {
    const block = parseCidr(subnet.cidrBlock);
    if (!block) return [];
    const used = new Set(instances.addressesInUse(scope, subnet.subnetId));
    const free: string[] = [];
    for (let address = firstUsableAddress(block); address <= lastUsableAddress(block) && free.length < count; address += 1) {
      const text = formatIpv4(address);
      if (!used.has(text)) free.push(text);
    }
    return free;
  }

  return {
    RunInstances(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      if (input.ImageId === undefined) throw ec2Errors.missingParameter('ImageId');
      if (!IMAGE_ID.test(input.ImageId)) throw ec2Errors.malformedId('InvalidAMIID.Malformed', input.ImageId);
      // Unverified wording for the count checks (EC2 API Reference: MinCount/MaxCount "Constraints: Between 1 and …").
      if (input.MinCount < 1) throw ec2Errors.invalidParameterValue(`Value (${input.MinCount}) for parameter minCount is invalid. Expected a value greater than 0.`);
      if (input.MaxCount < input.MinCount) {
        throw ec2Errors.invalidParameterValue(`Value (${input.MaxCount}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount (${input.MinCount}).`);
      }
      const subnet = resolveSubnet(scope, input);
      const groups = resolveGroups(scope, input, subnet.vpcId);
      const newTags = tagsFromSpecifications(input.TagSpecifications, 'instance', RUN_INSTANCES_TAGGABLE);

      let addresses: string[];
      if (input.PrivateIpAddress !== undefined) {
        const address = parseIpv4(input.PrivateIpAddress);
        const block = parseCidr(subnet.cidrBlock);
        if (address === undefined || !block || !cidrContainsAddress(block, address) || address < firstUsableAddress(block) || address > lastUsableAddress(block)) {
          throw ec2Errors.addressOutsideSubnet(input.PrivateIpAddress, subnet.subnetId);
        }
        if (instances.addressesInUse(scope, subnet.subnetId).includes(input.PrivateIpAddress)) throw ec2Errors.addressInUse(input.PrivateIpAddress);
        // One fixed address serves one instance (EC2 API Reference, RunInstances PrivateIpAddress). Unverified wording.
        if (input.MinCount > 1) throw ec2Errors.invalidParameterValue('A private IP address can only be specified when launching a single instance.');
        addresses = [input.PrivateIpAddress];
      } else {
        // As many as the subnet can hold up to MaxCount, but at least MinCount (EC2 API Reference, RunInstances MaxCount).
        addresses = freeAddresses(scope, subnet, input.MaxCount);
        if (addresses.length < input.MinCount) throw ec2Errors.insufficientAddresses(subnet.subnetId);
      }

      const reservationId = newEc2Id('r', deps.randomHex);
      const launchedAt = (deps.clock?.() ?? context.now).toISOString();
      const launched = addresses.map((privateIpAddress, amiLaunchIndex) => {
        // Stored as running: elbow has no boot delay, so the next Describe shows it running; this
        // answer shows `pending`, as RunInstances does (EC2 API Reference, RunInstances example).
        const row = instances.insert(
          scope,
          {
            instanceId: newEc2Id('i', deps.randomHex),
            reservationId,
            amiLaunchIndex,
            imageId: input.ImageId as string,
            instanceType: input.InstanceType ?? DEFAULT_INSTANCE_TYPE,
            vpcId: subnet.vpcId,
            subnetId: subnet.subnetId,
            availabilityZone: subnet.availabilityZone,
            privateIpAddress,
            state: 'running',
            launchedAt,
          },
          groups.map((group) => group.groupId),
        );
        tags.put(scope, row.instanceId, newTags);
        return { ...toInstanceOutput(scope, row, { tags: newTags, groups, state: 'pending' }), ClientToken: input.ClientToken ?? '' };
      });
      return { ReservationId: reservationId, OwnerId: scope.accountId, Groups: [], Instances: launched };
    },

    TerminateInstances(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      const rows = findInstances(scope, deps, input.InstanceIds);
      return {
        TerminatingInstances: rows.map((row) => {
          if (row.state !== 'terminated') instances.setState(scope, row.instanceId, 'terminated');
          // The answer shows the transition under way (`shutting-down`); Describe afterwards shows `terminated`.
          const current = row.state === 'terminated' ? 'terminated' : 'shutting-down';
          return { InstanceId: row.instanceId, CurrentState: instanceState(current), PreviousState: instanceState(row.state) };
        }),
      };
    },
  };
}

function findInstances(scope: Ec2Scope, deps: Ec2HandlerDeps, ids: readonly string[]): InstanceRow[] {
  for (const id of ids) if (!INSTANCE_ID.test(id)) throw ec2Errors.malformedId('InvalidInstanceID.Malformed', id);
  return findAllOrFail(ids, (id) => deps.instances.find(scope, id), ec2Errors.instanceNotFound);
}

export function instanceQueries(deps: Ec2HandlerDeps): Ec2SyncHandlers<'DescribeInstances'> {
  const { instances, securityGroups, tags } = deps;
  return {
    DescribeInstances(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      assertKnownFilters(input.Filters, INSTANCE_FILTERS);
      const candidates = input.InstanceIds && input.InstanceIds.length > 0 ? findInstances(scope, deps, input.InstanceIds) : instances.list(scope);
      const reservations = new Map<string, ec2.Reservation & { Instances: ec2.Instance[] }>();
      for (const row of candidates) {
        const instanceTags = tags.list(scope, row.instanceId);
        const groups = instances
          .securityGroupIds(scope, row.instanceId)
          .flatMap((groupId) => {
            const group = securityGroups.find(scope, groupId);
            return group ? [group] : [];
          });
        const fields: Record<string, string[]> = {
          'instance-id': [row.instanceId],
          'instance-state-name': [row.state],
          'instance-state-code': [String(INSTANCE_STATE_CODES[row.state])],
          'vpc-id': [row.vpcId],
          'subnet-id': [row.subnetId],
          'availability-zone': [row.availabilityZone],
          'private-ip-address': [row.privateIpAddress],
          'network-interface.addresses.private-ip-address': [row.privateIpAddress],
          'private-dns-name': [privateDnsName(scope.region, row.privateIpAddress)],
          'image-id': [row.imageId],
          'instance-type': [row.instanceType],
          'reservation-id': [row.reservationId],
          'instance.group-id': groups.map((group) => group.groupId),
          'group-id': groups.map((group) => group.groupId),
          'instance.group-name': groups.map((group) => group.groupName),
          'group-name': groups.map((group) => group.groupName),
          'owner-id': [scope.accountId],
        };
        if (!matchesFilters(input.Filters, { field: (name) => fields[name], tags: instanceTags })) continue;
        let reservation = reservations.get(row.reservationId);
        if (!reservation) {
          reservation = { ReservationId: row.reservationId, OwnerId: scope.accountId, Groups: [], Instances: [] };
          reservations.set(row.reservationId, reservation);
        }
        reservation.Instances.push(toInstanceOutput(scope, row, { tags: instanceTags, groups }));
      }
      return { Reservations: [...reservations.values()] };
    },
  };
}

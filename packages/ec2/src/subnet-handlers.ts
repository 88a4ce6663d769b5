import { availabilityZonesOf, findAvailabilityZone } from './availability-zones.js';
import { cidrContainsCidr, formatCidr, parseCidr } from './cidr.js';
import { ec2Errors } from './ec2-errors.js';
import { assertKnownFilters, matchesFilters } from './ec2-filters.js';
import type { Ec2HandlerDeps, Ec2SyncHandlers } from './ec2-handler-types.js';
import { ec2ScopeOf } from './ec2-handler-types.js';
import { newEc2Id } from './ec2-ids.js';
import { toSubnetOutput } from './ec2-output.js';
import { tagsFromSpecifications } from './ec2-tag-rules.js';
import type { SubnetRow } from './subnet-repository.js';
import { findAllOrFail, overlapsAny } from './vpc-handlers.js';

/** "The allowed block size is between a /28 netmask and /16 netmask" (VPC User Guide, "Subnet CIDR blocks"). */
export const SUBNET_PREFIX_RANGE = [16, 28] as const;

const SUBNET_FILTERS = new Set([
  'subnet-id', 'vpc-id', 'availability-zone', 'availabilityZone', 'availability-zone-id', 'availabilityZoneId', 'cidr', 'cidr-block',
  'cidrBlock', 'default-for-az', 'defaultForAz', 'state', 'owner-id', 'subnet-arn', 'map-public-ip-on-launch',
]);

export function subnetMutations(deps: Ec2HandlerDeps): Ec2SyncHandlers<'CreateSubnet' | 'DeleteSubnet'> {
  const { vpcs, subnets, instances, tags } = deps;
  return {
    CreateSubnet(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      const vpc = vpcs.find(scope, input.VpcId);
      if (!vpc) throw ec2Errors.vpcNotFound([input.VpcId]);
      if (input.CidrBlock === undefined) throw ec2Errors.missingParameter('CidrBlock');
      const block = parseCidr(input.CidrBlock, false);
      if (!block) throw ec2Errors.invalidCidr(input.CidrBlock);
      const cidrBlock = formatCidr(block);
      const vpcBlock = parseCidr(vpc.cidrBlock);
      if (
        block.prefixLength < SUBNET_PREFIX_RANGE[0] ||
        block.prefixLength > SUBNET_PREFIX_RANGE[1] ||
        !vpcBlock ||
        !cidrContainsCidr(vpcBlock, block)
      ) {
        throw ec2Errors.subnetRange(cidrBlock);
      }
      const zones = availabilityZonesOf(scope.region);
      const asked = input.AvailabilityZone ?? input.AvailabilityZoneId;
      const zone = asked === undefined ? zones[0] : findAvailabilityZone(scope.region, asked);
      if (!zone) throw ec2Errors.unknownZone(asked ?? '', zones.map((z) => z.zoneName));
      if (overlapsAny(cidrBlock, subnets.listByVpc(scope, vpc.vpcId).map((subnet) => subnet.cidrBlock))) {
        throw ec2Errors.subnetConflict(cidrBlock);
      }
      const newTags = tagsFromSpecifications(input.TagSpecifications, 'subnet');
      const subnet = subnets.insert(scope, {
        subnetId: newEc2Id('subnet', deps.randomHex),
        vpcId: vpc.vpcId,
        cidrBlock,
        availabilityZone: zone.zoneName,
        availabilityZoneId: zone.zoneId,
        isDefault: false,
      });
      tags.put(scope, subnet.subnetId, newTags);
      return { Subnet: toSubnetOutput(scope, subnet, newTags, 0) };
    },

    DeleteSubnet(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      const subnet = subnets.find(scope, input.SubnetId);
      if (!subnet) throw ec2Errors.subnetNotFound([input.SubnetId]);
      if (instances.countLiveInSubnet(scope, subnet.subnetId) > 0) throw ec2Errors.subnetDependencies(subnet.subnetId);
      for (const instanceId of instances.purgeTerminatedInSubnet(scope, subnet.subnetId)) tags.deleteAll(scope, instanceId);
      tags.deleteAll(scope, subnet.subnetId);
      subnets.delete(scope, subnet.subnetId);
      return {};
    },
  };
}

export function subnetQueries(deps: Ec2HandlerDeps): Ec2SyncHandlers<'DescribeSubnets'> {
  const { subnets, instances, tags } = deps;
  return {
    DescribeSubnets(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      assertKnownFilters(input.Filters, SUBNET_FILTERS);
      const candidates: SubnetRow[] =
        input.SubnetIds && input.SubnetIds.length > 0
          ? findAllOrFail(input.SubnetIds, (id) => subnets.find(scope, id), ec2Errors.subnetNotFound)
          : subnets.list(scope);
      const result = candidates.flatMap((subnet) => {
        const subnetTags = tags.list(scope, subnet.subnetId);
        const output = toSubnetOutput(scope, subnet, subnetTags, instances.countLiveInSubnet(scope, subnet.subnetId));
        const fields: Record<string, string[]> = {
          'subnet-id': [subnet.subnetId],
          'vpc-id': [subnet.vpcId],
          'availability-zone': [subnet.availabilityZone],
          availabilityZone: [subnet.availabilityZone],
          'availability-zone-id': [subnet.availabilityZoneId],
          availabilityZoneId: [subnet.availabilityZoneId],
          cidr: [subnet.cidrBlock],
          'cidr-block': [subnet.cidrBlock],
          cidrBlock: [subnet.cidrBlock],
          'default-for-az': [String(subnet.isDefault)],
          defaultForAz: [String(subnet.isDefault)],
          state: ['available'],
          'owner-id': [scope.accountId],
          'subnet-arn': [output.SubnetArn ?? ''],
          'map-public-ip-on-launch': [String(subnet.isDefault)],
        };
        return matchesFilters(input.Filters, { field: (name) => fields[name], tags: subnetTags }) ? [output] : [];
      });
      return { Subnets: result };
    },
  };
}

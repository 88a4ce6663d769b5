import { cidrsOverlap, formatCidr, parseCidr } from './cidr.js';
import { createDefaultSecurityGroup } from './default-network.js';
import { ec2Errors } from './ec2-errors.js';
import { assertKnownFilters, matchesFilters } from './ec2-filters.js';
import type { Ec2HandlerDeps, Ec2SyncHandlers } from './ec2-handler-types.js';
import { ec2ScopeOf } from './ec2-handler-types.js';
import { newEc2Id } from './ec2-ids.js';
import { toVpcOutput } from './ec2-output.js';
import { tagsFromSpecifications } from './ec2-tag-rules.js';
import type { VpcRow } from './vpc-repository.js';

/** "VPCs per Region: 5" (Amazon VPC User Guide, "Amazon VPC quotas"); the default VPC counts. */
export const MAX_VPCS_PER_REGION = 5;
/** "The allowed block size is between a /16 netmask and /28 netmask" (VPC User Guide, "VPC CIDR blocks"). */
export const VPC_PREFIX_RANGE = [16, 28] as const;

const VPC_FILTERS = new Set(['vpc-id', 'cidr', 'cidr-block', 'cidr-block-association.cidr-block', 'is-default', 'state', 'owner-id', 'dhcp-options-id']);

/** Looks every id up, answering one NotFound naming all unknown ids (EC2 fails the whole call). */
export function findAllOrFail<T>(ids: readonly string[], find: (id: string) => T | undefined, notFound: (missing: string[]) => Error): T[] {
  const found: T[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const row = find(id);
    if (row === undefined) missing.push(id);
    else found.push(row);
  }
  if (missing.length > 0) throw notFound(missing);
  return found;
}

export function vpcMutations(deps: Ec2HandlerDeps): Ec2SyncHandlers<'CreateVpc' | 'DeleteVpc'> {
  const { vpcs, subnets, securityGroups, tags } = deps;
  return {
    CreateVpc(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      if (input.CidrBlock === undefined) throw ec2Errors.missingParameter('CidrBlock');
      const block = parseCidr(input.CidrBlock, false);
      if (!block) throw ec2Errors.invalidCidr(input.CidrBlock);
      // EC2 clears host bits (10.0.0.1/16 → 10.0.0.0/16) — observed in CreateVpc output; unverified here.
      const cidrBlock = formatCidr(block);
      if (block.prefixLength < VPC_PREFIX_RANGE[0] || block.prefixLength > VPC_PREFIX_RANGE[1]) throw ec2Errors.vpcRange(cidrBlock);
      const newTags = tagsFromSpecifications(input.TagSpecifications, 'vpc');
      if (vpcs.list(scope).length >= MAX_VPCS_PER_REGION) throw ec2Errors.vpcLimit();
      const vpc = vpcs.insert(scope, {
        vpcId: newEc2Id('vpc', deps.randomHex),
        cidrBlock,
        isDefault: false,
        instanceTenancy: input.InstanceTenancy ?? 'default',
      });
      tags.put(scope, vpc.vpcId, newTags);
      createDefaultSecurityGroup(deps, scope, vpc.vpcId);
      // CreateVpc answers the VPC as `pending`; Describe shows it `available` (EC2 API Reference CreateVpc example).
      return { Vpc: toVpcOutput(scope, vpc, newTags, 'pending') };
    },

    DeleteVpc(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      const vpc = vpcs.find(scope, input.VpcId);
      if (!vpc) throw ec2Errors.vpcNotFound([input.VpcId]);
      // Subnets (and the instances in them) and groups other than `default` must go first
      // ("Delete your VPC", VPC User Guide); the default group goes with the VPC.
      const groups = securityGroups.listByVpc(scope, vpc.vpcId);
      if (subnets.listByVpc(scope, vpc.vpcId).length > 0 || groups.some((group) => group.groupName !== 'default')) {
        throw ec2Errors.vpcDependencies(vpc.vpcId);
      }
      for (const group of groups) {
        tags.deleteAll(scope, group.groupId);
        securityGroups.delete(scope, group.groupId);
      }
      tags.deleteAll(scope, vpc.vpcId);
      vpcs.delete(scope, vpc.vpcId);
      return {};
    },
  };
}

export function vpcQueries(deps: Ec2HandlerDeps): Ec2SyncHandlers<'DescribeVpcs'> {
  const { vpcs, tags } = deps;
  return {
    DescribeVpcs(input, context) {
      const scope = ec2ScopeOf(context);
      deps.ensureDefaultNetwork(scope);
      assertKnownFilters(input.Filters, VPC_FILTERS);
      const candidates: VpcRow[] =
        input.VpcIds && input.VpcIds.length > 0
          ? findAllOrFail(input.VpcIds, (id) => vpcs.find(scope, id), ec2Errors.vpcNotFound)
          : vpcs.list(scope);
      const result = candidates.flatMap((vpc) => {
        const vpcTags = tags.list(scope, vpc.vpcId);
        const fields: Record<string, string[]> = {
          'vpc-id': [vpc.vpcId],
          cidr: [vpc.cidrBlock],
          'cidr-block': [vpc.cidrBlock],
          'cidr-block-association.cidr-block': [vpc.cidrBlock],
          'is-default': [String(vpc.isDefault)],
          state: ['available'],
          'owner-id': [scope.accountId],
        };
        const output = toVpcOutput(scope, vpc, vpcTags);
        if (output.DhcpOptionsId) fields['dhcp-options-id'] = [output.DhcpOptionsId];
        return matchesFilters(input.Filters, { field: (name) => fields[name], tags: vpcTags }) ? [output] : [];
      });
      return { Vpcs: result };
    },
  };
}

/** Whether a new block overlaps one of `others` (subnets of a VPC must not overlap). */
export function overlapsAny(cidr: string, others: readonly string[]): boolean {
  const block = parseCidr(cidr);
  return block !== undefined && others.some((other) => {
    const otherBlock = parseCidr(other);
    return otherBlock !== undefined && cidrsOverlap(block, otherBlock);
  });
}

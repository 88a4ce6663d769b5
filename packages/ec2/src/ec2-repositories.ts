import type { Database } from 'better-sqlite3';
import { createEc2TagRepository } from './ec2-tag-repository.js';
import type { Ec2TagRepository } from './ec2-tag-repository.js';
import { createInstanceRepository } from './instance-repository.js';
import type { InstanceRepository } from './instance-repository.js';
import { createSecurityGroupRepository } from './security-group-repository.js';
import type { SecurityGroupRepository } from './security-group-repository.js';
import { createSubnetRepository } from './subnet-repository.js';
import type { SubnetRepository } from './subnet-repository.js';
import { createVpcRepository } from './vpc-repository.js';
import type { VpcRepository } from './vpc-repository.js';

export interface Ec2Repositories {
  readonly vpcs: VpcRepository;
  readonly subnets: SubnetRepository;
  readonly securityGroups: SecurityGroupRepository;
  readonly instances: InstanceRepository;
  readonly tags: Ec2TagRepository;
}

export function createEc2Repositories(db: Database): Ec2Repositories {
  return {
    vpcs: createVpcRepository(db),
    subnets: createSubnetRepository(db),
    securityGroups: createSecurityGroupRepository(db),
    instances: createInstanceRepository(db),
    tags: createEc2TagRepository(db),
  };
}

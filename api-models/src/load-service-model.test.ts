import { describe, expect, it } from 'vitest';
import { loadServiceModel } from './load-service-model.js';

describe('loadServiceModel', () => {
  it('holds all 51 elbv2 operations and 29 classic elb operations', () => {
    expect(Object.keys(loadServiceModel('elbv2').model.operations)).toHaveLength(51);
    expect(Object.keys(loadServiceModel('elb').model.operations)).toHaveLength(29);
  });

  it('keeps the protocol metadata and drops every documentation string', () => {
    const { model } = loadServiceModel('elbv2');
    expect(model.metadata.xmlNamespace).toBe('http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/');
    expect(JSON.stringify(loadServiceModel('elbv2'))).not.toContain('"documentation"');
    expect(JSON.stringify(loadServiceModel('elb'))).not.toContain('"documentation"');
  });

  it('keeps constraints and error metadata the protocol layer needs', () => {
    const { shapes } = loadServiceModel('elbv2').model;
    expect(shapes.Port).toMatchObject({ type: 'integer', min: 1, max: 65535 });
    expect(shapes.TargetGroupNotFoundException).toMatchObject({
      error: { code: 'TargetGroupNotFound', httpStatusCode: 400, senderFault: true },
    });
  });
});

describe('the EC2 subset model', () => {
  it('holds the 14 operations elbow serves, pruned to the shapes they reach', () => {
    const { model } = loadServiceModel('ec2');
    expect(Object.keys(model.operations).sort()).toEqual([
      'CreateSecurityGroup', 'CreateSubnet', 'CreateTags', 'CreateVpc', 'DeleteSecurityGroup', 'DeleteSubnet', 'DeleteVpc',
      'DescribeAvailabilityZones', 'DescribeInstances', 'DescribeSecurityGroups', 'DescribeSubnets', 'DescribeVpcs',
      'RunInstances', 'TerminateInstances',
    ]);
    expect(model.metadata).toMatchObject({ protocol: 'ec2', apiVersion: '2016-11-15' });
    expect(model.shapes.CreateLoadBalancerInput).toBeUndefined();
    expect(model.shapes.DescribeVpcsRequest).toBeDefined();
  });

  it('keeps the wire names EC2 serializes by', () => {
    const { shapes } = loadServiceModel('ec2').model;
    expect(shapes.DescribeVpcsResult).toMatchObject({ members: { Vpcs: { shape: 'VpcList', locationName: 'vpcSet' } } });
    expect(shapes.VpcList).toMatchObject({ member: { shape: 'Vpc', locationName: 'item' } });
  });
});

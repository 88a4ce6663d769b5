import { loadServiceModel } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { deserializeInput, EC2_INPUT_NAMING, QUERY_INPUT_NAMING } from './deserialize-input.js';
import { EC2_PROTOCOL, protocolStrategyFor, QUERY_PROTOCOL } from './protocol-strategy.js';

const ec2 = loadServiceModel('ec2').model;

describe('protocolStrategyFor', () => {
  it('picks the strategy from metadata.protocol and knows no others', () => {
    expect(protocolStrategyFor('query')).toBe(QUERY_PROTOCOL);
    expect(protocolStrategyFor('ec2')).toBe(EC2_PROTOCOL);
    expect(protocolStrategyFor('json')).toBeUndefined();
  });
});

describe('EC2 input naming', () => {
  it('uses queryName, else the capitalized locationName, else the member name', () => {
    expect(EC2_INPUT_NAMING.memberName('Filters', { shape: 'FilterList', locationName: 'Filter' })).toBe('Filter');
    expect(EC2_INPUT_NAMING.memberName('DryRun', { shape: 'Boolean', locationName: 'dryRun' })).toBe('DryRun');
    expect(EC2_INPUT_NAMING.memberName('X', { shape: 'S', locationName: 'a', queryName: 'Q' })).toBe('Q');
    expect(EC2_INPUT_NAMING.memberName('MaxResults', { shape: 'Integer' })).toBe('MaxResults');
    expect(QUERY_INPUT_NAMING.memberName('Filters', { shape: 'FilterList' })).toBe('Filters');
  });

  it('reads X.N lists and refuses the awsQuery .member form', () => {
    const params = new Map([['Filter.1.Name', 'vpc-id'], ['Filter.1.Value.1', 'vpc-1'], ['Filter.1.Value.2', 'vpc-2'], ['VpcId.1', 'vpc-3']]);
    expect(deserializeInput(ec2, 'DescribeVpcsRequest', params, EC2_INPUT_NAMING)).toEqual({
      Filters: [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }],
      VpcIds: ['vpc-3'],
    });
    expect(() => deserializeInput(ec2, 'DescribeVpcsRequest', new Map([['VpcId.member.1', 'vpc-1']]), EC2_INPUT_NAMING)).toThrow(
      'The parameter VpcId.member has an invalid index',
    );
    expect(() => deserializeInput(ec2, 'DescribeVpcsRequest', new Map([['VpcId.2', 'vpc-1']]), EC2_INPUT_NAMING)).toThrow(
      'out of sequence',
    );
  });

  it('refuses member names where EC2 expects its wire names', () => {
    expect(() => deserializeInput(ec2, 'DescribeVpcsRequest', new Map([['VpcIds.1', 'vpc-1']]), EC2_INPUT_NAMING)).toThrow(
      'The parameter VpcIds.1 is not recognized',
    );
  });
});

describe('EC2 validation failures', () => {
  it('answers MissingParameter with the EC2 parameter name', () => {
    const error = EC2_PROTOCOL.validationFailure(ec2, 'TerminateInstances', [{ path: 'instanceIds', constraint: { kind: 'required' }, value: undefined }]);
    expect(error).toMatchObject({ code: 'MissingParameter', message: 'The request must contain the parameter InstanceId', statusCode: 400 });
  });

  it('answers InvalidParameterValue for the first broken constraint, naming nested parameters as sent', () => {
    const error = EC2_PROTOCOL.validationFailure(ec2, 'RunInstances', [
      { path: 'tagSpecifications.1.member.resourceType', constraint: { kind: 'enum', values: ['instance'] }, value: 'bogus' },
      { path: 'instanceType', constraint: { kind: 'enum', values: ['t2.micro'] }, value: 'x' },
    ]);
    expect(error).toMatchObject({ code: 'InvalidParameterValue', message: 'Value (bogus) for parameter TagSpecification.1.ResourceType is invalid.' });
  });
});

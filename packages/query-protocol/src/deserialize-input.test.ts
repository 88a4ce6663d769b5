import { loadServiceModel } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { deserializeInput } from './deserialize-input.js';
import { ServiceError } from './service-error.js';
import { tinyModel } from './testing/tiny-model.js';

function read(query: Record<string, string> | Array<[string, string]>): Record<string, unknown> {
  const params = new Map(Array.isArray(query) ? query : Object.entries(query));
  return deserializeInput(tinyModel, 'PutThingInput', params);
}

function failure(query: Record<string, string>): { code: string; message: string; statusCode: number | undefined } {
  try {
    read(query);
  } catch (error) {
    if (error instanceof ServiceError) return { code: error.code, message: error.message, statusCode: error.statusCode };
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('deserializeInput', () => {
  it('converts scalars by shape type', () => {
    expect(
      read({
        Name: 'n',
        Count: '-12',
        Big: '9007199254740991',
        Ratio: '1.5e2',
        Enabled: 'false',
        At: '2017-08-25T21:26:12.920Z',
      }),
    ).toEqual({
      Name: 'n',
      Count: -12,
      Big: 9007199254740991,
      Ratio: 150,
      Enabled: false,
      At: new Date('2017-08-25T21:26:12.920Z'),
    });
  });

  it('accepts timestamps without fractional seconds and with offsets (botocore form)', () => {
    expect(read({ At: '2017-08-25T21:26:12Z' }).At).toEqual(new Date('2017-08-25T21:26:12.000Z'));
    expect(read({ At: '2017-08-25T23:26:12+02:00' }).At).toEqual(new Date('2017-08-25T21:26:12.000Z'));
  });

  it('ignores Action, Version and SigV4 query-auth parameters', () => {
    expect(
      read({ Action: 'PutThing', Version: '2020-01-01', 'X-Amz-Credential': 'a/b/c/d/aws4_request', 'X-Amz-Signature': 'x', Name: 'n' }),
    ).toEqual({ Name: 'n' });
  });

  it('reads member.N lists in index order, whatever the parameter order', () => {
    expect(read([['Labels.member.2', 'b'], ['Labels.member.1', 'a'], ['Labels.member.3', 'c']]).Labels).toEqual(['a', 'b', 'c']);
  });

  it('reads lists of structures and nested structures', () => {
    expect(
      read({
        'Tags.member.1.Key': 'env',
        'Tags.member.1.Value': 'dev',
        'Tags.member.2.Key': 'team',
        'Nested.Inner': 'i',
        'Nested.Deeper.Value': '3',
      }),
    ).toEqual({
      Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team' }],
      Nested: { Inner: 'i', Deeper: { Value: 3 } },
    });
  });

  it('reads entry.N.key/value maps', () => {
    expect(
      read({ 'Params.entry.1.key': 'prompt', 'Params.entry.1.value': 'login', 'Params.entry.2.key': '__proto__', 'Params.entry.2.value': 'x' }).Params,
    ).toEqual(JSON.parse('{"prompt":"login","__proto__":"x"}'));
  });

  it('reads a bare key with an empty value as an empty list', () => {
    expect(read({ Labels: '', Tags: '' })).toEqual({ Labels: [], Tags: [] });
  });

  it('reads a real elbv2 input with deep lists (ForwardConfig target groups)', () => {
    const { model } = loadServiceModel('elbv2');
    const input = deserializeInput(
      model,
      'CreateListenerInput',
      new Map([
        ['LoadBalancerArn', 'arn:lb'],
        ['Port', '80'],
        ['DefaultActions.member.1.Type', 'forward'],
        ['DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn', 'arn:tg1'],
        ['DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn', 'arn:tg2'],
        ['DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight', '20'],
        ['DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled', 'true'],
      ]),
    );
    expect(input).toEqual({
      LoadBalancerArn: 'arn:lb',
      Port: 80,
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [{ TargetGroupArn: 'arn:tg1' }, { TargetGroupArn: 'arn:tg2', Weight: 20 }],
            TargetGroupStickinessConfig: { Enabled: true },
          },
        },
      ],
    });
  });

  it.each([
    ['a gap', { 'Labels.member.1': 'a', 'Labels.member.3': 'c' }, 'The parameter Labels.member.3 is out of sequence: expected Labels.member.2 (indexes start at 1 and have no gaps)'],
    ['a list starting at 2', { 'Labels.member.2': 'b' }, 'The parameter Labels.member.2 is out of sequence: expected Labels.member.1 (indexes start at 1 and have no gaps)'],
    ['member.0', { 'Labels.member.0': 'a' }, 'The parameter Labels.member.0 has an invalid index: indexes are whole numbers starting at 1'],
    ['a non-numeric index', { 'Labels.member.x': 'a' }, 'The parameter Labels.member.x has an invalid index: indexes are whole numbers starting at 1'],
    ['a zero-padded index', { 'Labels.member.01': 'a' }, 'The parameter Labels.member.01 has an invalid index: indexes are whole numbers starting at 1'],
    ['a missing index', { 'Labels.member': 'a' }, 'The parameter Labels.member needs an index: Labels.member.1, Labels.member.2, …'],
    ['a list without member', { 'Labels.1': 'a' }, 'The parameter Labels.1 is not recognized'],
    ['a list given a value', { Labels: 'a' }, 'The parameter Labels is a list: give its items as Labels.member.N, or an empty value for an empty list'],
    ['an empty list plus items', { Labels: '', 'Labels.member.1': 'a' }, 'The parameter Labels is a list: give its items as Labels.member.N, or an empty value for an empty list'],
    ['an unknown top-level parameter', { Colour: 'red' }, 'The parameter Colour is not recognized'],
    ['an unknown nested member', { 'Tags.member.1.Key': 'k', 'Tags.member.1.Colour': 'red' }, 'The parameter Tags.member.1.Colour is not recognized'],
    ['a member under a scalar', { 'Name.Inner': 'x' }, 'The parameter Name.Inner is not recognized'],
    ['an empty segment', { 'Nested..Inner': 'x' }, 'The parameter Nested..Inner is not recognized'],
    ['a lower-case member name', { name: 'x' }, 'The parameter name is not recognized'],
    ['a structure given a value', { Nested: 'x' }, 'The parameter Nested is a structure and cannot take a value'],
    ['a map entry without value', { 'Params.entry.1.key': 'k' }, 'The map entry Params.entry.1 needs both Params.entry.1.key and Params.entry.1.value'],
    ['a map with a repeated key', { 'Params.entry.1.key': 'k', 'Params.entry.1.value': 'a', 'Params.entry.2.key': 'k', 'Params.entry.2.value': 'b' }, "The map Params has the key 'k' more than once"],
  ])('refuses %s as InvalidQueryParameter', (_label, query, message) => {
    expect(failure(query)).toEqual({ code: 'InvalidQueryParameter', message, statusCode: 400 });
  });

  it.each([
    ['Count', '12abc', 'a 32-bit integer'],
    ['Count', '1.5', 'a 32-bit integer'],
    ['Count', '', 'a 32-bit integer'],
    ['Count', '+1', 'a 32-bit integer'],
    ['Count', ' 1', 'a 32-bit integer'],
    ['Count', '2147483648', 'a 32-bit integer'],
    ['Big', '9007199254740993', 'a 64-bit integer'],
    ['Ratio', 'abc', 'a number'],
    ['Ratio', 'Infinity', 'a number'],
    ['Enabled', 'True', 'true or false'],
    ['Enabled', '1', 'true or false'],
    ['Enabled', '', 'true or false'],
    ['At', '2017-08-25', 'an ISO 8601 timestamp such as 2017-08-25T21:26:12Z'],
    ['At', '1503696372', 'an ISO 8601 timestamp such as 2017-08-25T21:26:12Z'],
  ])('refuses %s=%j as InvalidParameterValue', (name, value, expected) => {
    expect(failure({ [name]: value })).toEqual({
      code: 'InvalidParameterValue',
      message: `Value '${value}' for parameter ${name} is invalid: expected ${expected}`,
      statusCode: 400,
    });
  });

  it('refuses any parameter for an operation without input', () => {
    expect(() => deserializeInput(tinyModel, undefined, new Map([['Name', 'x']]))).toThrow('The parameter Name is not recognized');
    expect(deserializeInput(tinyModel, undefined, new Map([['Action', 'Ping']]))).toEqual({});
  });
});

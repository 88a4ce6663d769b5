import { loadServiceModel, type ServiceModel } from '@elbow/api-models';
import { Ajv } from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { anchorPattern, buildInputSchema } from './build-input-schema.js';
import { createInputValidator } from './create-input-validator.js';
import { formatValidationMessage } from './format-validation-message.js';
import { tinyModel } from './testing/tiny-model.js';

function messageFor(model: ServiceModel, operation: string, input: unknown): string | undefined {
  const failures = createInputValidator(model).validate(operation, input);
  return failures.length === 0 ? undefined : formatValidationMessage(failures);
}

describe('createInputValidator', () => {
  it('accepts a valid input', () => {
    expect(messageFor(tinyModel, 'PutThing', { Name: 'n', Count: 10, Tags: [{ Key: 'k' }] })).toBeUndefined();
  });

  it('reports a missing required member, also inside list items and nested structures', () => {
    expect(messageFor(tinyModel, 'PutThing', { Tags: [{ Key: 'a' }, { Value: 'v' }], Nested: { Deeper: {} } })).toBe(
      '3 validation errors detected: ' +
        "Value null at 'name' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'nested.deeper.value' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports lengths, ranges, enums and patterns with AWS paths', () => {
    expect(
      messageFor(tinyModel, 'PutThing', {
        Name: 'much-too-long',
        Kind: 'medium',
        Count: 0,
        Labels: ['a', 'b', 'c', 'd'],
        Tags: [{ Key: 'ok' }, { Key: 'bad#key' }],
      }),
    ).toBe(
      '5 validation errors detected: ' +
        "Value 'much-too-long' at 'name' failed to satisfy constraint: Member must have length less than or equal to 8; " +
        "Value 'medium' at 'kind' failed to satisfy constraint: Member must satisfy enum value set: [small, large]; " +
        "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '[a, b, c, d]' at 'labels' failed to satisfy constraint: Member must have length less than or equal to 3; " +
        "Value 'bad#key' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
    );
  });

  it('reports an empty list below its minimum, and an item of a scalar list as <list>.<N>.member', () => {
    expect(messageFor(tinyModel, 'PutThing', { Name: 'n', Tags: [], Labels: ['ok', ''] })).toBe(
      '2 validation errors detected: ' +
        "Value '' at 'labels.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '[]' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('matches patterns against the whole value and with Unicode classes', () => {
    expect(messageFor(tinyModel, 'PutThing', { Name: 'n', Tags: [{ Key: 'Ünïcødé 名前 +-=._:/@' }] })).toBeUndefined();
  });

  it('checks real elbv2 constraints (CreateTargetGroup)', () => {
    const { model } = loadServiceModel('elbv2');
    expect(
      messageFor(model, 'CreateTargetGroup', {
        // TargetGroupName has no max in the model: the 32-character limit is business logic.
        Name: 'x'.repeat(33),
        Port: 0,
        HealthCheckIntervalSeconds: 301,
        Protocol: 'FTP',
        Tags: [{ Key: '' }],
      }),
    ).toBe(
      '4 validation errors detected: ' +
        "Value 'FTP' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE, QUIC, TCP_QUIC]; " +
        "Value '0' at 'port' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '301' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value less than or equal to 300; " +
        "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('compiles each operation once, on first use', () => {
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const validator = createInputValidator(tinyModel);
    expect(compile).not.toHaveBeenCalled();
    validator.validate('PutThing', { Name: 'a' });
    validator.validate('PutThing', { Name: 'b' });
    validator.validate('Ping', {});
    expect(compile).toHaveBeenCalledTimes(2);
    compile.mockRestore();
  });

  it.each(['elbv2', 'elb'] as const)('compiles every %s operation and every model pattern with the u flag', (name) => {
    const { model } = loadServiceModel(name);
    const validator = createInputValidator(model);
    for (const operation of Object.keys(model.operations)) {
      expect(() => validator.validate(operation, {})).not.toThrow();
    }
    for (const shape of Object.values(model.shapes)) {
      if (shape.pattern !== undefined) expect(() => new RegExp(anchorPattern(shape.pattern as string), 'u')).not.toThrow();
    }
  });

  it('builds a schema with only reachable shapes', () => {
    const schema = buildInputSchema(tinyModel, 'PingInput');
    expect(schema).toEqual({ $ref: '#/$defs/PingInput', $defs: { PingInput: { type: 'object', properties: {} } } });
  });
});

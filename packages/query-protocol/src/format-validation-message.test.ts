import { describe, expect, it } from 'vitest';
import { formatValidationMessage } from './format-validation-message.js';

describe('formatValidationMessage', () => {
  it('writes the Coral form for one failure (wording of a real elbv2 CreateTargetGroup answer)', () => {
    // Source: github.com/kubernetes-sigs/aws-load-balancer-controller/issues/4238 (real elbv2 response).
    expect(formatValidationMessage([{ path: 'port', constraint: { kind: 'minimum', limit: 1 }, value: 0 }])).toBe(
      "1 validation error detected: Value '0' at 'port' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('writes a missing member as an unquoted null (real classic elb answer)', () => {
    // Source: github.com/zalando-stups/fullstop/issues/528 (real classic elb response).
    expect(formatValidationMessage([{ path: 'loadBalancerNames', constraint: { kind: 'required' }, value: undefined }])).toBe(
      "1 validation error detected: Value null at 'loadBalancerNames' failed to satisfy constraint: Member must not be null",
    );
  });

  it('writes every constraint kind', () => {
    const message = formatValidationMessage([
      { path: 'name', constraint: { kind: 'maxLength', limit: 32 }, value: 'x'.repeat(33) },
      { path: 'tags', constraint: { kind: 'minLength', limit: 1 }, value: [] },
      { path: 'pageSize', constraint: { kind: 'maximum', limit: 400 }, value: 401 },
      { path: 'tags.1.member.key', constraint: { kind: 'pattern', pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$' }, value: 'a#b' },
      { path: 'protocol', constraint: { kind: 'enum', values: ['HTTP', 'HTTPS'] }, value: 'FTP' },
    ]);
    expect(message).toBe(
      '5 validation errors detected: ' +
        `Value '${'x'.repeat(33)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 32; ` +
        "Value '[]' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '401' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400; " +
        "Value 'a#b' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$; " +
        "Value 'FTP' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, HTTPS]",
    );
  });

  it('renders lists of scalars and of structures Java-style (unverified rendering)', () => {
    expect(
      formatValidationMessage([
        { path: 'subnets', constraint: { kind: 'maxLength', limit: 1 }, value: ['a', 'b'] },
        { path: 'tags', constraint: { kind: 'maxLength', limit: 1 }, value: [{ Key: 'k', Value: 'v' }, { Key: 'k2' }] },
      ]),
    ).toBe(
      "2 validation errors detected: Value '[a, b]' at 'subnets' failed to satisfy constraint: Member must have length less than or equal to 1; " +
        "Value '[{Key: k, Value: v}, {Key: k2}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 1",
    );
  });
});

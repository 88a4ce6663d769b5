import { describe, expect, it } from 'vitest';
import { traceIdHeader } from './trace-id.js';

// 2022-10-10T13:20:10Z = 0x63441c4a, the docs' example epoch [D5].
const nowMs = 0x63441c4a * 1000 + 999;
const randomBytes = (size: number) => Uint8Array.from({ length: size }, (_, index) => 0xa0 + index);
const fresh = '1-63441c4a-a0a1a2a3a4a5a6a7a8a9aaab';
const input = (header: string | undefined, requestHeaderBytes = 500) => ({ header, nowMs, randomBytes, requestHeaderBytes });

describe('traceIdHeader', () => {
  it.each([
    ['no header', undefined, `Root=${fresh}`],
    ['a Root: Self inserted first', 'Root=1-67891233-abcdef012345678912345678', `Self=${fresh};Root=1-67891233-abcdef012345678912345678`],
    [
      'custom fields kept',
      'Root=1-67891233-abcdef012345678912345678;CalledFrom=app',
      `Self=${fresh};Root=1-67891233-abcdef012345678912345678;CalledFrom=app`,
    ],
    [
      'an existing Self replaced in place',
      'Self=1-00000000-000000000000000000000000;Root=1-67891233-abcdef012345678912345678;CalledFrom=app',
      `Self=${fresh};Root=1-67891233-abcdef012345678912345678;CalledFrom=app`,
    ],
    [
      'Self after Root stays after Root',
      'Root=1-67891233-abcdef012345678912345678;Self=1-00000000-000000000000000000000000',
      `Root=1-67891233-abcdef012345678912345678;Self=${fresh}`,
    ],
    ['only custom fields (no Root)', 'CalledFrom=app', `Root=${fresh}`],
    ['a malformed Root', 'Root=1-xyz-123', `Root=${fresh}`],
    ['the docs typo (23-hex id) in Root', 'Root=1-63441c4a-12456789abcdef012345678', `Root=${fresh}`],
    ['garbage', ';;==;', `Root=${fresh}`],
  ])('%s', (_label, header, expected) => {
    expect(traceIdHeader(input(header))).toBe(expected);
  });

  it('replaces the header with a fresh Root when the request headers exceed 7 KB', () => {
    const header = 'Root=1-67891233-abcdef012345678912345678;CalledFrom=app';
    expect(traceIdHeader(input(header, 7 * 1024 + 1))).toBe(`Root=${fresh}`);
    expect(traceIdHeader(input(header, 7 * 1024))).toBe(`Self=${fresh};${header}`);
  });

  it('writes the epoch in 8 lower-case hex digits and a 24-hex id', () => {
    expect(traceIdHeader({ header: undefined, nowMs: 1000, randomBytes: (size) => new Uint8Array(size).fill(0xff), requestHeaderBytes: 0 })).toBe(
      'Root=1-00000001-ffffffffffffffffffffffff',
    );
  });

  it('refuses a random source that returns too few bytes', () => {
    expect(() => traceIdHeader({ ...input(undefined), randomBytes: () => new Uint8Array(4) })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { unmappedAddress } from './unmapped-address.js';

describe('unmappedAddress', () => {
  it('writes an IPv4-mapped IPv6 address as IPv4, any other address as it is', () => {
    expect(unmappedAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(unmappedAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(unmappedAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(unmappedAddress('::1')).toBe('::1');
    expect(unmappedAddress('::ffff:a00:1')).toBe('::ffff:a00:1');
  });
});

import { describe, expect, it } from 'vitest';
import {
  cidrContainsAddress,
  cidrContainsCidr,
  cidrsOverlap,
  firstUsableAddress,
  formatCidr,
  formatIpv4,
  lastUsableAddress,
  parseCidr,
  parseIpv4,
} from './cidr.js';

function cidr(text: string) {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad test CIDR ${text}`);
  return parsed;
}

describe('parseIpv4', () => {
  it('reads dotted quads and refuses anything else', () => {
    expect(parseIpv4('172.31.0.1')).toBe(172 * 2 ** 24 + 31 * 2 ** 16 + 1);
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '', '::1']) {
      expect(parseIpv4(bad), bad).toBeUndefined();
    }
  });

  it('formats back to the same text', () => {
    expect(formatIpv4(parseIpv4('10.20.30.40') ?? 0)).toBe('10.20.30.40');
  });
});

describe('parseCidr', () => {
  it('reads aligned blocks', () => {
    expect(formatCidr(cidr('172.31.16.0/20'))).toBe('172.31.16.0/20');
    expect(cidr('0.0.0.0/0').prefixLength).toBe(0);
  });

  it('refuses host bits unless asked to clear them', () => {
    expect(parseCidr('10.0.0.1/16')).toBeUndefined();
    expect(formatCidr(parseCidr('10.0.0.1/16', false) ?? cidr('0.0.0.0/0'))).toBe('10.0.0.0/16');
  });

  it('refuses malformed text', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0/16', '10.0.0.0/', 'x/16', '10.0.0.0/16/1']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });
});

describe('containment and overlap', () => {
  it('knows which addresses a block holds', () => {
    const block = cidr('172.31.0.0/20');
    expect(cidrContainsAddress(block, parseIpv4('172.31.15.255') ?? 0)).toBe(true);
    expect(cidrContainsAddress(block, parseIpv4('172.31.16.0') ?? 0)).toBe(false);
  });

  it('knows whether one block lies inside another', () => {
    expect(cidrContainsCidr(cidr('10.0.0.0/16'), cidr('10.0.1.0/24'))).toBe(true);
    expect(cidrContainsCidr(cidr('10.0.1.0/24'), cidr('10.0.0.0/16'))).toBe(false);
    expect(cidrContainsCidr(cidr('10.0.0.0/16'), cidr('10.1.0.0/24'))).toBe(false);
  });

  it('finds overlaps in either direction and none between neighbours', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/24'), cidr('10.0.0.128/25'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.128/25'), cidr('10.0.0.0/24'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/25'), cidr('10.0.0.128/25'))).toBe(false);
  });
});

describe('usable addresses', () => {
  it('skips the four first and the last address AWS reserves', () => {
    const block = cidr('10.0.1.0/24');
    expect(formatIpv4(firstUsableAddress(block))).toBe('10.0.1.4');
    expect(formatIpv4(lastUsableAddress(block))).toBe('10.0.1.254');
  });
});

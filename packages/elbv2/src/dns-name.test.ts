import { describe, expect, it } from 'vitest';
import { loadBalancerDnsName, seededAlbDnsHex } from './dns-name.js';

describe('seededAlbDnsHex', () => {
  it('gives the same 8 hex characters for the same seed, account, region and name, and others when any differs', () => {
    const hex = seededAlbDnsHex(7)('123456789012', 'us-east-1', 'web');
    expect(hex).toMatch(/^[0-9a-f]{8}$/);
    expect(seededAlbDnsHex(7)('123456789012', 'us-east-1', 'web')).toBe(hex);
    const others = [
      seededAlbDnsHex(8)('123456789012', 'us-east-1', 'web'),
      seededAlbDnsHex(7)('210987654321', 'us-east-1', 'web'),
      seededAlbDnsHex(7)('123456789012', 'eu-west-1', 'web'),
      seededAlbDnsHex(7)('123456789012', 'us-east-1', 'api'),
    ];
    for (const other of others) expect(other).not.toBe(hex);
  });

  it('makes an ALB DNS name of AWS shape: <name>-<9 or 10 digits>.<region>.elb.amazonaws.com', () => {
    const name = loadBalancerDnsName({
      type: 'application',
      scheme: 'internet-facing',
      name: 'web',
      region: 'us-east-1',
      id: '0123456789abcdef',
      randomHex8: seededAlbDnsHex(1)('123456789012', 'us-east-1', 'web'),
    });
    expect(name).toMatch(/^web-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/);
  });
});

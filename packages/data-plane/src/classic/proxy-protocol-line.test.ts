import { describe, expect, it } from 'vitest';
import { proxyProtocolV1Line } from './proxy-protocol-line.js';

describe('proxyProtocolV1Line', () => {
  it('writes the TCP4 line of the Classic LB guide example', () => {
    expect(proxyProtocolV1Line({ address: '198.51.100.22', port: 35646 }, { address: '203.0.113.7', port: 80 })).toBe('PROXY TCP4 198.51.100.22 203.0.113.7 35646 80\r\n');
  });

  it('reads IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(proxyProtocolV1Line({ address: '::ffff:127.0.0.1', port: 5000 }, { address: '::ffff:127.0.0.1', port: 25 })).toBe('PROXY TCP4 127.0.0.1 127.0.0.1 5000 25\r\n');
  });

  it('writes TCP6 for IPv6, UNKNOWN for a mix or an unknown address', () => {
    expect(proxyProtocolV1Line({ address: '2001:db8::1', port: 1 }, { address: '::1', port: 2 })).toBe('PROXY TCP6 2001:db8::1 ::1 1 2\r\n');
    expect(proxyProtocolV1Line({ address: '2001:db8::1', port: 1 }, { address: '10.0.0.1', port: 2 })).toBe('PROXY UNKNOWN\r\n');
    expect(proxyProtocolV1Line({ address: '', port: 1 }, { address: '10.0.0.1', port: 2 })).toBe('PROXY UNKNOWN\r\n');
  });
});

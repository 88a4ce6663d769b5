import { describe, expect, it } from 'vitest';
import { readClassicHealthCheckTarget } from './classic-health-check-target.js';

// Grammar: model HealthCheck.Target doc (classic-elb.md §2).
describe('readClassicHealthCheckTarget', () => {
  it('reads TCP, SSL, HTTP and HTTPS targets', () => {
    expect(readClassicHealthCheckTarget('TCP:22')).toEqual({ target: { protocol: 'TCP', port: 22, path: '' } });
    expect(readClassicHealthCheckTarget('SSL:443')).toEqual({ target: { protocol: 'SSL', port: 443, path: '' } });
    expect(readClassicHealthCheckTarget('HTTP:80/index.html')).toEqual({ target: { protocol: 'HTTP', port: 80, path: '/index.html' } });
    expect(readClassicHealthCheckTarget('HTTPS:8443/a/b?c=d')).toEqual({ target: { protocol: 'HTTPS', port: 8443, path: '/a/b?c=d' } });
  });

  it('reads a port with leading zeros as its number, for the API and the checks alike', () => {
    expect(readClassicHealthCheckTarget('TCP:000080')).toEqual({ target: { protocol: 'TCP', port: 80, path: '' } });
    expect(readClassicHealthCheckTarget('HTTP:0008080/ping')).toEqual({ target: { protocol: 'HTTP', port: 8080, path: '/ping' } });
  });

  it('says why a target does not read', () => {
    expect(readClassicHealthCheckTarget(`HTTP:80/${'a'.repeat(1024)}`)).toEqual({ problem: 'too-long' });
    for (const text of ['FOO:1', 'tcp:22', 'TCP22']) expect(readClassicHealthCheckTarget(text), text).toEqual({ problem: 'protocol' });
    for (const text of ['TCP:', 'TCP:0', 'TCP:65536', 'HTTP:/x']) expect(readClassicHealthCheckTarget(text), text).toEqual({ problem: 'port' });
    for (const text of ['HTTP:80', 'HTTP:80x/']) expect(readClassicHealthCheckTarget(text), text).toEqual({ problem: 'path-required' });
    expect(readClassicHealthCheckTarget('TCP:22/x')).toEqual({ problem: 'path-not-allowed' });
  });
});

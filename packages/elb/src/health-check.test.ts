import { describe, expect, it } from 'vitest';
import { assertValidHealthCheck, parseHealthCheckTarget } from './health-check.js';

describe('parseHealthCheckTarget', () => {
  it('reads TCP/SSL ports and HTTP/HTTPS ports with paths', () => {
    expect(parseHealthCheckTarget('TCP:22')).toEqual({ protocol: 'TCP', port: 22, path: undefined });
    expect(parseHealthCheckTarget('SSL:443')).toEqual({ protocol: 'SSL', port: 443, path: undefined });
    expect(parseHealthCheckTarget('HTTP:80/path')).toEqual({ protocol: 'HTTP', port: 80, path: '/path' });
    expect(parseHealthCheckTarget('HTTPS:443/')).toEqual({ protocol: 'HTTPS', port: 443, path: '/' });
  });
  it('refuses unknown protocols, missing or bad ports, HTTP without path and TCP with one', () => {
    expect(() => parseHealthCheckTarget('UDP:53')).toThrow('HealthCheck Target must begin with one of HTTP, TCP, HTTPS, SSL');
    expect(() => parseHealthCheckTarget('http:80/')).toThrow('HealthCheck Target must begin with one of HTTP, TCP, HTTPS, SSL');
    expect(() => parseHealthCheckTarget('TCP:')).toThrow('HealthCheck Target port must be between 1 and 65535: TCP:');
    expect(() => parseHealthCheckTarget('TCP:70000')).toThrow('HealthCheck Target port must be between 1 and 65535: TCP:70000');
    expect(() => parseHealthCheckTarget('HTTP:80')).toThrow('HealthCheck HTTP Target must specify a port followed by a path');
    expect(() => parseHealthCheckTarget('TCP:22/x')).toThrow('HealthCheck TCP Target must specify a port number only. e.g. TCP:5000');
    expect(() => parseHealthCheckTarget(`HTTP:80/${'a'.repeat(1024)}`)).toThrow('HealthCheck Target must not be longer than 1024 characters');
  });
});

describe('assertValidHealthCheck', () => {
  it('wants the timeout below the interval', () => {
    expect(() => assertValidHealthCheck({ Target: 'TCP:80', Interval: 5, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 })).toThrow(
      'HealthCheck Timeout must be less than Interval',
    );
    expect(() => assertValidHealthCheck({ Target: 'TCP:80', Interval: 6, Timeout: 5, UnhealthyThreshold: 2, HealthyThreshold: 2 })).not.toThrow();
  });
});

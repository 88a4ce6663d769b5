import { describe, expect, it } from 'vitest';
import { healthCheckDefaults, targetGroupFamily } from './health-check-defaults.js';

describe('targetGroupFamily', () => {
  it.each([
    ['HTTP', 'instance', 'application'],
    ['HTTPS', 'ip', 'application'],
    [undefined, 'lambda', 'lambda'],
    ['TCP', 'alb', 'network'],
    ['UDP', 'instance', 'network'],
    ['QUIC', 'ip', 'network'],
    ['GENEVE', 'instance', 'gateway'],
  ] as const)('%s %s → %s', (protocol, targetType, family) => {
    expect(targetGroupFamily(protocol, targetType)).toBe(family);
  });
});

describe('healthCheckDefaults', () => {
  it('ALB HTTP: HTTP on traffic-port, /, 30 s / 5 s (not the model\'s 6), 5/2, matcher 200', () => {
    expect(healthCheckDefaults('HTTP', 'instance', 'HTTP1', undefined)).toEqual({
      isEnabled: true,
      protocol: 'HTTP',
      port: 'traffic-port',
      path: '/',
      intervalSeconds: 30,
      timeoutSeconds: 5,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
      matcher: { HttpCode: '200' },
    });
  });

  it('ALB HTTPS checks over HTTPS unless told otherwise', () => {
    expect(healthCheckDefaults('HTTPS', 'ip', 'HTTP1', undefined).protocol).toBe('HTTPS');
    expect(healthCheckDefaults('HTTPS', 'ip', 'HTTP1', 'HTTP').protocol).toBe('HTTP');
  });

  it('gRPC: the ALB health-check service path and gRPC code 12', () => {
    expect(healthCheckDefaults('HTTP', 'ip', 'GRPC', undefined)).toMatchObject({ path: '/AWS.ALB/healthcheck', matcher: { GrpcCode: '12' } });
  });

  it('lambda: disabled, 35 s / 30 s, unhealthy 5, no protocol or port', () => {
    expect(healthCheckDefaults(undefined, 'lambda', undefined, undefined)).toEqual({
      isEnabled: false,
      protocol: undefined,
      port: undefined,
      path: '/',
      intervalSeconds: 35,
      timeoutSeconds: 30,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 5,
      matcher: { HttpCode: '200' },
    });
  });

  it.each(['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'] as const)('%s: TCP checks, 30 s / 10 s, no path or matcher', (protocol) => {
    expect(healthCheckDefaults(protocol, 'instance', undefined, undefined)).toEqual({
      isEnabled: true,
      protocol: 'TCP',
      port: 'traffic-port',
      path: undefined,
      matcher: undefined,
      intervalSeconds: 30,
      timeoutSeconds: 10,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
    });
  });

  it('NLB groups checked over HTTP get timeout 6, path / and matcher 200-399; HTTPS checks timeout 10', () => {
    expect(healthCheckDefaults('TCP', 'instance', undefined, 'HTTP')).toMatchObject({ timeoutSeconds: 6, path: '/', matcher: { HttpCode: '200-399' } });
    expect(healthCheckDefaults('TLS', 'ip', undefined, 'HTTPS')).toMatchObject({ timeoutSeconds: 10, path: '/', matcher: { HttpCode: '200-399' } });
    expect(healthCheckDefaults('TCP', 'alb', undefined, undefined)).toMatchObject({ protocol: 'HTTP', timeoutSeconds: 6 });
  });

  it('GENEVE: TCP checks on port 80, 10 s / 5 s', () => {
    expect(healthCheckDefaults('GENEVE', 'instance', undefined, undefined)).toEqual({
      isEnabled: true,
      protocol: 'TCP',
      port: '80',
      path: undefined,
      matcher: undefined,
      intervalSeconds: 10,
      timeoutSeconds: 5,
      healthyThresholdCount: 5,
      unhealthyThresholdCount: 2,
    });
  });
});

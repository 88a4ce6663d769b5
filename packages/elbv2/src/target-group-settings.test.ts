import { describe, expect, it } from 'vitest';
import type { elbv2 } from '@elbow/api-models';
import { applyModifyTargetGroup, hasSameSettings, resolveCreateSettings } from './target-group-settings.js';

const HTTP: elbv2.CreateTargetGroupInput = { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-3ac0fb5f' };

describe('resolveCreateSettings', () => {
  it('fills instance target type, ipv4 and HTTP1 by default', () => {
    expect(resolveCreateSettings(HTTP)).toMatchObject({ targetType: 'instance', ipAddressType: 'ipv4', protocolVersion: 'HTTP1' });
  });

  it('accepts 17-digit VPC ids and a lower-case protocol version', () => {
    expect(resolveCreateSettings({ ...HTTP, VpcId: 'vpc-0123456789abcdef0', ProtocolVersion: 'http2' })).toMatchObject({
      vpcId: 'vpc-0123456789abcdef0',
      protocolVersion: 'HTTP2',
    });
  });

  it('keeps a given matcher and leaves other defaults alone', () => {
    const settings = resolveCreateSettings({ ...HTTP, Matcher: { HttpCode: '200,202' }, HealthCheckTimeoutSeconds: 10 });
    expect(settings.healthCheck).toMatchObject({ matcher: { HttpCode: '200,202' }, timeoutSeconds: 10, intervalSeconds: 30 });
  });

  it('accepts a gRPC matcher on a GRPC group', () => {
    expect(resolveCreateSettings({ ...HTTP, ProtocolVersion: 'GRPC', Matcher: { GrpcCode: '0-5' } }).healthCheck.matcher).toEqual({ GrpcCode: '0-5' });
  });

  it.each<[elbv2.Matcher, string]>([
    [{ GrpcCode: '100' }, `gRPC code '100' must be a code or a range of codes between '0' and '99'`],
    [{ HttpCode: '200' }, `A gRPC code matcher must be specified for target groups with protocol version 'GRPC'`],
    [{ HttpCode: '200', GrpcCode: '0' }, 'A matcher can have either an HTTP code or a gRPC code, not both'],
  ])('refuses the GRPC matcher %j', (matcher, message) => {
    expect(() => resolveCreateSettings({ ...HTTP, ProtocolVersion: 'GRPC', Matcher: matcher })).toThrow(
      expect.objectContaining({ code: 'ValidationError', message }),
    );
  });

  it('refuses a range whose ends are reversed', () => {
    expect(() => resolveCreateSettings({ ...HTTP, Matcher: { HttpCode: '299-200' } })).toThrow(`HTTP code '299-200'`);
  });

  it('accepts GWLB matchers only up to 399', () => {
    const geneve = { ...HTTP, Protocol: 'GENEVE' as const, Port: 6081, HealthCheckProtocol: 'HTTP' as const };
    expect(resolveCreateSettings({ ...geneve, Matcher: { HttpCode: '200-399' } }).healthCheck.matcher).toEqual({ HttpCode: '200-399' });
    expect(() => resolveCreateSettings({ ...geneve, Matcher: { HttpCode: '400' } })).toThrow(`between '200' and '399'`);
  });
});

describe('hasSameSettings', () => {
  it('is true for the same request and false when any setting differs', () => {
    const base = resolveCreateSettings(HTTP);
    expect(hasSameSettings(base, resolveCreateSettings(HTTP))).toBe(true);
    expect(hasSameSettings(base, resolveCreateSettings({ ...HTTP, HealthCheckPath: '/other' }))).toBe(false);
    expect(hasSameSettings(base, resolveCreateSettings({ ...HTTP, Matcher: { HttpCode: '201' } }))).toBe(false);
    expect(hasSameSettings(base, resolveCreateSettings({ ...HTTP, TargetType: 'ip' }))).toBe(false);
  });

  it('treats explicitly given defaults as the same settings', () => {
    const explicit = resolveCreateSettings({ ...HTTP, TargetType: 'instance', HealthCheckPath: '/', Matcher: { HttpCode: '200' }, IpAddressType: 'ipv4' });
    expect(hasSameSettings(resolveCreateSettings(HTTP), explicit)).toBe(true);
  });

  it('ignores identity fields of a stored record', () => {
    const settings = resolveCreateSettings(HTTP);
    const record = { ...settings, seq: 7, arn: 'arn', name: 'web', createdAt: 'then' };
    expect(hasSameSettings(record, settings)).toBe(true);
  });
});

describe('applyModifyTargetGroup', () => {
  it('changes only what is given', () => {
    const current = resolveCreateSettings(HTTP);
    const next = applyModifyTargetGroup(current, { TargetGroupArn: 'arn', UnhealthyThresholdCount: 3 });
    expect(next).toEqual({ ...current, healthCheck: { ...current.healthCheck, unhealthyThresholdCount: 3 } });
  });

  it('refuses a health check protocol or port on a lambda group', () => {
    const lambda = resolveCreateSettings({ Name: 'fn', TargetType: 'lambda' });
    expect(() => applyModifyTargetGroup(lambda, { TargetGroupArn: 'arn', HealthCheckPort: '80' })).toThrow(
      expect.objectContaining({ code: 'ValidationError', message: `A health check port cannot be specified for target groups with target type 'lambda'` }),
    );
  });
});

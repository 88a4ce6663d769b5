import { describe, expect, it } from 'vitest';
import { albAccessLogDestination, classicAccessLogDestination } from './access-log-destination.js';

describe('access-log destinations', () => {
  it('reads an ALB\'s access_logs.s3.* attributes: 5-minute intervals, prefix without slashes', () => {
    const attributes = (entries: Record<string, string>) => new Map(Object.entries(entries));
    expect(albAccessLogDestination(attributes({ 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'logs', 'access_logs.s3.prefix': '/team/web/' }))).toEqual({
      bucket: 'logs',
      prefix: 'team/web',
      intervalMinutes: 5,
    });
    expect(albAccessLogDestination(attributes({ 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'logs', 'access_logs.s3.prefix': '' }))).toEqual({ bucket: 'logs', prefix: undefined, intervalMinutes: 5 });
    expect(albAccessLogDestination(attributes({ 'access_logs.s3.enabled': 'false', 'access_logs.s3.bucket': 'logs' }))).toBeUndefined();
    expect(albAccessLogDestination(attributes({ 'access_logs.s3.enabled': 'true' }))).toBeUndefined();
  });

  it('reads a classic load balancer\'s AccessLog: EmitInterval 5 or 60 (default 60)', () => {
    expect(classicAccessLogDestination({ isEnabled: true, s3BucketName: 'logs', s3BucketPrefix: 'my-app', emitIntervalMinutes: 5 })).toEqual({ bucket: 'logs', prefix: 'my-app', intervalMinutes: 5 });
    expect(classicAccessLogDestination({ isEnabled: true, s3BucketName: 'logs', s3BucketPrefix: undefined, emitIntervalMinutes: 60 })).toEqual({ bucket: 'logs', prefix: undefined, intervalMinutes: 60 });
    expect(classicAccessLogDestination({ isEnabled: false, s3BucketName: 'logs', s3BucketPrefix: undefined, emitIntervalMinutes: 60 })).toBeUndefined();
    expect(classicAccessLogDestination({ isEnabled: true, s3BucketName: undefined, s3BucketPrefix: undefined, emitIntervalMinutes: 60 })).toBeUndefined();
  });
});

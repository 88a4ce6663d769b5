import type { ClassicLoadBalancerRoute } from './classic/classic-routing-config.js';
import type { AccessLogDestination } from './request-record.js';

/** Without leading or trailing slashes; empty: none (logs at the bucket's root [access-logs.md §1]). */
function trimmedPrefix(prefix: string | undefined): string | undefined {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? undefined : trimmed;
}

/** ALB: the `access_logs.s3.*` attributes (elbv2-attributes.md); 5-minute intervals [access-logs.md §1]. */
export function albAccessLogDestination(attributes: ReadonlyMap<string, string>): AccessLogDestination | undefined {
  if (attributes.get('access_logs.s3.enabled') !== 'true') return undefined;
  const bucket = attributes.get('access_logs.s3.bucket') ?? '';
  if (bucket === '') return undefined;
  return { bucket, prefix: trimmedPrefix(attributes.get('access_logs.s3.prefix')), intervalMinutes: 5 };
}

/** Classic: `AccessLog` of the load balancer's attributes, EmitInterval 5 or 60 minutes [access-logs.md §3]. */
export function classicAccessLogDestination(accessLog: ClassicLoadBalancerRoute['accessLog']): AccessLogDestination | undefined {
  if (!accessLog.isEnabled || accessLog.s3BucketName === undefined || accessLog.s3BucketName === '') return undefined;
  return { bucket: accessLog.s3BucketName, prefix: trimmedPrefix(accessLog.s3BucketPrefix), intervalMinutes: accessLog.emitIntervalMinutes === 5 ? 5 : 60 };
}

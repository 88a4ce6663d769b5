import type { elbv2 } from '@elbow/api-models';

/** The health-check half of a target group, as stored and as returned. */
export interface HealthCheckSettings {
  isEnabled: boolean;
  protocol: elbv2.ProtocolEnum | undefined;
  port: string | undefined;
  path: string | undefined;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThresholdCount: number;
  unhealthyThresholdCount: number;
  matcher: elbv2.Matcher | undefined;
}

export const TRAFFIC_PORT = 'traffic-port';
const GRPC_DEFAULT_PATH = '/AWS.ALB/healthcheck';

/** The load balancer family a target group's protocol and target type serve. */
export type TargetGroupFamily = 'application' | 'lambda' | 'network' | 'gateway';

export function targetGroupFamily(protocol: elbv2.ProtocolEnum | undefined, targetType: elbv2.TargetTypeEnum): TargetGroupFamily {
  if (targetType === 'lambda') return 'lambda';
  if (protocol === 'HTTP' || protocol === 'HTTPS') return 'application';
  if (protocol === 'GENEVE') return 'gateway';
  return 'network';
}

export function isHttpHealthCheck(protocol: elbv2.ProtocolEnum | undefined): boolean {
  return protocol === 'HTTP' || protocol === 'HTTPS';
}

/**
 * Defaults when CreateTargetGroup leaves a health-check setting out. Sources:
 * - [CLI] aws-cli v1.45.11 `awscli/examples/elbv2/create-target-group.rst`: Example 1 (HTTP
 *   instance: HTTP, traffic-port, 30/5/5/2, `/`, 200), 2 (lambda: disabled, 35/30, `/`, 200),
 *   3 (TCP ip: TCP, traffic-port, 30/10/5/2, no path or matcher), 4 (TCP alb: HTTP health
 *   check, timeout 6, matcher 200-399), 5 (GENEVE: TCP, port 80, 10/5/5/2).
 * - [M1] botocore elbv2 model, CreateTargetGroupInput member docs (per-protocol intervals,
 *   thresholds, timeouts; Matcher: ALB 200, NLB HTTP checks 200-399, gRPC 12).
 * - Timeout of ALB HTTP groups: the model says 6 s, the ALB guide and [CLI] Example 1 say 5 s;
 *   elbow uses 5 (elbv2-attributes.md §5, headers-and-routing.md §5).
 * - Lambda unhealthy threshold: the model says 5, [CLI] Example 2 shows 2; elbow follows the
 *   model (headers-and-routing.md §5 table).
 * - NLB groups checked over HTTP/HTTPS: timeout 6 s for HTTP ([CLI] Example 4), 10 s for HTTPS
 *   ([M1] "10 seconds for TCP, TLS or HTTPS").
 */
export function healthCheckDefaults(
  protocol: elbv2.ProtocolEnum | undefined,
  targetType: elbv2.TargetTypeEnum,
  protocolVersion: string | undefined,
  requestedHealthCheckProtocol: elbv2.ProtocolEnum | undefined,
): HealthCheckSettings {
  const family = targetGroupFamily(protocol, targetType);
  switch (family) {
    case 'lambda':
      return {
        isEnabled: false,
        protocol: undefined,
        port: undefined,
        path: '/',
        intervalSeconds: 35,
        timeoutSeconds: 30,
        healthyThresholdCount: 5,
        unhealthyThresholdCount: 5,
        matcher: { HttpCode: '200' },
      };
    case 'application': {
      const isGrpc = protocolVersion === 'GRPC';
      return {
        isEnabled: true,
        protocol: requestedHealthCheckProtocol ?? protocol,
        port: TRAFFIC_PORT,
        path: isGrpc ? GRPC_DEFAULT_PATH : '/',
        intervalSeconds: 30,
        timeoutSeconds: 5,
        healthyThresholdCount: 5,
        unhealthyThresholdCount: 2,
        matcher: isGrpc ? { GrpcCode: '12' } : { HttpCode: '200' },
      };
    }
    case 'gateway':
      return {
        isEnabled: true,
        protocol: requestedHealthCheckProtocol ?? 'TCP',
        port: '80',
        ...httpPartFor(requestedHealthCheckProtocol ?? 'TCP'),
        intervalSeconds: 10,
        timeoutSeconds: 5,
        healthyThresholdCount: 5,
        unhealthyThresholdCount: 2,
      };
    case 'network': {
      // An `alb` target group is checked over HTTP unless told otherwise ([CLI] Example 4).
      const checkProtocol = requestedHealthCheckProtocol ?? (targetType === 'alb' ? 'HTTP' : 'TCP');
      return {
        isEnabled: true,
        protocol: checkProtocol,
        port: TRAFFIC_PORT,
        ...httpPartFor(checkProtocol),
        intervalSeconds: 30,
        timeoutSeconds: checkProtocol === 'HTTP' ? 6 : 10,
        healthyThresholdCount: 5,
        unhealthyThresholdCount: 2,
      };
    }
  }
}

/** Path and matcher exist only for HTTP/HTTPS checks of NLB/GWLB groups ([M1] Matcher doc: 200-399). */
function httpPartFor(checkProtocol: elbv2.ProtocolEnum): Pick<HealthCheckSettings, 'path' | 'matcher'> {
  return isHttpHealthCheck(checkProtocol) ? { path: '/', matcher: { HttpCode: '200-399' } } : { path: undefined, matcher: undefined };
}

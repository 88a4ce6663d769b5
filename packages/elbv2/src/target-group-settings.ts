import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { healthCheckDefaults, isHttpHealthCheck, targetGroupFamily, TRAFFIC_PORT } from './health-check-defaults.js';
import type { HealthCheckSettings, TargetGroupFamily } from './health-check-defaults.js';

/**
 * Everything CreateTargetGroup decides about a group except its name and ARN. Pure rules:
 * values in, values (or a ServiceError) out. Messages marked "unverified" are listed in
 * UNVERIFIED.md; the rest cite where the wording was seen.
 */
export interface TargetGroupSettings {
  protocol: elbv2.ProtocolEnum | undefined;
  protocolVersion: string | undefined;
  port: number | undefined;
  vpcId: string | undefined;
  targetType: elbv2.TargetTypeEnum;
  ipAddressType: elbv2.TargetGroupIpAddressTypeEnum;
  targetControlPort: number | undefined;
  healthCheck: HealthCheckSettings;
}

/** ProtocolVersion is a free string in the model; its documentation names these three. */
const PROTOCOL_VERSIONS = ['GRPC', 'HTTP1', 'HTTP2'] as const;
/** "The GENEVE, TLS, UDP, TCP_UDP, QUIC, and TCP_QUIC protocols are not supported for health checks" [M1 HealthCheckProtocol doc]. */
const HEALTH_CHECK_PROTOCOLS: readonly elbv2.ProtocolEnum[] = ['HTTP', 'HTTPS', 'TCP'];
/** VPC ids: `vpc-` and 8 or 17 lowercase hex digits (EC2 id formats). Existence is not checked yet. */
const VPC_ID_PATTERN = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** Matcher ranges per family [M1 CreateTargetGroupInput.Matcher and Matcher.HttpCode docs]. */
const HTTP_CODE_RANGE: Record<TargetGroupFamily, readonly [number, number]> = {
  application: [200, 499],
  lambda: [200, 499],
  network: [200, 599],
  gateway: [200, 399],
};
const GRPC_CODE_RANGE = [0, 99] as const;

export function resolveCreateSettings(input: elbv2.CreateTargetGroupInput): TargetGroupSettings {
  const targetType = input.TargetType ?? 'instance';
  if (targetType === 'lambda') {
    // "If the target is a Lambda function, this parameter does not apply" [M1 Protocol/Port/VpcId docs].
    rejectForLambda(input.Protocol, 'A protocol');
    rejectForLambda(input.Port, 'A port');
    rejectForLambda(input.VpcId, 'A VPC ID');
    rejectForLambda(input.ProtocolVersion, 'A protocol version');
    rejectForLambda(input.HealthCheckProtocol, 'A health check protocol');
    rejectForLambda(input.HealthCheckPort, 'A health check port');
  } else {
    // Required unless lambda [M1 VpcId doc: "Otherwise, this parameter is required"]. Unverified wording.
    if (input.Protocol === undefined) throw validationError(`A protocol must be specified for target groups with target type '${targetType}'`);
    if (input.Port === undefined) throw validationError(`A port must be specified for target groups with target type '${targetType}'`);
    if (input.VpcId === undefined) throw validationError(`A VPC ID must be specified for target groups with target type '${targetType}'`);
    if (!VPC_ID_PATTERN.test(input.VpcId)) throw validationError(`The VPC ID '${input.VpcId}' is not found`);
  }
  const protocol = input.Protocol;
  if (targetType === 'alb' && protocol !== 'TCP') {
    // "alb - Register a single Application Load Balancer as a target" is an NLB feature with TCP listeners (NLB guide). Unverified wording.
    throw validationError(`Target groups with target type 'alb' support only the TCP protocol`);
  }
  if (protocol === 'GENEVE' && input.Port !== 6081) {
    // "If the protocol is GENEVE, the supported port is 6081" [M1 Port doc]. Unverified wording.
    throw validationError(`Port '${input.Port}' is not supported for target groups with the GENEVE protocol; the supported port is 6081`);
  }
  const protocolVersion = resolveProtocolVersion(protocol, input.ProtocolVersion);

  const defaults = healthCheckDefaults(protocol, targetType, protocolVersion, input.HealthCheckProtocol);
  const healthCheck: HealthCheckSettings = {
    isEnabled: input.HealthCheckEnabled ?? defaults.isEnabled,
    protocol: defaults.protocol,
    port: input.HealthCheckPort ?? defaults.port,
    path: input.HealthCheckPath ?? defaults.path,
    intervalSeconds: input.HealthCheckIntervalSeconds ?? defaults.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? defaults.timeoutSeconds,
    healthyThresholdCount: input.HealthyThresholdCount ?? defaults.healthyThresholdCount,
    unhealthyThresholdCount: input.UnhealthyThresholdCount ?? defaults.unhealthyThresholdCount,
    matcher: input.Matcher ? copyMatcher(input.Matcher) : defaults.matcher,
  };
  const settings: TargetGroupSettings = {
    protocol,
    protocolVersion,
    port: input.Port,
    vpcId: input.VpcId,
    targetType,
    // "The default value is ipv4" [M1 IpAddressType doc].
    ipAddressType: input.IpAddressType ?? 'ipv4',
    targetControlPort: input.TargetControlPort,
    healthCheck,
  };
  assertValidHealthCheck(settings, {
    path: input.HealthCheckPath !== undefined,
    matcher: input.Matcher !== undefined,
  });
  return settings;
}

/**
 * ModifyTargetGroup: the given health-check settings over the current ones, validated as
 * CreateTargetGroup validates them. Switching an NLB/GWLB group between TCP and HTTP(S) checks
 * brings in (or drops) the path and matcher defaults of the new check protocol.
 */
export function applyModifyTargetGroup(current: TargetGroupSettings, input: elbv2.ModifyTargetGroupInput): TargetGroupSettings {
  if (current.targetType === 'lambda') {
    rejectForLambda(input.HealthCheckProtocol, 'A health check protocol');
    rejectForLambda(input.HealthCheckPort, 'A health check port');
  }
  const before = current.healthCheck;
  const checkProtocol = input.HealthCheckProtocol ?? before.protocol;
  let { path, matcher } = before;
  if (checkProtocol !== before.protocol) {
    const defaults = healthCheckDefaults(current.protocol, current.targetType, current.protocolVersion, checkProtocol);
    if (isHttpHealthCheck(checkProtocol) !== isHttpHealthCheck(before.protocol)) {
      path = defaults.path;
      matcher = defaults.matcher;
    }
  }
  const healthCheck: HealthCheckSettings = {
    isEnabled: input.HealthCheckEnabled ?? before.isEnabled,
    protocol: checkProtocol,
    port: input.HealthCheckPort ?? before.port,
    path: input.HealthCheckPath ?? path,
    intervalSeconds: input.HealthCheckIntervalSeconds ?? before.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? before.timeoutSeconds,
    healthyThresholdCount: input.HealthyThresholdCount ?? before.healthyThresholdCount,
    unhealthyThresholdCount: input.UnhealthyThresholdCount ?? before.unhealthyThresholdCount,
    matcher: input.Matcher ? copyMatcher(input.Matcher) : matcher,
  };
  const settings = { ...current, healthCheck };
  assertValidHealthCheck(settings, { path: input.HealthCheckPath !== undefined, matcher: input.Matcher !== undefined });
  return settings;
}

/** Idempotent CreateTargetGroup: "same settings" means every resolved setting is equal [M1 CreateTargetGroup doc]. */
export function hasSameSettings(a: TargetGroupSettings, b: TargetGroupSettings): boolean {
  return canonical(a) === canonical(b);
}

function canonical(settings: TargetGroupSettings): string {
  // Only the settings: records passed in also carry identity (arn, seq, ...), which must not count.
  const check = settings.healthCheck;
  return JSON.stringify(
    [
      settings.protocol, settings.protocolVersion, settings.port, settings.vpcId, settings.targetType,
      settings.ipAddressType, settings.targetControlPort, check.isEnabled, check.protocol, check.port, check.path,
      check.intervalSeconds, check.timeoutSeconds, check.healthyThresholdCount, check.unhealthyThresholdCount,
      check.matcher?.HttpCode, check.matcher?.GrpcCode,
    ].map((value) => value ?? null),
  );
}

function rejectForLambda(value: unknown, what: string): void {
  if (value !== undefined) {
    // Unverified wording; the model only says the parameter "does not apply" to Lambda targets.
    throw validationError(`${what} cannot be specified for target groups with target type 'lambda'`);
  }
}

function resolveProtocolVersion(protocol: elbv2.ProtocolEnum | undefined, requested: string | undefined): string | undefined {
  const isHttp = protocol === 'HTTP' || protocol === 'HTTPS';
  if (requested === undefined) return isHttp ? 'HTTP1' : undefined; // "The default is HTTP1" [M1 ProtocolVersion doc]
  if (!isHttp) {
    // "[HTTP/HTTPS protocol] The protocol version" [M1]. Unverified wording.
    throw validationError(`A protocol version can be specified only for target groups with the HTTP or HTTPS protocol`);
  }
  const normalized = requested.toUpperCase();
  if (!(PROTOCOL_VERSIONS as readonly string[]).includes(normalized)) {
    throw validationError(`Protocol version '${requested}' must be one of [${PROTOCOL_VERSIONS.join(', ')}]`);
  }
  return normalized;
}

function copyMatcher(matcher: elbv2.Matcher): elbv2.Matcher {
  return {
    ...(matcher.HttpCode !== undefined ? { HttpCode: matcher.HttpCode } : {}),
    ...(matcher.GrpcCode !== undefined ? { GrpcCode: matcher.GrpcCode } : {}),
  };
}

function assertValidHealthCheck(settings: TargetGroupSettings, given: { path: boolean; matcher: boolean }): void {
  const { healthCheck: check, targetType, protocol } = settings;
  const family = targetGroupFamily(protocol, targetType);

  if (!check.isEnabled && targetType !== 'lambda') {
    // Seen in two public sources quoting AWS ("live-verified"); error code unverified.
    throw validationError(`Health check enabled must be true for target groups with target type '${targetType}'`);
  }
  if (check.protocol !== undefined) {
    if (!HEALTH_CHECK_PROTOCOLS.includes(check.protocol)) {
      throw validationError(`Health check protocol '${check.protocol}' is not supported; use HTTP, HTTPS or TCP`);
    }
    if (family === 'application' && check.protocol === 'TCP') {
      // "The TCP protocol is not supported for health checks if the protocol of the target group is HTTP or HTTPS" [M1].
      throw new ServiceError(
        'InvalidConfigurationRequest',
        `Health check protocol 'TCP' is not supported for target groups with the ${protocol} protocol`,
      );
    }
  }
  if (check.port !== undefined && check.port !== TRAFFIC_PORT) {
    const port = /^\d{1,5}$/.test(check.port) ? Number(check.port) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      throw validationError(`Health check port '${check.port}' must be '${TRAFFIC_PORT}' or a port between 1 and 65535`);
    }
  }
  const isHttpCheck = family === 'lambda' || isHttpHealthCheck(check.protocol);
  if (given.path && !isHttpCheck) {
    throw validationError(`A health check path can be specified only for HTTP and HTTPS health checks`);
  }
  if (check.path !== undefined && !check.path.startsWith('/')) {
    throw validationError(`Health check path '${check.path}' must begin with '/'`);
  }
  if (check.timeoutSeconds >= check.intervalSeconds) {
    // moto's wording (elbv2-validation.md §3 table) — unverified.
    throw validationError(`Health check timeout '${check.timeoutSeconds}' must be smaller than the interval '${check.intervalSeconds}'`);
  }
  if (given.matcher) assertValidMatcher(settings, family, isHttpCheck);
}

function assertValidMatcher(settings: TargetGroupSettings, family: TargetGroupFamily, isHttpCheck: boolean): void {
  const matcher = settings.healthCheck.matcher ?? {};
  if (!isHttpCheck) {
    // Verified wording (elbv2-validation.md §3 [G1]), seen for TCP; other protocols by analogy.
    throw new ServiceError(
      'InvalidConfigurationRequest',
      `Custom health check matchers are not supported for health checks for target groups with the ${settings.protocol} protocol.`,
    );
  }
  const isGrpc = settings.protocolVersion === 'GRPC';
  if (matcher.HttpCode !== undefined && matcher.GrpcCode !== undefined) {
    throw validationError(`A matcher can have either an HTTP code or a gRPC code, not both`);
  }
  if (isGrpc) {
    if (matcher.GrpcCode === undefined) throw validationError(`A gRPC code matcher must be specified for target groups with protocol version 'GRPC'`);
    assertCodeList(matcher.GrpcCode, GRPC_CODE_RANGE, 'gRPC');
  } else {
    if (matcher.HttpCode === undefined) throw validationError(`An HTTP code matcher must be specified for target groups with protocol version '${settings.protocolVersion ?? 'HTTP1'}'`);
    assertCodeList(matcher.HttpCode, HTTP_CODE_RANGE[family], 'HTTP');
  }
}

/** "You can specify multiple values (for example, "200,202") or a range of values (for example, "200-299")" [M1 Matcher doc]. */
function assertCodeList(value: string, [min, max]: readonly [number, number], kind: 'HTTP' | 'gRPC'): void {
  const isValid = value.split(',').every((part) => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return false;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    return low >= min && high <= max && low <= high;
  });
  if (!isValid) {
    throw validationError(`${kind} code '${value}' must be a code or a range of codes between '${min}' and '${max}'`);
  }
}

import type { elbv2 } from '@elbow/api-models';
import type { TargetGroupRecord } from './target-group-repository.js';

/**
 * A stored group as AWS returns it (aws-cli `create-target-group.rst` / `describe-target-groups.rst`):
 * members without a value are left out (a lambda group has no Protocol, Port or VpcId; a TCP
 * group no path or matcher), numbers stay numbers, HealthCheckEnabled is a boolean, and
 * LoadBalancerArns is always present (empty until a listener or rule forwards to the group).
 */
export function toTargetGroupOutput(record: TargetGroupRecord, loadBalancerArns: readonly string[] = []): elbv2.TargetGroup {
  const check = record.healthCheck;
  const output: elbv2.TargetGroup = {
    TargetGroupArn: record.arn,
    TargetGroupName: record.name,
    Protocol: record.protocol,
    Port: record.port,
    VpcId: record.vpcId,
    HealthCheckProtocol: check.protocol,
    HealthCheckPort: check.port,
    HealthCheckEnabled: check.isEnabled,
    HealthCheckIntervalSeconds: check.intervalSeconds,
    HealthCheckTimeoutSeconds: check.timeoutSeconds,
    HealthyThresholdCount: check.healthyThresholdCount,
    UnhealthyThresholdCount: check.unhealthyThresholdCount,
    HealthCheckPath: check.path,
    Matcher: check.matcher && { ...check.matcher },
    LoadBalancerArns: [...loadBalancerArns],
    TargetType: record.targetType,
    ProtocolVersion: record.protocolVersion,
    IpAddressType: record.ipAddressType,
    TargetControlPort: record.targetControlPort,
  };
  for (const key of Object.keys(output) as (keyof elbv2.TargetGroup)[]) {
    if (output[key] === undefined) delete output[key];
  }
  return output;
}

import type { ListenerDescription } from '@aws-sdk/client-elastic-load-balancing';
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { BootstrapTag, BootstrapTargetGroup, KeyValue } from './bootstrap-document.js';

/** Shared by export (Describe* answers) and import (describe-* dumps): AWS output → document members. */

/** Drops members that are undefined, null, empty lists or empty objects: a document says only what is there. */
export function compact<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([, member]) => {
    if (member === undefined || member === null) return false;
    if (Array.isArray(member)) return member.length > 0;
    if (typeof member === 'object') return Object.keys(member as object).length > 0;
    return true;
  });
  return Object.fromEntries(entries) as T;
}

export function tagsOf(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): BootstrapTag[] {
  return (tags ?? []).map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' }));
}

export function keyValues(attributes: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): KeyValue[] {
  return (attributes ?? []).map((attribute) => ({ Key: attribute.Key ?? '', Value: attribute.Value ?? '' }));
}

/** A described target group as a document member (its VPC, targets, tags and attributes are the caller's to add). */
export function targetGroupMember(group: TargetGroup): BootstrapTargetGroup {
  return {
    Name: group.TargetGroupName ?? '',
    Protocol: group.Protocol,
    ProtocolVersion: group.ProtocolVersion,
    Port: group.Port,
    HealthCheckProtocol: group.HealthCheckProtocol,
    HealthCheckPort: group.HealthCheckPort,
    HealthCheckEnabled: group.HealthCheckEnabled,
    HealthCheckPath: group.HealthCheckPath,
    HealthCheckIntervalSeconds: group.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: group.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: group.HealthyThresholdCount,
    UnhealthyThresholdCount: group.UnhealthyThresholdCount,
    Matcher: group.Matcher,
    TargetType: group.TargetType,
    IpAddressType: group.IpAddressType,
  } as BootstrapTargetGroup;
}

/** A described classic listener as a document member, keeping the policy names `keepPolicy` accepts. */
export function classicListenerMember(description: ListenerDescription, keepPolicy: (policyName: string) => boolean = () => true) {
  const listener = description.Listener;
  return compact({
    Protocol: listener?.Protocol ?? '',
    LoadBalancerPort: listener?.LoadBalancerPort ?? 0,
    InstanceProtocol: listener?.InstanceProtocol,
    InstancePort: listener?.InstancePort ?? 0,
    SSLCertificateId: listener?.SSLCertificateId,
    PolicyNames: (description.PolicyNames ?? []).filter(keepPolicy),
  });
}

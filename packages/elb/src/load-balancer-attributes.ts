import type { elb } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';

/** The fixed attributes of a classic load balancer, as stored. */
export interface ClassicAttributes {
  readonly crossZoneEnabled: boolean;
  readonly accessLogEnabled: boolean;
  readonly accessLogS3BucketName: string | undefined;
  readonly accessLogEmitIntervalMinutes: number | undefined;
  readonly accessLogS3BucketPrefix: string | undefined;
  readonly connectionDrainingEnabled: boolean;
  readonly connectionDrainingTimeoutSeconds: number;
  readonly idleTimeoutSeconds: number;
}

/**
 * Defaults of a load balancer created through the API: cross-zone off [D4], access logs off,
 * connection draining off with a 300 s timeout [D6], idle timeout 60 s [D5] (classic-elb.md §2, §4).
 */
export const DEFAULT_ATTRIBUTES: ClassicAttributes = {
  crossZoneEnabled: false,
  accessLogEnabled: false,
  accessLogS3BucketName: undefined,
  accessLogEmitIntervalMinutes: undefined,
  accessLogS3BucketPrefix: undefined,
  connectionDrainingEnabled: false,
  connectionDrainingTimeoutSeconds: 300,
  idleTimeoutSeconds: 60,
};

/**
 * The AdditionalAttributes keys AWS documents, with their values: only
 * `elb.http.desyncmitigationmode` (`monitor` | `defensive` | `strictest`, default `defensive`)
 * (classic-elb.md §2 [D3]).
 */
export const ADDITIONAL_ATTRIBUTES: Readonly<Record<string, { values: readonly string[]; defaultValue: string }>> = {
  'elb.http.desyncmitigationmode': { values: ['monitor', 'defensive', 'strictest'], defaultValue: 'defensive' },
};

/**
 * Applies ModifyLoadBalancerAttributes to the current values. Ranges: connection draining timeout
 * 1–3600 [D6]; access log emit interval 5 or 60 minutes, default 60, and a bucket when enabled
 * (model AccessLog doc). Messages unverified (UNVERIFIED.md).
 */
export function applyAttributes(current: ClassicAttributes, change: elb.LoadBalancerAttributes): ClassicAttributes {
  let next = { ...current };
  if (change.CrossZoneLoadBalancing) next = { ...next, crossZoneEnabled: change.CrossZoneLoadBalancing.Enabled };
  if (change.ConnectionDraining) {
    const timeout = change.ConnectionDraining.Timeout ?? current.connectionDrainingTimeoutSeconds;
    if (timeout < 1 || timeout > 3600) throw validationError('ConnectionDraining Timeout must be between 1 and 3600 seconds');
    next = { ...next, connectionDrainingEnabled: change.ConnectionDraining.Enabled, connectionDrainingTimeoutSeconds: timeout };
  }
  if (change.ConnectionSettings) next = { ...next, idleTimeoutSeconds: change.ConnectionSettings.IdleTimeout };
  if (change.AccessLog) {
    const log = change.AccessLog;
    const interval = log.EmitInterval ?? (log.Enabled ? 60 : undefined);
    if (interval !== undefined && interval !== 5 && interval !== 60) {
      throw new ServiceError('InvalidConfigurationRequest', 'AccessLog EmitInterval must be either 5 or 60 minutes');
    }
    if (log.Enabled && (log.S3BucketName === undefined || log.S3BucketName === '')) {
      throw new ServiceError('InvalidConfigurationRequest', 'AccessLog S3BucketName is required when access logs are enabled');
    }
    next = {
      ...next,
      accessLogEnabled: log.Enabled,
      accessLogS3BucketName: log.S3BucketName,
      accessLogEmitIntervalMinutes: interval,
      accessLogS3BucketPrefix: log.S3BucketPrefix,
    };
  }
  return next;
}

/** Checks AdditionalAttributes keys and values; unknown keys answer LoadBalancerAttributeNotFound (model doc). */
export function validAdditionalAttributes(attributes: readonly elb.AdditionalAttribute[]): Array<{ key: string; value: string }> {
  return attributes.map(({ Key: key = '', Value: value = '' }) => {
    const definition = ADDITIONAL_ATTRIBUTES[key];
    if (!definition) throw new ServiceError('LoadBalancerAttributeNotFound', `The specified load balancer attribute does not exist: ${key}`);
    if (!definition.values.includes(value)) {
      throw validationError(`Invalid value '${value}' for attribute ${key}. Valid values are ${definition.values.join(', ')}`);
    }
    return { key, value };
  });
}

/** The output shape: every fixed attribute, and the additional ones with their defaults filled in. */
export function attributesOutput(attributes: ClassicAttributes, additional: ReadonlyMap<string, string>): elb.LoadBalancerAttributes {
  return {
    CrossZoneLoadBalancing: { Enabled: attributes.crossZoneEnabled },
    AccessLog: {
      Enabled: attributes.accessLogEnabled,
      ...(attributes.accessLogS3BucketName === undefined ? {} : { S3BucketName: attributes.accessLogS3BucketName }),
      ...(attributes.accessLogEmitIntervalMinutes === undefined ? {} : { EmitInterval: attributes.accessLogEmitIntervalMinutes }),
      ...(attributes.accessLogS3BucketPrefix === undefined ? {} : { S3BucketPrefix: attributes.accessLogS3BucketPrefix }),
    },
    ConnectionDraining: { Enabled: attributes.connectionDrainingEnabled, Timeout: attributes.connectionDrainingTimeoutSeconds },
    ConnectionSettings: { IdleTimeout: attributes.idleTimeoutSeconds },
    AdditionalAttributes: Object.entries(ADDITIONAL_ATTRIBUTES).map(([key, definition]) => ({ Key: key, Value: additional.get(key) ?? definition.defaultValue })),
  };
}

import { describe, expect, it } from 'vitest';
import { applyAttributes, attributesOutput, DEFAULT_ATTRIBUTES, validAdditionalAttributes } from './load-balancer-attributes.js';

describe('applyAttributes', () => {
  it('changes only what the request names', () => {
    const next = applyAttributes(DEFAULT_ATTRIBUTES, { CrossZoneLoadBalancing: { Enabled: true }, ConnectionSettings: { IdleTimeout: 30 } });
    expect(next).toEqual({ ...DEFAULT_ATTRIBUTES, crossZoneEnabled: true, idleTimeoutSeconds: 30 });
  });
  it('keeps the draining timeout when only Enabled is given and checks its range', () => {
    expect(applyAttributes(DEFAULT_ATTRIBUTES, { ConnectionDraining: { Enabled: true } }).connectionDrainingTimeoutSeconds).toBe(300);
    expect(() => applyAttributes(DEFAULT_ATTRIBUTES, { ConnectionDraining: { Enabled: true, Timeout: 3601 } })).toThrow(
      'ConnectionDraining Timeout must be between 1 and 3600 seconds',
    );
  });
  it('needs a bucket and a 5 or 60 minute interval for access logs, defaulting to 60', () => {
    expect(applyAttributes(DEFAULT_ATTRIBUTES, { AccessLog: { Enabled: true, S3BucketName: 'b' } }).accessLogEmitIntervalMinutes).toBe(60);
    expect(() => applyAttributes(DEFAULT_ATTRIBUTES, { AccessLog: { Enabled: true } })).toThrow('AccessLog S3BucketName is required when access logs are enabled');
    expect(() => applyAttributes(DEFAULT_ATTRIBUTES, { AccessLog: { Enabled: true, S3BucketName: 'b', EmitInterval: 10 } })).toThrow(
      'AccessLog EmitInterval must be either 5 or 60 minutes',
    );
  });
});

describe('validAdditionalAttributes', () => {
  it('knows elb.http.desyncmitigationmode and its three values', () => {
    expect(validAdditionalAttributes([{ Key: 'elb.http.desyncmitigationmode', Value: 'strictest' }])).toEqual([{ key: 'elb.http.desyncmitigationmode', value: 'strictest' }]);
    expect(() => validAdditionalAttributes([{ Key: 'elb.http.desyncmitigationmode', Value: 'loose' }])).toThrow("Invalid value 'loose'");
    expect(() => validAdditionalAttributes([{ Key: 'nope', Value: 'x' }])).toThrow('The specified load balancer attribute does not exist: nope');
  });
});

describe('attributesOutput', () => {
  it('answers every attribute with defaults filled', () => {
    expect(attributesOutput(DEFAULT_ATTRIBUTES, new Map())).toEqual({
      CrossZoneLoadBalancing: { Enabled: false },
      AccessLog: { Enabled: false },
      ConnectionDraining: { Enabled: false, Timeout: 300 },
      ConnectionSettings: { IdleTimeout: 60 },
      AdditionalAttributes: [{ Key: 'elb.http.desyncmitigationmode', Value: 'defensive' }],
    });
  });
});

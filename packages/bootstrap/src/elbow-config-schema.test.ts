import { loadServiceModel } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { ELBOW_CONFIG_SCHEMA } from './elbow-config-schema.js';

/** The schema node at a `/`-separated path of property names. */
function schemaAt(path: string): { enum?: unknown[] } {
  let node: unknown = ELBOW_CONFIG_SCHEMA;
  for (const segment of path.split('/')) node = (node as Record<string, unknown>)[segment];
  return node as { enum?: unknown[] };
}

// The schema is a committed file for editors and other tools; its enums must stay the model's
// (STYLE rule 2: the model is the only source of API facts), which this table checks.
const ENUMS_FROM_THE_MODEL: ReadonlyArray<[schemaPath: string, shape: string]> = [
  ['definitions/Action/properties/Type', 'ActionTypeEnum'],
  ['definitions/Action/properties/RedirectConfig/properties/StatusCode', 'RedirectActionStatusCodeEnum'],
  ['definitions/Listener/properties/Protocol', 'ProtocolEnum'],
  ['definitions/LoadBalancer/properties/Type', 'LoadBalancerTypeEnum'],
  ['definitions/LoadBalancer/properties/Scheme', 'LoadBalancerSchemeEnum'],
  ['definitions/LoadBalancer/properties/IpAddressType', 'IpAddressType'],
  ['definitions/LoadBalancer/properties/EnablePrefixForIpv6SourceNat', 'EnablePrefixForIpv6SourceNatEnum'],
  ['definitions/TargetGroup/properties/Protocol', 'ProtocolEnum'],
  ['definitions/TargetGroup/properties/TargetType', 'TargetTypeEnum'],
  ['definitions/TargetGroup/properties/IpAddressType', 'TargetGroupIpAddressTypeEnum'],
];

describe('the published bootstrap schema', () => {
  it('has an $id and draft-07 $schema so editors can use it', () => {
    expect(ELBOW_CONFIG_SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(ELBOW_CONFIG_SCHEMA.$id).toBe('https://elbow.invalid/schemas/elbow-config.schema.json');
  });

  it.each(ENUMS_FROM_THE_MODEL)('%s lists the values of the elbv2 model shape %s', (schemaPath, shapeName) => {
    const shape = loadServiceModel('elbv2').model.shapes[shapeName] as { enum?: string[] };
    expect(schemaAt(schemaPath).enum).toEqual(shape.enum);
  });
});

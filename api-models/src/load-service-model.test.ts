import { describe, expect, it } from 'vitest';
import { loadServiceModel } from './load-service-model.js';

describe('loadServiceModel', () => {
  it('holds all 51 elbv2 operations and 29 classic elb operations', () => {
    expect(Object.keys(loadServiceModel('elbv2').model.operations)).toHaveLength(51);
    expect(Object.keys(loadServiceModel('elb').model.operations)).toHaveLength(29);
  });

  it('keeps the protocol metadata and drops every documentation string', () => {
    const { model } = loadServiceModel('elbv2');
    expect(model.metadata.xmlNamespace).toBe('http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/');
    expect(JSON.stringify(loadServiceModel('elbv2'))).not.toContain('"documentation"');
    expect(JSON.stringify(loadServiceModel('elb'))).not.toContain('"documentation"');
  });

  it('keeps constraints and error metadata the protocol layer needs', () => {
    const { shapes } = loadServiceModel('elbv2').model;
    expect(shapes.Port).toMatchObject({ type: 'integer', min: 1, max: 65535 });
    expect(shapes.TargetGroupNotFoundException).toMatchObject({
      error: { code: 'TargetGroupNotFound', httpStatusCode: 400, senderFault: true },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { writeErrorResponse } from './write-error-response.js';

describe('writeErrorResponse', () => {
  it('writes the ELB ErrorResponse with RequestId beside Error, and matching headers', () => {
    const response = writeErrorResponse({
      code: 'LoadBalancerNotFound',
      message: 'One or more load balancers not found',
      statusCode: 400,
      xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
      requestId: '093f80d0-4473-11e1-9234-edce8ec08e2d',
    });
    expect(response).toEqual({
      statusCode: 400,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': '093f80d0-4473-11e1-9234-edce8ec08e2d' },
      body:
        '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type>' +
        '<Code>LoadBalancerNotFound</Code><Message>One or more load balancers not found</Message></Error>' +
        '<RequestId>093f80d0-4473-11e1-9234-edce8ec08e2d</RequestId></ErrorResponse>',
    });
  });

  it('defaults to Receiver at 500 and above, and to the generic AWS fault namespace', () => {
    const { body } = writeErrorResponse({ code: 'InternalFailure', message: 'x', statusCode: 500, requestId: 'r' });
    expect(body).toBe(
      '<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09"><Error><Type>Receiver</Type>' +
        '<Code>InternalFailure</Code><Message>x</Message></Error><RequestId>r</RequestId></ErrorResponse>',
    );
  });

  it('keeps an explicit fault type and escapes the message', () => {
    const { body } = writeErrorResponse({ code: 'C', message: `Value '<a&b>'`, statusCode: 429, faultType: 'Sender', requestId: 'r' });
    expect(body).toContain('<Type>Sender</Type>');
    expect(body).toContain('<Message>Value &apos;&lt;a&amp;b&gt;&apos;</Message>');
  });
});

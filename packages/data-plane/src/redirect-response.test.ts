import { describe, expect, it } from 'vitest';
import { redirectResponse } from './redirect-response.js';

describe('redirectResponse', () => {
  it('answers a 301 with the observed header order and the Location last', () => {
    const response = redirectResponse(
      { statusCode: 301, location: 'https://my-alb-1.us-west-2.elb.amazonaws.com:443/' },
      Date.parse('2018-09-19T17:42:00Z'),
    );
    expect(response.statusCode).toBe(301);
    expect(response.statusMessage).toBe('Moved Permanently');
    expect(response.headers.map(([name]) => name)).toEqual(['Server', 'Date', 'Content-Type', 'Content-Length', 'Location']);
    expect(response.headers[4]).toEqual(['Location', 'https://my-alb-1.us-west-2.elb.amazonaws.com:443/']);
    expect(response.headers[1]).toEqual(['Date', 'Wed, 19 Sep 2018 17:42:00 GMT']);
    expect(response.body).toContain('<title>301 Moved Permanently</title>');
  });

  it('answers a 302 as Found', () => {
    const response = redirectResponse({ statusCode: 302, location: 'http://a.example.com:80/' }, 0);
    expect([response.statusCode, response.statusMessage]).toEqual([302, 'Found']);
    expect(response.headers).toContainEqual(['Content-Length', String(Buffer.byteLength(response.body))]);
  });
});

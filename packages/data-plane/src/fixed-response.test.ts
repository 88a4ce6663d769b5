import { describe, expect, it } from 'vitest';
import { fixedResponse } from './fixed-response.js';

describe('fixedResponse', () => {
  it('answers with the configured status, type and body', () => {
    const response = fixedResponse({ StatusCode: '404', ContentType: 'text/plain', MessageBody: 'There is no app here' }, Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(response).toEqual({
      statusCode: 404,
      statusMessage: 'Not Found',
      headers: [
        ['Server', 'awselb/2.0'],
        ['Date', 'Tue, 02 Jan 2024 03:04:05 GMT'],
        ['Content-Type', 'text/plain'],
        ['Content-Length', '20'],
      ],
      body: 'There is no app here',
    });
  });

  it('counts Content-Length in UTF-8 bytes', () => {
    const response = fixedResponse({ StatusCode: '200', ContentType: 'application/json', MessageBody: '{"msg":"héllo"}' }, 0);
    expect(response.headers).toContainEqual(['Content-Length', '16']);
  });

  it.each([
    ['503', 'Service Unavailable'],
    ['200', 'OK'],
    ['599', ''],
  ])('gives %s the reason phrase %j', (status, message) => {
    expect(fixedResponse({ StatusCode: status }, 0).statusMessage).toBe(message);
  });

  it('defaults to an empty text/plain body', () => {
    const response = fixedResponse({ StatusCode: '204' }, 0);
    expect(response.body).toBe('');
    expect(response.headers).toContainEqual(['Content-Type', 'text/plain']);
    expect(response.headers).toContainEqual(['Content-Length', '0']);
  });

  it.each([['301'], ['600'], ['20'], ['abc']])('refuses the status %s the model pattern forbids', (status) => {
    expect(() => fixedResponse({ StatusCode: status }, 0)).toThrow(RangeError);
  });
});

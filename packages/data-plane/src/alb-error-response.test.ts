import { describe, expect, it } from 'vitest';
import { albErrorResponse } from './alb-error-response.js';

describe('albErrorResponse', () => {
  it('reproduces the captured 503 byte for byte (headers-and-routing.md §6 [G1])', () => {
    const response = albErrorResponse(503, Date.parse('2026-04-25T16:45:16.250Z'));
    expect(response.statusCode).toBe(503);
    expect(response.statusMessage).toBe('Service Temporarily Unavailable');
    expect(response.headers).toEqual([
      ['Server', 'awselb/2.0'],
      ['Date', 'Sat, 25 Apr 2026 16:45:16 GMT'],
      ['Content-Type', 'text/html'],
      ['Content-Length', '162'],
    ]);
    expect(response.body).toBe(
      '<html>\r\n' +
        '<head><title>503 Service Temporarily Unavailable</title></head>\r\n' +
        '<body>\r\n' +
        '<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n' +
        '</body>\r\n' +
        '</html>\r\n',
    );
    expect(Buffer.byteLength(response.body)).toBe(162);
  });

  it.each([
    [502, 'Bad Gateway', 122],
    [503, 'Service Temporarily Unavailable', 162],
    [504, 'Gateway Time-out', 132],
    [400, 'Bad Request', 122],
    [500, 'Internal Server Error', 142],
  ] as const)('%i %s has a %i-byte CRLF body and a matching Content-Length', (status, message, length) => {
    const response = albErrorResponse(status, 0);
    expect(response.statusMessage).toBe(message);
    expect(response.body).toContain(`<center><h1>${status} ${message}</h1></center>\r\n`);
    expect(Buffer.byteLength(response.body)).toBe(length);
    expect(response.headers).toContainEqual(['Content-Length', String(length)]);
    expect(response.body).not.toMatch(/[^\r]\n/);
  });

  it('writes the Date header as an IMF-fixdate with a two-digit day', () => {
    expect(albErrorResponse(502, Date.UTC(2021, 7, 3, 20, 0, 8)).headers[1]).toEqual(['Date', 'Tue, 03 Aug 2021 20:00:08 GMT']);
  });
});

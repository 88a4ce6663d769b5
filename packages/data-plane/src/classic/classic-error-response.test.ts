import { describe, expect, it } from 'vitest';
import { classicErrorResponse } from './classic-error-response.js';

describe('classicErrorResponse', () => {
  it('answers with the captured status lines and no body', () => {
    expect(classicErrorResponse(503)).toEqual({ statusCode: 503, statusMessage: 'Service Unavailable: Back-end server is at capacity', headers: [['Content-Length', '0']] });
    expect(classicErrorResponse(504).statusMessage).toBe('GATEWAY_TIMEOUT');
    expect(classicErrorResponse(502).statusMessage).toBe('Bad Gateway');
    expect(classicErrorResponse(400).statusMessage).toBe('BAD_REQUEST');
  });
});

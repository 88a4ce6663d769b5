import { describe, expect, it } from 'vitest';
import { classicLogLine } from './classic-log-line.js';
import { classicRecord } from './test-records.js';

// [D2]'s examples (access-logs.md §3), byte for byte.
const DOC_HTTP =
  '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -';
const DOC_TCP = '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -';

describe('classicLogLine', () => {
  it('writes the documented HTTP example: receive time, microsecond times, body bytes only', () => {
    expect(classicLogLine(classicRecord())).toBe(DOC_HTTP);
  });

  it('writes the documented TCP example: all bytes, no status codes, "- - - " request, "-" user agent', () => {
    const record = classicRecord();
    const line = classicLogLine(
      classicRecord({
        protocol: 'TCP',
        http: undefined,
        elbStatusCode: undefined,
        targetStatusCode: undefined,
        receivedBytes: 82,
        sentBytes: 305,
        dispatchedAtMs: record.receivedAtMs + 1.069,
        targetRespondedAtMs: record.receivedAtMs + 1.069 + 0.028,
        completedAtMs: record.receivedAtMs + 1.069 + 0.028 + 0.041,
      }),
    );
    expect(line).toBe(DOC_TCP);
  });

  it('writes -1 times and - backend when the request was never sent to an instance', () => {
    const line = classicLogLine(classicRecord({ target: undefined, dispatchedAtMs: undefined, targetRespondedAtMs: undefined, targetStatusCode: undefined, elbStatusCode: 503 }));
    expect(line).toContain(' 192.168.131.39:2817 - -1 -1 -1 503 - 0 29 ');
  });

  it('writes cipher and protocol for HTTPS, with https and the listener port in the request', () => {
    const line = classicLogLine(
      classicRecord({ protocol: 'HTTPS', listenerPort: 443, tls: { cipher: 'ECDHE-RSA-AES128-GCM-SHA256', protocol: 'TLSv1.2', serverName: undefined, certificateArn: undefined } }),
    );
    expect(line.endsWith('"GET https://www.example.com:443/ HTTP/1.1" "curl/7.38.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2')).toBe(true);
  });

  it('falls back to the whole byte counts when the producer gave no body sizes', () => {
    const line = classicLogLine(classicRecord({ receivedBodyBytes: undefined, sentBodyBytes: undefined }));
    expect(line).toContain(' 200 200 120 250 ');
  });
});

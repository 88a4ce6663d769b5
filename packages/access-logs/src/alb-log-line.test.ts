import { describe, expect, it } from 'vitest';
import { albLogLine } from './alb-log-line.js';
import { albRecord } from './test-records.js';

// The documented examples (access-logs.md §2, [D1] "Example log entries"). Their `time` is 12 s
// after request_creation_time while the three processing times add up to 1 ms, so no record
// yields both; the tests put the computed `time` in place of the doc's.
const DOC_HTTP =
  'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"';
const DOC_HTTPS =
  'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-"';
const TRAILING = ' - "-" "-" "-"';

const withTime = (line: string, time: string) => line.replace(/^(\S+) \S+/, `$1 ${time}`);

describe('albLogLine', () => {
  it('writes the documented http example field for field, then the newer trailing fields', () => {
    const line = albLogLine(albRecord());
    expect(line).toBe(withTime(DOC_HTTP, '2018-07-02T22:22:48.365400Z') + TRAILING);
  });

  it('writes the documented https example: cipher, protocol, SNI domain, certificate, rule priority', () => {
    const receivedAtMs = Date.parse('2018-07-02T22:22:48.364Z');
    const line = albLogLine(
      albRecord({
        type: 'https',
        dispatchedAtMs: receivedAtMs + 86,
        targetRespondedAtMs: receivedAtMs + 86 + 48,
        completedAtMs: receivedAtMs + 86 + 48 + 37,
        receivedBytes: 0,
        sentBytes: 57,
        listenerPort: 443,
        tls: {
          cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
          protocol: 'TLSv1.2',
          serverName: 'www.example.com',
          certificateArn: 'arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012',
        },
        traceId: 'Root=1-58337281-1d84f3d73c47ec4e58577259',
        matchedRulePriority: 1,
        actionsExecuted: ['authenticate', 'forward'],
      }),
    );
    expect(line).toBe(withTime(DOC_HTTPS, '2018-07-02T22:22:48.535000Z') + TRAILING);
  });

  it('writes a redirect the ALB answered itself: no target, -1 times, the Location, no target group', () => {
    const record = albRecord({
      dispatchedAtMs: undefined,
      targetRespondedAtMs: undefined,
      target: undefined,
      targetStatusCode: undefined,
      elbStatusCode: 301,
      targetGroupArn: undefined,
      actionsExecuted: ['redirect'],
      redirectUrl: 'https://example.com:80/',
      matchedRulePriority: 1,
      traceId: undefined,
    });
    const fields = albLogLine(record);
    expect(fields).toContain(' 192.168.131.39:2817 - -1 -1 -1 301 - 34 366 ');
    expect(fields).toContain(' - - - "-" "-" "-" 1 2018-07-02T22:22:48.364000Z "redirect" "https://example.com:80/" "-" "-" "-" "-" "-" ');
  });

  it('writes a target that failed after dispatch: request time kept, target and response times -1', () => {
    const record = albRecord({ targetRespondedAtMs: undefined, targetStatusCode: undefined, elbStatusCode: 502, errorReason: 'TargetConnectionError' });
    expect(albLogLine(record)).toContain(' 10.0.0.1:80 0.000 -1 -1 502 - ');
    expect(albLogLine(record)).toContain('"forward" "-" "TargetConnectionError" "10.0.0.1:80" "-"');
  });

  it('writes - for a rule that was never evaluated and for a status the client never got', () => {
    const line = albLogLine(albRecord({ matchedRulePriority: undefined, elbStatusCode: undefined, actionsExecuted: [] }));
    expect(line).toContain(' 0.001 0.000 - 200 34 ');
    expect(line).toContain(' - 2018-07-02T22:22:48.364000Z "-" ');
  });

  it('keeps every line one line: quotes, backslashes and control characters in quoted fields become \\xHH', () => {
    const line = albLogLine(albRecord({ http: { method: 'GET', url: '/a"b', httpVersion: '1.1', host: 'h', userAgent: 'x"y\\z\n' } }));
    expect(line).toContain('"GET http://h:80/a\\x22b HTTP/1.1" "x\\x22y\\x5cz\\x0a"');
    expect(line).not.toContain('\n');
  });

  it('truncates user agents above 8 KB and writes "-" without one', () => {
    const long = albLogLine(albRecord({ http: { method: 'GET', url: '/', httpVersion: '1.1', host: 'h', userAgent: 'a'.repeat(9000) } }));
    expect(long).toContain(` "${'a'.repeat(8192)}" `);
    const none = albLogLine(albRecord({ http: { method: 'GET', url: '/', httpVersion: '1.1', host: 'h', userAgent: undefined } }));
    expect(none).toContain('HTTP/1.1" "-" - - ');
  });

  it('writes an absolute-form request target with its own host, and the listener port', () => {
    const line = albLogLine(albRecord({ listenerPort: 8080, http: { method: 'POST', url: 'http://other.example:9/p?q=1', httpVersion: '1.0', host: 'h:8080', userAgent: 'ua' } }));
    expect(line).toContain('"POST http://other.example:8080/p?q=1 HTTP/1.0"');
  });

  it('writes ws and wss connections with the connection trace id', () => {
    const line = albLogLine(albRecord({ type: 'wss', connectionTraceId: 'TID_0123456789abcdef0123456789abcdef' }));
    expect(line.startsWith('wss ')).toBe(true);
    expect(line.endsWith(' "-" "-" TID_0123456789abcdef0123456789abcdef "-" "-" "-"')).toBe(true);
  });

  it('writes desync classification and reason quoted', () => {
    const line = albLogLine(albRecord({ classification: { class: 'Ambiguous', reason: 'AmbiguousUri' } }));
    expect(line).toContain('"10.0.0.1:80" "200" "Ambiguous" "AmbiguousUri" -');
  });
});

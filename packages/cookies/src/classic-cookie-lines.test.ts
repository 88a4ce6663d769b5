import { describe, expect, it } from 'vitest';
import { classicStickyCookieLines } from './classic-cookie-lines.js';

const VALUE = 'D3570BC914533D9ACC5FBEA2A258730F';

describe('classicStickyCookieLines', () => {
  it('writes the duration-based pair exactly as captured (classic-elb.md §3 [G8])', () => {
    expect(classicStickyCookieLines(VALUE, { kind: 'duration', expirationPeriodSeconds: 900 })).toEqual([
      `AWSELB=${VALUE};PATH=/;MAX-AGE=900`,
      `AWSELBCORS=${VALUE};PATH=/;MAX-AGE=900;SECURE;SAMESITE=None`,
    ]);
  });

  it('writes a session cookie (no MAX-AGE) when the policy has no expiration period', () => {
    expect(classicStickyCookieLines(VALUE, { kind: 'duration', expirationPeriodSeconds: undefined })).toEqual([
      `AWSELB=${VALUE};PATH=/`,
      `AWSELBCORS=${VALUE};PATH=/;SECURE;SAMESITE=None`,
    ]);
  });

  it('copies the app cookie attributes, upper-case, path first with _ encoded as %5F', () => {
    const appCookie = {
      value: 'x',
      attributes: [
        ['Max-Age', '120'],
        ['Path', '/my_path'],
        ['Domain', 'example.com'],
        ['Secure', undefined],
        ['HttpOnly', undefined],
        ['Partitioned', undefined],
      ] as const,
    };
    expect(classicStickyCookieLines(VALUE, { kind: 'application', appCookie })).toEqual([
      `AWSELB=${VALUE};PATH=/my%5Fpath;MAX-AGE=120;DOMAIN=example.com;SECURE;HTTPONLY`,
      `AWSELBCORS=${VALUE};PATH=/my%5Fpath;MAX-AGE=120;DOMAIN=example.com;HTTPONLY;SECURE;SAMESITE=None`,
    ]);
  });

  it('mirrors an app cookie without attributes as a session cookie on PATH=/', () => {
    expect(classicStickyCookieLines(VALUE, { kind: 'application', appCookie: { value: 'x', attributes: [] } })[0]).toBe(`AWSELB=${VALUE};PATH=/`);
  });

  it('mirrors Expires and SameSite verbatim on AWSELB; the CORS twin keeps SAMESITE=None', () => {
    const appCookie = { value: 'x', attributes: [['Expires', 'Wed, 21 Oct 2037 07:28:00 GMT'], ['SameSite', 'Lax']] as const };
    expect(classicStickyCookieLines(VALUE, { kind: 'application', appCookie })).toEqual([
      `AWSELB=${VALUE};PATH=/;EXPIRES=Wed, 21 Oct 2037 07:28:00 GMT;SAMESITE=Lax`,
      `AWSELBCORS=${VALUE};PATH=/;EXPIRES=Wed, 21 Oct 2037 07:28:00 GMT;SECURE;SAMESITE=None`,
    ]);
  });
});

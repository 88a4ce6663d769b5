import { describe, expect, it } from 'vitest';
import { stickyCookieLines } from './sticky-cookie-lines.js';

const chrome120 =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const curl = 'curl/7.68.0';
const awsalb = 'GECRtKYo4Oap5HWDgGcRGKlGKdSkOyGPInt6fjfbtc22KUza18ngvYCaTVMczxX/X52+iCwVtPdxRxkpnMVorQAp3ZH1DpLpxpalHrOiAjQlcLugD/yZQFZe1WP+';

describe('stickyCookieLines', () => {
  it('reproduces the AWSALB pair of an HTTPS capture (cookies.md §2 [G1-a])', () => {
    const lines = stickyCookieLines(
      { targetValue: awsalb },
      { nowMs: Date.parse('2022-10-13T17:17:58Z'), isHttps: true, userAgent: curl },
    );
    expect(lines).toEqual([
      `AWSALB=${awsalb}; Expires=Thu, 20 Oct 2022 17:17:58 GMT; Path=/`,
      `AWSALBCORS=${awsalb}; Expires=Thu, 20 Oct 2022 17:17:58 GMT; Path=/; SameSite=None; Secure`,
    ]);
  });

  it('leaves Secure off the CORS twin on a plain-HTTP listener ([G1-c])', () => {
    const lines = stickyCookieLines(
      { targetValue: '4jNoB45fEh4S' },
      { nowMs: Date.parse('2024-06-22T10:52:53Z'), isHttps: false, userAgent: undefined },
    );
    expect(lines).toEqual([
      'AWSALB=4jNoB45fEh4S; Expires=Sat, 29 Jun 2024 10:52:53 GMT; Path=/',
      'AWSALBCORS=4jNoB45fEh4S; Expires=Sat, 29 Jun 2024 10:52:53 GMT; Path=/; SameSite=None',
    ]);
  });

  it('writes the AWSALBTG pair ([G4])', () => {
    expect(
      stickyCookieLines(
        { targetGroupValue: 'SOMETHING' },
        { nowMs: Date.parse('2024-10-02T21:55:48.700Z'), isHttps: true, userAgent: undefined },
      ),
    ).toEqual([
      'AWSALBTG=SOMETHING; Expires=Wed, 09 Oct 2024 21:55:48 GMT; Path=/',
      'AWSALBTGCORS=SOMETHING; Expires=Wed, 09 Oct 2024 21:55:48 GMT; Path=/; SameSite=None; Secure',
    ]);
  });

  it('writes all four AWSALBAPP fragments as _remove_ when no app session exists ([G3-a])', () => {
    expect(
      stickyCookieLines({ appFragments: [] }, { nowMs: Date.parse('2022-01-12T12:28:53Z'), isHttps: false, userAgent: curl }),
    ).toEqual([
      'AWSALBAPP-0=_remove_; Expires=Wed, 19 Jan 2022 12:28:53 GMT; Path=/',
      'AWSALBAPP-1=_remove_; Expires=Wed, 19 Jan 2022 12:28:53 GMT; Path=/',
      'AWSALBAPP-2=_remove_; Expires=Wed, 19 Jan 2022 12:28:53 GMT; Path=/',
      'AWSALBAPP-3=_remove_; Expires=Wed, 19 Jan 2022 12:28:53 GMT; Path=/',
    ]);
  });

  it('adds SameSite=None; Secure to every fragment for Chromium 80+ only ([D1], [G3-e])', () => {
    const context = { nowMs: Date.parse('2025-12-03T05:29:35Z'), isHttps: true };
    expect(stickyCookieLines({ appFragments: ['AAAAAAAAAAA='] }, { ...context, userAgent: chrome120 })).toEqual([
      'AWSALBAPP-0=AAAAAAAAAAA=; Expires=Wed, 10 Dec 2025 05:29:35 GMT; Path=/; SameSite=None; Secure',
      'AWSALBAPP-1=_remove_; Expires=Wed, 10 Dec 2025 05:29:35 GMT; Path=/; SameSite=None; Secure',
      'AWSALBAPP-2=_remove_; Expires=Wed, 10 Dec 2025 05:29:35 GMT; Path=/; SameSite=None; Secure',
      'AWSALBAPP-3=_remove_; Expires=Wed, 10 Dec 2025 05:29:35 GMT; Path=/; SameSite=None; Secure',
    ]);
    expect(stickyCookieLines({ appFragments: ['AAAAAAAAAAA='] }, { ...context, userAgent: curl })[0]).toBe(
      'AWSALBAPP-0=AAAAAAAAAAA=; Expires=Wed, 10 Dec 2025 05:29:35 GMT; Path=/',
    );
  });

  it('orders target-group cookies, then target cookies, then app fragments', () => {
    const names = stickyCookieLines(
      { targetGroupValue: 'tg', targetValue: 't', appFragments: ['a', 'b'] },
      { nowMs: 0, isHttps: true, userAgent: undefined },
    ).map((line) => line.slice(0, line.indexOf('=')));
    expect(names).toEqual([
      'AWSALBTG',
      'AWSALBTGCORS',
      'AWSALB',
      'AWSALBCORS',
      'AWSALBAPP-0',
      'AWSALBAPP-1',
      'AWSALBAPP-2',
      'AWSALBAPP-3',
    ]);
  });

  it('writes nothing when the response is not sticky, and refuses a fifth fragment', () => {
    expect(stickyCookieLines({}, { nowMs: 0, isHttps: true, userAgent: undefined })).toEqual([]);
    expect(() =>
      stickyCookieLines({ appFragments: ['a', 'b', 'c', 'd', 'e'] }, { nowMs: 0, isHttps: true, userAgent: undefined }),
    ).toThrow(RangeError);
  });
});

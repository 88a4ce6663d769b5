import { describe, expect, it } from 'vitest';
import { sealAppCookie } from './app-cookie.js';
import { parseCookieHeader } from './parse-cookie-header.js';
import { readStickyCookies } from './read-sticky-cookies.js';
import { sealTargetCookie } from './target-cookie.js';
import { sealTargetGroupCookie } from './target-group-cookie.js';

const keyRing = { currentKeyId: 2, keys: new Map([[2, new Uint8Array(32).fill(2)]]) };
const randomBytes = (size: number) => new Uint8Array(size).fill(1);
const target = { targetGroupId: 'tg-a', targetId: '10.0.0.5', port: 80, issuedAtSeconds: 100, stickySinceSeconds: 100 };
const targetGroup = { targetGroupId: 'tg-a', issuedAtSeconds: 100, stickySinceSeconds: 100 };
const app = {
  issuedAtSeconds: 100,
  entries: [{ targetGroupId: 'tg-b', targetId: 'i-1', port: 8080, appCookieName: 'SESSION', appCookieValue: 'abc', stickySinceSeconds: 100 }],
};
const albValue = sealTargetCookie(target, keyRing, randomBytes);
const tgValue = sealTargetGroupCookie(targetGroup, keyRing, randomBytes);
const [appValue] = sealAppCookie(app, keyRing, randomBytes).fragments;

describe('readStickyCookies', () => {
  it('opens every ALB cookie a browser sends back', () => {
    const cookies = parseCookieHeader(
      `AWSALBTG=${tgValue}; AWSALBTGCORS=${tgValue}; AWSALB=${albValue}; AWSALBCORS=${albValue}; ` +
        `AWSALBAPP-0=${appValue}; AWSALBAPP-1=_remove_; AWSALBAPP-2=_remove_; AWSALBAPP-3=_remove_; SESSION=abc`,
    );
    expect(readStickyCookies(cookies, keyRing)).toEqual({ target, targetGroup, app });
  });

  it('falls back to the CORS twins when only they are sent (cross-site request)', () => {
    const cookies = parseCookieHeader(`AWSALBCORS=${albValue}; AWSALBTGCORS=${tgValue}`);
    expect(readStickyCookies(cookies, keyRing)).toEqual({ target, targetGroup });
  });

  it('falls back to the CORS twin when the base cookie does not open', () => {
    const cookies = parseCookieHeader(`AWSALB=stale; AWSALBCORS=${albValue}`);
    expect(readStickyCookies(cookies, keyRing).target).toEqual(target);
  });

  it('reports nothing for a request without usable ALB cookies', () => {
    expect(readStickyCookies(parseCookieHeader('AWSALB=x; AWSALBTG=y; AWSALBAPP-0=_remove_; other=1'), keyRing)).toEqual({});
  });

  it('does not accept an AWSALB value under the AWSALBTG name', () => {
    expect(readStickyCookies(parseCookieHeader(`AWSALBTG=${albValue}`), keyRing)).toEqual({});
  });
});

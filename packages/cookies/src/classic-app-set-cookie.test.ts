import { describe, expect, it } from 'vitest';
import { findAppSetCookie } from './classic-app-set-cookie.js';

describe('findAppSetCookie', () => {
  it('reads the value and the attributes in order, flags without a value', () => {
    expect(findAppSetCookie(['other=1', 'my-app-cookie=abc; Path=/my_path; Secure; HttpOnly; Max-Age=120'], 'my-app-cookie')).toEqual({
      value: 'abc',
      attributes: [
        ['Path', '/my_path'],
        ['Secure', undefined],
        ['HttpOnly', undefined],
        ['Max-Age', '120'],
      ],
    });
  });

  it('ignores a Set-Cookie that ends with a semicolon (classic-elb.md §3 [D2])', () => {
    expect(findAppSetCookie(['my-app-cookie=abc; Path=/;'], 'my-app-cookie')).toBeUndefined();
    expect(findAppSetCookie(['my-app-cookie=abc;'], 'my-app-cookie')).toBeUndefined();
    expect(findAppSetCookie(['my-app-cookie=abc; Path=/; '], 'my-app-cookie')).toBeUndefined();
  });

  it('takes the last usable line naming the cookie, names compared exactly', () => {
    expect(findAppSetCookie(['my-app-cookie=1', 'my-app-cookie=2', 'my-app-cookie=3;'], 'my-app-cookie')?.value).toBe('2');
    expect(findAppSetCookie(['MY-APP-COOKIE=1', 'my-app-cookie-2=1'], 'my-app-cookie')).toBeUndefined();
  });

  it('never throws on malformed lines', () => {
    expect(findAppSetCookie(['', ';', '=', 'no-equals', ';;;x'], 'x')).toBeUndefined();
  });
});

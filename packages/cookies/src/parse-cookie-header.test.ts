import { describe, expect, it } from 'vitest';
import { parseCookieHeader } from './parse-cookie-header.js';

describe('parseCookieHeader', () => {
  it('reads the follow-up Cookie header of a real client ([G3-f])', () => {
    expect([...parseCookieHeader('AWSALBAPP-0=_remove_; AWSALBAPP-1=_remove_')]).toEqual([
      ['AWSALBAPP-0', '_remove_'],
      ['AWSALBAPP-1', '_remove_'],
    ]);
  });

  it('keeps base64 values verbatim, including + / and = padding', () => {
    expect(parseCookieHeader('AWSALB=ab+/cd; AWSALBAPP-0=AAAAAAAAAAA=').get('AWSALBAPP-0')).toBe('AAAAAAAAAAA=');
    expect(parseCookieHeader('AWSALB=ab+/cd').get('AWSALB')).toBe('ab+/cd');
  });

  it('merges several Cookie headers in order', () => {
    expect([...parseCookieHeader(['a=1; b=2', 'c=3'])]).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
  });

  it('takes the first of duplicate names, across headers too', () => {
    const twenty = Array.from({ length: 20 }, (_, index) => `AWSALB=v${index}`).join('; ');
    expect(parseCookieHeader(twenty).get('AWSALB')).toBe('v0');
    expect(parseCookieHeader(['AWSALB=first', 'AWSALB=second']).get('AWSALB')).toBe('first');
  });

  it.each([
    ['no header', undefined, []],
    ['an empty header', '', []],
    ['only separators', ';;; ;', []],
    ['a pair without =', 'garbage; a=1', [['a', '1']]],
    ['an empty name', '=x; b=2', [['b', '2']]],
    ['an empty value', 'a=; b=2', [['a', ''], ['b', '2']]],
    ['= inside the value', 'a=b=c', [['a', 'b=c']]],
    ['tabs and spaces', ' \ta = 1 \t;b=2', [['a', '1'], ['b', '2']]],
    ['quotes, kept as sent', 'a="x"', [['a', '"x"']]],
  ])('copes with %s', (_label, header, expected) => {
    expect([...parseCookieHeader(header)]).toEqual(expected);
  });

  it('parses an oversized header without throwing and keeps the long value for the opener to refuse', () => {
    const huge = 'x'.repeat(1_000_000);
    expect(parseCookieHeader(`AWSALB=${huge}; b=1`).get('AWSALB')?.length).toBe(1_000_000);
  });
});

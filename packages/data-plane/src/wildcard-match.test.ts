import { describe, expect, it } from 'vitest';
import { wildcardMatch } from './wildcard-match.js';

const sensitive = { isCaseInsensitive: false, hasEscapes: false };
const insensitive = { isCaseInsensitive: true, hasEscapes: false };
const escaped = { isCaseInsensitive: true, hasEscapes: true };

describe('wildcardMatch', () => {
  it.each([
    ['/img/*', '/img/picture.jpg', sensitive, true],
    ['/img/*/pics', '/img/2024/pics', sensitive, true],
    ['/img/*/pics', '/img/pics', sensitive, false],
    ['/img/*', '/IMG/picture.jpg', sensitive, false],
    ['/img/*', '/img/', sensitive, true],
    ['/img/*', '/img', sensitive, false],
    ['*.example.com', 'test.example.com', insensitive, true],
    ['*.example.com', 'example.com', insensitive, false],
    ['*.example.com', 'A.B.EXAMPLE.COM', insensitive, true],
    ['example.?om', 'example.com', insensitive, true],
    ['example.?om', 'example.om', insensitive, false],
    ['*', '', sensitive, true],
    ['', '', sensitive, true],
    ['', 'a', sensitive, false],
    ['a*b*c', 'aXbYbZc', sensitive, true],
    ['a*b*c', 'aXbYbZ', sensitive, false],
    ['**', 'anything', sensitive, true],
    ['*example*', 'my-EXAMPLE-value', insensitive, true],
    ['a\\*', 'a\\anything', sensitive, true],
    ['a\\*', 'a*', escaped, true],
    ['a\\*', 'abc', escaped, false],
    ['what\\?', 'what?', escaped, true],
    ['what\\?', 'whatx', escaped, false],
    ['a\\b', 'a\\b', escaped, true],
    ['caf?', 'café', sensitive, true],
    ['?', '😀', sensitive, true],
    ['a😀*', 'a😀b', sensitive, true],
  ])('%j against %j (%o) → %s', (pattern, text, options, expected) => {
    expect(wildcardMatch(pattern, text, options)).toBe(expected);
  });

  it('stays fast on patterns that would make a naive matcher explode', () => {
    const started = performance.now();
    expect(wildcardMatch('*a*a*a*a*a*b', 'a'.repeat(10_000), sensitive)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

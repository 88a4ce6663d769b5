import { describe, expect, it } from 'vitest';
import { escapeXml } from './escape-xml.js';

describe('escapeXml', () => {
  it('escapes &, <, > and both quotes', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('returns text without special characters unchanged', () => {
    expect(escapeXml('arn:aws:elasticloadbalancing:us-east-1:123:targetgroup/tg/1 é 名前')).toBe(
      'arn:aws:elasticloadbalancing:us-east-1:123:targetgroup/tg/1 é 名前',
    );
  });
});

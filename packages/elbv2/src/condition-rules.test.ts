import { describe, expect, it } from 'vitest';
import { isCidr, resolveConditions } from './condition-rules.js';

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('resolveConditions', () => {
  it('reads legacy and config forms of host-header/path-pattern back with both Values and the config', () => {
    expect(resolveConditions([{ Field: 'path-pattern', Values: ['/img/*'] }])).toEqual([{ Field: 'path-pattern', Values: ['/img/*'], PathPatternConfig: { Values: ['/img/*'] } }]);
    expect(resolveConditions([{ Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com'] } }])).toEqual([
      { Field: 'host-header', Values: ['a.example.com'], HostHeaderConfig: { Values: ['a.example.com'] } },
    ]);
  });

  it('counts values across conditions (5 per rule) and wildcards (5 per rule)', () => {
    expect(message(() => resolveConditions([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/a', '/b', '/c'] } }, { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X', Values: ['1', '2', '3'] } }]))).toBe(
      `A rule can only have '5' condition values`,
    );
    expect(message(() => resolveConditions([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*/*/*', '/*/*/*'] } }]))).toBe(`A rule can only have '5' wildcards`);
  });

  it('allows one host-header per rule but several http-header conditions', () => {
    expect(message(() => resolveConditions([{ Field: 'host-header', Values: ['a.b'] }, { Field: 'host-header', Values: ['c.d'] }]))).toBe(`A rule can only have one 'host-header' condition`);
    expect(resolveConditions([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'A', Values: ['1'] } }, { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'B', Values: ['2'] } }])).toHaveLength(2);
  });

  it('rejects legacy Values on config-only fields, the Host header, bad methods and bad CIDRs', () => {
    expect(message(() => resolveConditions([{ Field: 'source-ip', Values: ['10.0.0.0/8'] }]))).toMatch(/use 'SourceIpConfig' instead/);
    expect(message(() => resolveConditions([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'host', Values: ['x'] } }]))).toMatch(/cannot be 'Host'/);
    expect(message(() => resolveConditions([{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['get'] } }]))).toMatch(/allowed characters are A-Z/);
    expect(message(() => resolveConditions([{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0'] } }]))).toBe(`The 'source-ip' value '10.0.0.0' is not a valid CIDR block`);
  });
});

describe('isCidr', () => {
  it.each([
    ['192.0.2.0/24', true], ['2001:db8::/32', true], ['::/0', true], ['::ffff:192.0.2.1/128', true],
    ['256.0.0.0/8', false], ['10.0.0.0/33', false], ['2001:db8::/129', false], ['1::2::3/64', false], ['10.0.0.0', false],
  ])('%s → %s', (value, expected) => expect(isCidr(value)).toBe(expected));
});

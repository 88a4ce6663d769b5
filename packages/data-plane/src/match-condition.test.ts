import type { elbv2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { matchCondition, queryPairs, stripPort } from './match-condition.js';
import type { RuleRequest } from './match-condition.js';

const base: RuleRequest = {
  method: 'GET',
  host: 'www.example.com',
  path: '/',
  query: '',
  headers: [],
  sourceIp: '203.0.113.7',
};
const request = (overrides: Partial<RuleRequest>): RuleRequest => ({ ...base, ...overrides });

// Condition examples are the AWS user guide's (load-balancer-listeners.md, "Rule condition types").
const hostDocs: elbv2.RuleCondition = { Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } };
const hostLegacy: elbv2.RuleCondition = { Field: 'host-header', Values: ['*.example.com'] };
const pathDocs: elbv2.RuleCondition = { Field: 'path-pattern', PathPatternConfig: { Values: ['/img/*'] } };
const pathLegacy: elbv2.RuleCondition = { Field: 'path-pattern', Values: ['/img/*'] };
const headerDocs: elbv2.RuleCondition = {
  Field: 'http-header',
  HttpHeaderConfig: { HttpHeaderName: 'User-Agent', Values: ['*Chrome*', '*Safari*'] },
};
const methodDocs: elbv2.RuleCondition = { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['CUSTOM-METHOD'] } };
const queryDocs: elbv2.RuleCondition = {
  Field: 'query-string',
  QueryStringConfig: { Values: [{ Key: 'version', Value: 'v1' }, { Value: '*example*' }] },
};
const sourceDocs: elbv2.RuleCondition = {
  Field: 'source-ip',
  SourceIpConfig: { Values: ['192.0.2.0/24', '198.51.100.10/32'] },
};

describe('matchCondition', () => {
  it.each<[string, elbv2.RuleCondition, Partial<RuleRequest>, boolean]>([
    // host-header: case-insensitive, port stripped, `*.example.com` does not match the apex.
    ['host wildcard subdomain', hostDocs, { host: 'test.example.com' }, true],
    ['host legacy Field+Values form', hostLegacy, { host: 'test.example.com' }, true],
    ['host upper case', hostDocs, { host: 'TEST.EXAMPLE.COM' }, true],
    ['host with a port', hostDocs, { host: 'test.example.com:8080' }, true],
    ['host apex does not match *.', hostDocs, { host: 'example.com' }, false],
    ['host other domain', hostDocs, { host: 'test.example.org' }, false],
    ['no Host at all', hostDocs, { host: undefined }, false],
    ['host ? is one character', { Field: 'host-header', HostHeaderConfig: { Values: ['api?.example.com'] } }, { host: 'api1.example.com' }, true],
    ['host ? is not zero characters', { Field: 'host-header', HostHeaderConfig: { Values: ['api?.example.com'] } }, { host: 'api.example.com' }, false],
    ['host values are ORed', { Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com', 'b.example.com'] } }, { host: 'b.example.com' }, true],
    // path-pattern: case-sensitive, path only.
    ['path under /img/', pathDocs, { path: '/img/picture.jpg' }, true],
    ['path legacy form', pathLegacy, { path: '/img/picture.jpg' }, true],
    ['path is case-sensitive', pathDocs, { path: '/IMG/picture.jpg' }, false],
    ['path ignores the query', { Field: 'path-pattern', PathPatternConfig: { Values: ['/img/*.jpg'] } }, { path: '/img/a.jpg', query: 'size=2' }, true],
    ['path nested wildcard', { Field: 'path-pattern', PathPatternConfig: { Values: ['/img/*/pics'] } }, { path: '/img/2024/pics' }, true],
    ['path no match', pathDocs, { path: '/images/a.jpg' }, false],
    // http-header: name case-insensitive, values case-insensitive with wildcards.
    ['header Chrome', headerDocs, { headers: [['user-agent', 'Mozilla/5.0 Chrome/120.0']] }, true],
    ['header value case-insensitive', headerDocs, { headers: [['User-Agent', 'mozilla SAFARI']] }, true],
    ['header absent', headerDocs, { headers: [['Accept', '*/*']] }, false],
    ['header other value', headerDocs, { headers: [['User-Agent', 'curl/8.7.1']] }, false],
    ['header second occurrence is tried', headerDocs, { headers: [['User-Agent', 'curl/8.7.1'], ['USER-AGENT', 'Chrome']] }, true],
    ['header ? wildcard', { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['stag?'] } }, { headers: [['x-env', 'STAGE']] }, true],
    // http-request-method: case-sensitive exact.
    ['custom method', methodDocs, { method: 'CUSTOM-METHOD' }, true],
    ['method case-sensitive', { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } }, { method: 'get' }, false],
    ['method listed', { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'HEAD'] } }, { method: 'HEAD' }, true],
    ['method no wildcards', { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['G*'] } }, { method: 'GET' }, false],
    // query-string: "version=v1" or any key set to a value containing "example".
    ['query key/value pair', queryDocs, { query: 'version=v1' }, true],
    ['query key/value case-insensitive', queryDocs, { query: 'VERSION=V1' }, true],
    ['query any key, wildcard value', queryDocs, { query: 'lang=en&site=my-example-site' }, true],
    ['query no pair matches', queryDocs, { query: 'version=v2&site=other' }, false],
    ['query empty', queryDocs, { query: '' }, false],
    ['query percent-encoded value', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'q', Value: 'a b' }] } }, { query: 'q=a%20b' }, true],
    ['query percent-encoded key', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'a[]', Value: '1' }] } }, { query: 'a%5B%5D=1' }, true],
    ['query escaped literal *', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'x', Value: '\\*' }] } }, { query: 'x=*' }, true],
    ['query escaped * is not a wildcard', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'x', Value: '\\*' }] } }, { query: 'x=abc' }, false],
    ['query escaped literal ?', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'x', Value: 'why\\?' }] } }, { query: 'x=why%3F' }, true],
    ['query key wildcard', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'utm_*', Value: '*' }] } }, { query: 'utm_source=ads' }, true],
    ['query key without =', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'debug', Value: '' }] } }, { query: 'debug' }, true],
    ['query + is not a space', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'q', Value: 'a b' }] } }, { query: 'q=a+b' }, false],
    // source-ip: the TCP peer only, never X-Forwarded-For.
    ['source in a /24', sourceDocs, { sourceIp: '192.0.2.44' }, true],
    ['source exact /32', sourceDocs, { sourceIp: '198.51.100.10' }, true],
    ['source outside', sourceDocs, { sourceIp: '198.51.100.11' }, false],
    ['source ignores X-Forwarded-For', sourceDocs, { sourceIp: '203.0.113.7', headers: [['X-Forwarded-For', '192.0.2.44']] }, false],
    ['source IPv4-mapped peer', sourceDocs, { sourceIp: '::ffff:192.0.2.44' }, true],
    ['source IPv6', { Field: 'source-ip', SourceIpConfig: { Values: ['2001:db8::/32'] } }, { sourceIp: '2001:db8:1::9' }, true],
  ])('%s', (_label, condition, overrides, expected) => {
    expect(matchCondition(condition, request(overrides)).isMatch).toBe(expected);
  });

  it('reads a *Config without Field', () => {
    expect(matchCondition({ PathPatternConfig: { Values: ['/a'] } }, request({ path: '/a' }))).toEqual({
      field: 'path-pattern',
      isMatch: true,
      reason: 'path "/a" matches "/a"',
    });
  });

  it('explains a miss', () => {
    expect(matchCondition(hostDocs, request({ host: 'example.com:443' }))).toEqual({
      field: 'host-header',
      isMatch: false,
      reason: 'host "example.com" matches none of "*.example.com"',
    });
  });

  it('never matches an unknown field or RegexValues, and says why', () => {
    expect(matchCondition({ Field: 'cookie', Values: ['x'] }, base)).toMatchObject({ isMatch: false, reason: 'unknown condition field "cookie"' });
    expect(
      matchCondition({ Field: 'path-pattern', PathPatternConfig: { RegexValues: ['^/api/(.*)$'] } }, request({ path: '/api/x' })),
    ).toMatchObject({ isMatch: false, reason: 'RegexValues are not evaluated by elbow' });
  });
});

describe('stripPort', () => {
  it.each([
    ['example.com', 'example.com'],
    ['example.com:80', 'example.com'],
    ['[2001:db8::1]:443', '[2001:db8::1]'],
    ['[2001:db8::1]', '[2001:db8::1]'],
    ['2001:db8::1', '2001:db8::1'],
  ])('%s → %s', (host, expected) => {
    expect(stripPort(host)).toBe(expected);
  });
});

describe('queryPairs', () => {
  it('splits on & and the first =, decoding each side', () => {
    expect(queryPairs('a=1&b=x%3Dy&c&d=%ZZ&=v')).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
      ['c', ''],
      ['d', '%ZZ'],
      ['', 'v'],
    ]);
  });
});

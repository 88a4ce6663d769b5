import { describe, expect, it } from 'vitest';
import { forwardedHeaders } from './forwarded-headers.js';
import type { ForwardedHeaderSettings, ForwardingRequest } from './forwarded-headers.js';
import type { HeaderList } from './match-condition.js';

const defaults: ForwardedHeaderSettings = { xffMode: 'append', isXffClientPortEnabled: false, isHostHeaderPreserved: false };
const request = (headers: HeaderList, overrides: Partial<ForwardingRequest> = {}): ForwardingRequest => ({
  headers,
  clientIp: '127.0.0.1',
  clientPort: 54321,
  listenerProtocol: 'HTTP',
  listenerPort: 80,
  ...overrides,
});
const header = (result: ReturnType<typeof forwardedHeaders>, name: string) =>
  result.kind === 'forward' ? result.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value) : ['<rejected>'];

describe('forwardedHeaders: X-Forwarded-For', () => {
  // The user guide's examples, last hop 127.0.0.1 [D1].
  it.each([
    [[], '127.0.0.1'],
    [[['X-Forwarded-For', '127.0.0.4']], '127.0.0.4, 127.0.0.1'],
    [[['X-Forwarded-For', '127.0.0.4, 127.0.0.8']], '127.0.0.4, 127.0.0.8, 127.0.0.1'],
    [[['x-forwarded-for', '10.0.0.1'], ['X-Forwarded-For', '10.0.0.2']], '10.0.0.1, 10.0.0.2, 127.0.0.1'],
  ] as [HeaderList, string][])('append: %j → %s', (headers, expected) => {
    expect(header(forwardedHeaders(request(headers), defaults), 'x-forwarded-for')).toEqual([expected]);
  });

  it.each([
    ['127.0.0.1', 54321, '127.0.0.1:54321'],
    ['2001:db8::7', 443, '[2001:db8::7]:443'],
    ['::ffff:192.0.2.5', 1000, '192.0.2.5:1000'],
  ])('append with client port: %s:%i → %s', (clientIp, clientPort, expected) => {
    const result = forwardedHeaders(request([], { clientIp, clientPort }), { ...defaults, isXffClientPortEnabled: true });
    expect(header(result, 'x-forwarded-for')).toEqual([expected]);
  });

  it('appends an IPv6 client without brackets when the port option is off', () => {
    expect(header(forwardedHeaders(request([], { clientIp: '2001:db8::7' }), defaults), 'x-forwarded-for')).toEqual(['2001:db8::7']);
  });

  it('preserve: forwards the header unchanged, absent stays absent, port option ignored', () => {
    const preserve = { ...defaults, xffMode: 'preserve' as const, isXffClientPortEnabled: true };
    expect(header(forwardedHeaders(request([['X-Forwarded-For', '127.0.0.4']]), preserve), 'x-forwarded-for')).toEqual(['127.0.0.4']);
    expect(header(forwardedHeaders(request([]), preserve), 'x-forwarded-for')).toEqual([]);
  });

  it('remove: drops every X-Forwarded-For', () => {
    const remove = { ...defaults, xffMode: 'remove' as const };
    expect(header(forwardedHeaders(request([['X-Forwarded-For', '127.0.0.4']]), remove), 'x-forwarded-for')).toEqual([]);
  });

  it('answers 463 above 30 addresses, counted across headers, and accepts exactly 30', () => {
    const addresses = (count: number) => Array.from({ length: count }, (_, index) => `10.0.0.${index}`).join(', ');
    expect(forwardedHeaders(request([['X-Forwarded-For', addresses(31)]]), defaults)).toEqual({ kind: 'reject', statusCode: 463 });
    expect(
      forwardedHeaders(request([['X-Forwarded-For', addresses(20)], ['X-Forwarded-For', addresses(11)]]), defaults),
    ).toEqual({ kind: 'reject', statusCode: 463 });
    expect(forwardedHeaders(request([['X-Forwarded-For', addresses(30)]]), defaults).kind).toBe('forward');
    expect(forwardedHeaders(request([['X-Forwarded-For', addresses(31)]]), { ...defaults, xffMode: 'remove' }).kind).toBe('reject');
  });
});

describe('forwardedHeaders: X-Forwarded-Proto and X-Forwarded-Port', () => {
  it('sets the listener protocol and port, replacing what the client sent', () => {
    const result = forwardedHeaders(
      request([['X-Forwarded-Proto', 'https'], ['X-Forwarded-Port', '1'], ['Host', 'a.example.com']], {
        listenerProtocol: 'HTTPS',
        listenerPort: 8443,
      }),
      defaults,
    );
    expect(header(result, 'x-forwarded-proto')).toEqual(['https']);
    expect(header(result, 'x-forwarded-port')).toEqual(['8443']);
    expect(forwardedHeaders(request([['X-Forwarded-Proto', 'https']]), defaults)).toMatchObject({
      headers: expect.arrayContaining([['X-Forwarded-Proto', 'http']]),
    });
  });
});

describe('forwardedHeaders: Host', () => {
  it.each([
    [80, 'example.com:80', 'example.com'],
    [443, 'example.com:443', 'example.com'],
    [443, 'example.com:8443', 'example.com'],
    [80, 'example.com', 'example.com'],
    [8080, 'example.com', 'example.com:8080'],
    [8080, 'example.com:8080', 'example.com:8080'],
    [8080, '[2001:db8::1]', '[2001:db8::1]:8080'],
    [443, '[2001:db8::1]:443', '[2001:db8::1]'],
  ])('listener %i: Host %s → %s [D2]', (listenerPort, host, expected) => {
    expect(header(forwardedHeaders(request([['Host', host]], { listenerPort }), defaults), 'host')).toEqual([expected]);
  });

  it('takes the authority of an absolute-form request', () => {
    const result = forwardedHeaders(request([['Host', 'ignored.example.com']], { absoluteFormHost: 'dns_name' }), defaults);
    expect(header(result, 'host')).toEqual(['dns_name']);
    expect(header(forwardedHeaders(request([], { absoluteFormHost: 'dns_name' }), defaults), 'host')).toEqual(['dns_name']);
  });

  it('keeps one Host, in the first Host position', () => {
    const result = forwardedHeaders(request([['Accept', '*/*'], ['Host', 'a.example.com:80'], ['Host', 'b.example.com']]), defaults);
    expect(result.kind === 'forward' && result.headers.slice(0, 2)).toEqual([
      ['Accept', '*/*'],
      ['Host', 'a.example.com'],
    ]);
    expect(header(result, 'host')).toEqual(['a.example.com']);
  });

  it('with preserve_host_header forwards every Host untouched', () => {
    const preserved = { ...defaults, isHostHeaderPreserved: true };
    const result = forwardedHeaders(request([['Host', 'a.example.com:80'], ['Host', 'b']], { listenerPort: 8080 }), preserved);
    expect(header(result, 'host')).toEqual(['a.example.com:80', 'b']);
  });

  it('adds no Host to a request without one', () => {
    expect(header(forwardedHeaders(request([['Accept', '*/*']]), defaults), 'host')).toEqual([]);
  });
});

describe('forwardedHeaders: everything else', () => {
  it('keeps other headers and their order, X-Forwarded-* last', () => {
    const result = forwardedHeaders(request([['Host', 'a.example.com'], ['Cookie', 'x=1'], ['Accept', '*/*']]), defaults);
    expect(result).toEqual({
      kind: 'forward',
      headers: [
        ['Host', 'a.example.com'],
        ['Cookie', 'x=1'],
        ['Accept', '*/*'],
        ['X-Forwarded-For', '127.0.0.1'],
        ['X-Forwarded-Proto', 'http'],
        ['X-Forwarded-Port', '80'],
      ],
    });
  });
});

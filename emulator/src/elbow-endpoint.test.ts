import { describe, expect, it } from 'vitest';
import { parseElbowEndpoint } from './elbow-endpoint.js';
import { OptionError } from './options.js';

describe('parseElbowEndpoint', () => {
  it('returns the origin of an http URL, with or without a trailing slash', () => {
    expect(parseElbowEndpoint('http://127.0.0.1:4590')).toBe('http://127.0.0.1:4590');
    expect(parseElbowEndpoint('http://localhost:4590/')).toBe('http://localhost:4590');
    expect(parseElbowEndpoint('http://[::1]:4590')).toBe('http://[::1]:4590');
  });

  it.each(['http://127.0.0.1:99999', 'http://[zz]', 'http://127.0.0.1:0', 'https://127.0.0.1:4590', 'http://127.0.0.1:4590/api', 'http://h:1?x=1', '127.0.0.1:4590', ''])(
    'refuses %j as a usage error naming the value',
    (text) => {
      expect(() => parseElbowEndpoint(text)).toThrow(new OptionError(`--endpoint must be http://host:port, got ${JSON.stringify(text)}`));
    },
  );
});

import type { elbv2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { expandRedirect } from './expand-redirect.js';
import type { RedirectRequest } from './expand-redirect.js';

const request: RedirectRequest = {
  protocol: 'HTTP',
  host: 'www.example.com',
  port: 80,
  path: '/shop/cart',
  query: 'item=42&ref=ad',
};

describe('expandRedirect', () => {
  it.each<[string, elbv2.RedirectActionConfig, Partial<RedirectRequest>, string, 301 | 302]>([
    [
      'the AWS docs HTTP→HTTPS redirect',
      { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' },
      {},
      'https://www.example.com:443/shop/cart?item=42&ref=ad',
      301,
    ],
    [
      'only Protocol and Port given (terraform style): the rest keeps its value',
      { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
      {},
      'https://www.example.com:443/shop/cart?item=42&ref=ad',
      301,
    ],
    [
      'the root path, as in the observed `https://<alb>:443/`',
      { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
      { path: '/', query: '' },
      'https://www.example.com:443/',
      301,
    ],
    [
      'the API reference examples: /new/#{path}, example.#{host}, #{query}&value=xyz',
      { Host: 'example.#{host}', Path: '/new/#{path}', Query: '#{query}&value=xyz', StatusCode: 'HTTP_302' },
      {},
      'http://example.www.example.com:80/new/shop/cart?item=42&ref=ad&value=xyz',
      302,
    ],
    [
      'the docs example #{protocol}://#{host}:#{port}/new/#{path}?#{query}',
      { Protocol: '#{protocol}', Host: '#{host}', Port: '#{port}', Path: '/new/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' },
      { protocol: 'HTTPS', port: 8443 },
      'https://www.example.com:8443/new/shop/cart?item=42&ref=ad',
      301,
    ],
    [
      'no query: no `?`',
      { Host: 'other.example.com', StatusCode: 'HTTP_302' },
      { query: '' },
      'http://other.example.com:80/shop/cart',
      302,
    ],
    [
      'an explicit empty Query drops the query',
      { Host: 'other.example.com', Query: '', StatusCode: 'HTTP_301' },
      {},
      'http://other.example.com:80/shop/cart',
      301,
    ],
    [
      'the Host port is not part of #{host}',
      { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
      { host: 'www.example.com:80' },
      'https://www.example.com:443/shop/cart?item=42&ref=ad',
      301,
    ],
    [
      '#{host} and #{port} inside the path',
      { Path: '/#{host}/#{port}/#{path}', Host: 'archive.example.com', StatusCode: 'HTTP_301' },
      {},
      'http://archive.example.com:80/www.example.com/80/shop/cart?item=42&ref=ad',
      301,
    ],
    [
      'every keyword inside the query',
      { Host: 'log.example.com', Query: 'p=#{protocol}&h=#{host}&o=#{port}&a=#{path}&q=#{query}', StatusCode: 'HTTP_302' },
      { query: 'x=1' },
      'http://log.example.com:80/shop/cart?p=http&h=www.example.com&o=80&a=shop/cart&q=x=1',
      302,
    ],
    [
      'a keyword a component may not use stays literal',
      { Host: '#{path}.example.com', StatusCode: 'HTTP_301' },
      {},
      'http://#{path}.example.com:80/shop/cart?item=42&ref=ad',
      301,
    ],
  ])('%s', (_label, config, overrides, location, statusCode) => {
    expect(expandRedirect(config, { ...request, ...overrides })).toEqual({ location, statusCode });
  });
});

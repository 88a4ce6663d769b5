import { isIP } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { decodeStickyCookie } from '@elbow/cookies';
import type { CookieKeyRing } from '@elbow/cookies';
import { explainRequest } from '@elbow/data-plane';
import type { BalancerState, DataPlane, ListenerRoute, RoutingConfig, TargetHealthLookup } from '@elbow/data-plane';

/** What the explain and decode-cookie routes read; start-elbow.ts wires them. */
export interface ExplainDependencies {
  readonly dataPlane: Pick<DataPlane, 'routingSnapshot'>;
  /** The key ring the proxy seals cookies with now. */
  readonly keyRing: () => CookieKeyRing;
  /** The proxy's cursors and in-flight counts (read only). */
  readonly balancer: BalancerState;
  readonly targetHealth?: TargetHealthLookup;
  readonly nowMs: () => number;
}

/** A bad body: the one-line message the CLI prints. */
class BadInput extends Error {}

// RFC 9110 §5.6.2 token: header names, cookie names and methods.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A field value: no control characters besides tab.
const FIELD_VALUE = /^[^\0-\x08\n-\x1f\x7f]*$/;
// RFC 6265 cookie-octet, or the whole value quoted; a `;` would start another pair.
const COOKIE_VALUE = /^[^\0-\x20",;\\\x7f]*$/;

function jsonBody(body: unknown): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : '');
  } catch {
    throw new BadInput('expected a JSON object as the body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadInput('expected a JSON object as the body');
  return parsed as Record<string, unknown>;
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ error: 'InvalidRequest', message });
}

function stringRecord(value: unknown, what: string, isName: (name: string) => boolean, isValue: (value: string) => boolean): [string, string][] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadInput(`${what} must be an object of name: value strings`);
  const pairs: [string, string][] = [];
  for (const [name, entry] of Object.entries(value)) {
    const values = Array.isArray(entry) ? entry : [entry];
    for (const item of values) {
      if (typeof item !== 'string') throw new BadInput(`${what}.${name} must be a string`);
      if (!isName(name)) throw new BadInput(`${what}: ${JSON.stringify(name)} is not a valid name`);
      if (!isValue(item)) throw new BadInput(`${what}.${name}: ${JSON.stringify(item)} is not a valid value`);
      pairs.push([name, item]);
    }
  }
  return pairs;
}

type ListenerLookup = { listener: ListenerRoute } | { status: 404 | 400; error: string; message: string };

function findListener(config: RoutingConfig, body: Record<string, unknown>): ListenerLookup {
  const { listenerArn, loadBalancerName, port } = body;
  if (typeof listenerArn === 'string') {
    const listener = config.listeners.find((candidate) => candidate.arn === listenerArn);
    return listener === undefined ? { status: 404, error: 'ListenerNotFound', message: `no listener ${listenerArn}` } : { listener };
  }
  if (listenerArn !== undefined) throw new BadInput('listenerArn must be a string');
  if (typeof loadBalancerName !== 'string' || !Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    throw new BadInput('name the listener: listenerArn, or loadBalancerName with port (1-65535)');
  }
  const named = config.listeners.filter((candidate) => candidate.loadBalancer.name === loadBalancerName);
  if (named.length === 0) return { status: 404, error: 'LoadBalancerNotFound', message: `no load balancer named ${loadBalancerName} has a listener` };
  const matches = named.filter((candidate) => candidate.port === port);
  if (matches.length === 0) {
    return { status: 404, error: 'ListenerNotFound', message: `${loadBalancerName} has no listener on port ${String(port)} (its ports: ${named.map((candidate) => candidate.port).join(', ')})` };
  }
  if (matches.length > 1) return { status: 400, error: 'AmbiguousListener', message: `several load balancers named ${loadBalancerName} (other accounts or regions) listen on ${String(port)}: give listenerArn` };
  return { listener: matches[0] as ListenerRoute };
}

/**
 * `POST /_elbow/api/decode-cookie` and `POST /_elbow/api/explain` (issue 7): the routes behind
 * `elbow decode-cookie`, `elbow explain` and the inspector page. JSON in and out; a body that
 * cannot be read answers 400 `{ error, message }`; neither route sends traffic or changes state.
 */
export function registerExplainRoutes(app: FastifyInstance, dependencies: ExplainDependencies): void {
  void app.register(async (api) => explainRoutes(api, dependencies));
}

function explainRoutes(app: FastifyInstance, dependencies: ExplainDependencies): void {
  // Every answer of these routes is JSON, failures too (not the Query API's XML of the root
  // handler): Fastify's own 4xx (an oversized body) keep their status, anything else is logged
  // and answered 500 InternalFailure, as the inspector's routes do.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: 'InvalidRequest', message: error.message });
    request.log.error({ err: error }, 'explain route failed');
    return reply.code(500).send({ error: 'InternalFailure', message: 'elbow failed to answer; it logged why.' });
  });

  // `{"cookie": "NAME=VALUE"}` → what the value holds. A value that does not decode is still a
  // 200: `isValid: false` with the reason is the answer.
  app.post('/_elbow/api/decode-cookie', async (request, reply) => {
    try {
      const { cookie } = jsonBody(request.body);
      if (typeof cookie !== 'string') throw new BadInput('expected {"cookie": "NAME=VALUE"}');
      return decodeStickyCookie(cookie, dependencies.keyRing(), dependencies.nowMs());
    } catch (error) {
      if (error instanceof BadInput) return badRequest(reply, error.message);
      throw error;
    }
  });

  // `{listenerArn | loadBalancerName+port, url, method?, headers?, sourceIp?, cookies?}` → the explanation.
  app.post('/_elbow/api/explain', async (request, reply) => {
    try {
      const body = jsonBody(request.body);
      const config = dependencies.dataPlane.routingSnapshot();
      const found = findListener(config, body);
      if (!('listener' in found)) return reply.code(found.status).send({ error: found.error, message: found.message });
      const { listener } = found;
      if (listener.loadBalancer.type !== 'application' || (listener.protocol !== 'HTTP' && listener.protocol !== 'HTTPS')) {
        return reply.code(400).send({ error: 'UnsupportedListener', message: `explain covers HTTP and HTTPS listeners of application load balancers; ${listener.arn} is ${listener.protocol} on a ${listener.loadBalancer.type} load balancer` });
      }
      const { url, method = 'GET', sourceIp = '127.0.0.1' } = body;
      if (typeof url !== 'string' || !(url.startsWith('/') || /^https?:\/\/[^/?#\s]+([/?#]|$)/i.test(url)) || /[\s\0-\x1f]/.test(url)) {
        throw new BadInput('url must be a path (/a?b) or an http(s) URL without spaces');
      }
      if (typeof method !== 'string' || !TOKEN.test(method)) throw new BadInput('method must be an HTTP method token such as GET');
      if (typeof sourceIp !== 'string' || isIP(sourceIp) === 0) throw new BadInput('sourceIp must be an IPv4 or IPv6 address');
      const headers = stringRecord(body['headers'], 'headers', (name) => TOKEN.test(name), (value) => FIELD_VALUE.test(value));
      const cookies = new Map(stringRecord(body['cookies'], 'cookies', (name) => TOKEN.test(name), (value) => COOKIE_VALUE.test(value)));
      return explainRequest({
        config,
        listener,
        request: { method, url, headers, sourceIp, cookies },
        keyRing: dependencies.keyRing(),
        balancer: dependencies.balancer,
        nowMs: dependencies.nowMs(),
        // Its own draws: the proxy's (possibly seeded) sequence is not consumed.
        random: Math.random,
        ...(dependencies.targetHealth === undefined ? {} : { targetHealth: dependencies.targetHealth }),
      });
    } catch (error) {
      if (error instanceof BadInput) return badRequest(reply, error.message);
      throw error;
    }
  });
}

import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createBalancerState } from '@elbow/data-plane';
import type { RoutingConfig } from '@elbow/data-plane';
import { registerExplainRoutes } from './explain-routes.js';

// The explain routes answer JSON whatever happens, as their clients (elbow explain, the inspector
// page) parse it; an unexpected failure must not surface as the Query API's XML.

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function appWith(routingSnapshot: () => RoutingConfig, keyRingFails = false) {
  const app = Fastify({ logger: false });
  apps.push(app);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // The root's error handler stands for create-app's XML one.
  app.setErrorHandler((_error, _request, reply) => reply.code(500).type('text/xml').send('<ErrorResponse/>'));
  registerExplainRoutes(app, {
    dataPlane: { routingSnapshot },
    keyRing: () => {
      if (keyRingFails) throw new Error('key ring unreadable');
      return { currentKeyId: 1, keys: new Map([[1, new Uint8Array(32)]]) };
    },
    balancer: createBalancerState(),
    nowMs: () => 0,
  });
  return app;
}

describe('explain routes', () => {
  it('answers an unexpected failure 500 InternalFailure in JSON, not the root XML', async () => {
    const app = appWith(() => {
      throw new Error('snapshot unreadable');
    }, true);
    for (const url of ['/_elbow/api/explain', '/_elbow/api/decode-cookie']) {
      const response = await app.inject({ method: 'POST', url, payload: JSON.stringify({ cookie: 'AWSALB=x', listenerArn: 'arn' }) });
      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error: 'InternalFailure', message: 'elbow failed to answer; it logged why.' });
    }
  });

  it('keeps a bad body a 400 InvalidRequest in JSON', async () => {
    const app = appWith(() => ({ version: 1, listeners: [], targetGroups: new Map() }));
    const response = await app.inject({ method: 'POST', url: '/_elbow/api/decode-cookie', payload: 'not json' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'InvalidRequest', message: 'expected a JSON object as the body' });
  });
});

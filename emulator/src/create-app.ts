import Fastify, { LogController } from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { QueryHttpResponse, QueryServer } from '@elbow/query-protocol';
import type { Store } from '@elbow/store';
import type { ClassicDataPlane, DataPlane } from '@elbow/data-plane';
import { inspectorPlugin, type InspectorOptions } from '@elbow/inspector';
import type { LogLevel } from './options.js';
import { registerAdminRoutes } from './admin-routes.js';
import type { AdminHealthControl } from './admin-routes.js';
import { registerExplainRoutes } from './explain-routes.js';
import type { ExplainDependencies } from './explain-routes.js';

export interface AppDependencies {
  queryServer: QueryServer;
  store: Store;
  logLevel: LogLevel;
  dataPlane: DataPlane;
  /** The classic ELB listeners (issue 6); reconciled with the ALB ones. */
  classicDataPlane?: ClassicDataPlane;
  /** Live target health, for the admin override and checker counters (issue 5). */
  health?: AdminHealthControl;
  /** The traffic inspector's request records and resource tree (issue 7): /_elbow/api/ and /_elbow/ui. */
  inspector?: InspectorOptions;
  /** `elbow explain` / `elbow decode-cookie` routes (issue 7). */
  explain?: ExplainDependencies;
}

/**
 * Largest request body accepted. AWS does not document a limit for the ELB Query APIs
 * (unverified); the largest legitimate ELB requests (rules with many conditions, tag lists,
 * certificate lists) stay far below 1 MiB.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

function send(reply: FastifyReply, response: QueryHttpResponse): FastifyReply {
  return reply.code(response.statusCode).headers(response.headers).send(response.body);
}

/** The control-plane HTTP app: the Query endpoint on `/`, the admin API under `/_elbow/`. */
export function createApp({ queryServer, store, logLevel, dataPlane, classicDataPlane, health, inspector, explain }: AppDependencies): FastifyInstance {
  const app = Fastify({
    logger: { level: logLevel },
    // One line per request at debug (onResponse below) instead of fastify's two at info.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    // Query parameters are parsed by the protocol layer from the raw query string.
    routerOptions: { querystringParser: () => ({}) },
    return503OnClosing: true,
  });

  // The Query protocol is form-encoded, but the protocol layer decides what a body means; take
  // every body as raw bytes so that a wrong Content-Type gets an AWS error, not fastify's 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // The data plane follows every change before the API answers, so a listener CreateListener made
  // is bound (or reported failed) when the call returns (issue 4). Nothing changed: no work.
  app.addHook('onSend', async () => {
    await dataPlane.reconcile();
    await classicDataPlane?.reconcile();
    // Targets a change put under health checks get their first check before the call answers,
    // so a reachable new target routes when RegisterTargets (or the listener change) returns.
    await health?.firstChecks();
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  const handleQuery = async (request: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: unknown }, reply: FastifyReply) => {
    const questionMark = request.url.indexOf('?');
    const response = await queryServer.handle({
      method: request.method,
      headers: request.headers,
      rawQuery: questionMark === -1 ? '' : request.url.slice(questionMark + 1),
      body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    });
    return send(reply, response);
  };
  app.post('/', handleQuery);
  app.get('/', handleQuery);

  registerAdminRoutes(app, { store, dataPlane, ...(health === undefined ? {} : { health }), ...(classicDataPlane === undefined ? {} : { classicDataPlane }) });
  if (inspector !== undefined) void app.register(inspectorPlugin, inspector);
  if (explain !== undefined) registerExplainRoutes(app, explain);

  app.setNotFoundHandler((request, reply) =>
    send(reply, queryServer.errorResponse({
      code: 'NotFound',
      message: `elbow serves the ELB Query APIs on POST / (and its admin API under /_elbow/); nothing is at ${request.method} ${request.url.split('?')[0]}`,
      statusCode: 404,
    })),
  );

  // Fastify's own failures (oversized or unreadable bodies) are answered in the same XML as
  // every other error (STYLE rule 5); anything unexpected is logged and answered InternalFailure.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, queryServer.errorResponse({
        code: 'RequestEntityTooLarge',
        message: `Request body must not be larger than ${MAX_BODY_BYTES} bytes`,
        statusCode: 413,
      }));
    }
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 400 && statusCode < 500) {
      return send(reply, queryServer.errorResponse({ code: 'MalformedQueryString', message: error.message, statusCode }));
    }
    request.log.error({ err: error }, 'unexpected failure');
    return send(reply, queryServer.errorResponse({
      code: 'InternalFailure',
      message: 'The request processing has failed because of an unknown error, exception or failure.',
      statusCode: 500,
    }));
  });

  return app;
}

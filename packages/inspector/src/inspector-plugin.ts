import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestRecordHub } from '@elbow/data-plane';
import { distribution, type DistributionBy } from './distribution.js';
import { inspectorEntryOf, toInspectorRow, type InspectorEntry, type InspectorRow } from './inspector-entry.js';
import { createRingBuffer } from './ring-buffer.js';
import type { ResourceTree } from './resource-tree.js';

export interface InspectorOptions {
  /** Where the data plane publishes each finished request (packages/data-plane request-record.ts). */
  requestRecords: RequestRecordHub;
  /** The resource tree with live health, read on each `GET /_elbow/api/resources`. */
  resources: () => ResourceTree;
  /** Requests kept for the stream and the charts; the oldest go first. */
  capacity?: number;
  /** The distribution window's end; wall clock, like the records' times. */
  nowMs?: () => number;
}

/** 10,000 entries of at most a few KiB each (client text is truncated): a few tens of MiB at worst. */
export const DEFAULT_CAPACITY = 10_000;
/** Most entries one `GET /_elbow/api/requests` answers. */
export const MAX_REQUESTS_LIMIT = 1_000;
/** Longest distribution window: a day. */
export const MAX_WINDOW_SECONDS = 86_400;
/** A stream client this far behind (bytes not yet taken by its socket) is dropped, so it cannot hold memory. */
const MAX_STREAM_BACKLOG_BYTES = 4 * 1024 * 1024;
/** A comment line this often keeps proxies and browsers from closing an idle stream. */
const STREAM_KEEP_ALIVE_MS = 15_000;

const UI_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', 'ui');

/**
 * The page's own files and the libraries it loads, served from disk (no CDN: elbow runs offline).
 * A fixed table, so no request path reaches the file system.
 */
function uiFiles(): Map<string, { contentType: string; body: Buffer }> {
  const chartJsDirectory = dirname(createRequire(import.meta.url).resolve('chart.js'));
  return new Map([
    ['', { contentType: 'text/html; charset=utf-8', body: readFileSync(join(UI_DIRECTORY, 'index.html')) }],
    ['inspector.js', { contentType: 'text/javascript; charset=utf-8', body: readFileSync(join(UI_DIRECTORY, 'inspector.js')) }],
    ['inspector.css', { contentType: 'text/css; charset=utf-8', body: readFileSync(join(UI_DIRECTORY, 'inspector.css')) }],
    ['lib/chart.umd.min.js', { contentType: 'text/javascript; charset=utf-8', body: readFileSync(join(chartJsDirectory, 'chart.umd.min.js')) }],
  ]);
}

/**
 * The page may load only elbow's own files and talk only to elbow: with every value set as text
 * (inspector.js), this is the second wall against markup in a client's headers.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const requestsQuery = {
  type: 'object',
  properties: {
    since: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_REQUESTS_LIMIT, default: 100 },
  },
} as const;

const streamQuery = {
  type: 'object',
  properties: { since: { type: 'integer', minimum: 0 } },
} as const;

const distributionQuery = {
  type: 'object',
  properties: {
    windowSeconds: { type: 'integer', minimum: 1, maximum: MAX_WINDOW_SECONDS, default: 300 },
    by: { type: 'string', enum: ['target', 'targetGroup'], default: 'target' },
  },
} as const;

/** The app leaves query strings to their routes (emulator create-app.ts); these routes parse theirs here, before validation. */
async function parseQueryString(request: FastifyRequest): Promise<void> {
  const questionMark = request.url.indexOf('?');
  const pairs = questionMark === -1 ? [] : [...new URLSearchParams(request.url.slice(questionMark + 1))];
  // ajv coerces `1e309` to Infinity and lets it through an integer's maximum; a number too large
  // to hold is kept as text no coercion reads, so validation refuses it ("must be integer").
  request.query = Object.fromEntries(pairs.map(([name, value]) => [name, value.trim() !== '' && !Number.isFinite(Number(value)) && !Number.isNaN(Number(value)) ? `${value} (too large)` : value]));
}

interface StreamClient {
  send(entry: InspectorEntry): void;
  end(): void;
}

function openStream(raw: ServerResponse, onEnd: () => void): StreamClient {
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  // A browser that lost the stream reconnects after this and resumes with Last-Event-ID.
  raw.write('retry: 1000\n\n');
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), STREAM_KEEP_ALIVE_MS);
  keepAlive.unref();
  let isOpen = true;
  const close = (how: 'end' | 'destroy') => {
    if (!isOpen) return;
    isOpen = false;
    clearInterval(keepAlive);
    if (how === 'end') raw.end();
    else raw.destroy();
    onEnd();
  };
  raw.on('close', () => close('end'));
  return {
    send(entry) {
      if (!isOpen) return;
      // Cut, not ended: ending would keep the backlog until the stalled client took it. Its
      // EventSource reconnects with Last-Event-ID and gets what it missed from the buffer.
      if (raw.writableLength > MAX_STREAM_BACKLOG_BYTES) return close('destroy');
      raw.write(`id: ${entry.seq}\nevent: request\ndata: ${JSON.stringify(entry)}\n\n`);
    },
    end: () => close('end'),
  };
}

/**
 * The traffic inspector (issue 7): keeps the latest requests the data plane finished, and serves
 * them as JSON under `/_elbow/api/` (for the page, tests and scripts) and the page at `/_elbow/ui`.
 */
export async function inspectorPlugin(app: FastifyInstance, { requestRecords, resources, capacity = DEFAULT_CAPACITY, nowMs = Date.now }: InspectorOptions): Promise<void> {
  const rows = createRingBuffer<InspectorRow>(capacity);
  const streams = new Set<StreamClient>();
  const entriesOf = (held: Array<{ seq: number; item: InspectorRow }>) => held.map(({ seq, item }) => inspectorEntryOf(item, seq));
  const unsubscribe = requestRecords.subscribe((record) => {
    const row = toInspectorRow(record);
    const seq = rows.push(row);
    // Entries are built when read: here only while someone watches the stream.
    if (streams.size === 0) return;
    const entry = inspectorEntryOf(row, seq);
    for (const stream of streams) stream.send(entry);
  });
  // Open streams would hold the server's close forever: end them first.
  app.addHook('preClose', async () => {
    unsubscribe();
    for (const stream of streams) stream.end();
  });

  await app.register(
    async (api) => {
      api.addHook('onRequest', parseQueryString);
      // Bad input answers 400 in JSON, like every answer here (not the Query API's XML).
      api.setErrorHandler((error: FastifyError, request, reply) => {
        if (error.validation !== undefined) return reply.code(400).send({ error: 'InvalidQueryString', message: error.message });
        request.log.error({ err: error }, 'inspector route failed');
        return reply.code(500).send({ error: 'InternalFailure', message: 'The inspector failed to answer; elbow logged why.' });
      });
      api.setNotFoundHandler((request, reply) =>
        reply.code(404).send({ error: 'NotFound', message: `elbow has no inspector API at ${request.method} ${request.url.split('?')[0]}` }),
      );

      api.get('/resources', async () => resources());

      api.get<{ Querystring: { since?: number; limit: number } }>('/requests', { schema: { querystring: requestsQuery } }, async (request) => {
        const { since, limit } = request.query;
        const held = since === undefined ? rows.latest(limit) : rows.after(since, limit);
        return { requests: entriesOf(held), lastSeq: rows.lastSeq(), held: rows.size(), capacity };
      });

      api.get<{ Querystring: { since?: number } }>('/requests/stream', { schema: { querystring: streamQuery } }, (request, reply: FastifyReply) => {
        // A browser reconnecting sends the last id it got; that beats the `since` of the URL it first opened.
        const lastEventId = Number(request.headers['last-event-id'] ?? NaN);
        const since = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : request.query.since;
        reply.hijack();
        const stream = openStream(reply.raw, () => streams.delete(stream));
        // At most the newest MAX_REQUESTS_LIMIT: a whole buffer at once would overrun the backlog bound.
        if (since !== undefined) for (const entry of entriesOf(rows.after(Math.max(since, rows.lastSeq() - MAX_REQUESTS_LIMIT), MAX_REQUESTS_LIMIT))) stream.send(entry);
        streams.add(stream);
      });

      api.get<{ Querystring: { windowSeconds: number; by: DistributionBy } }>('/distribution', { schema: { querystring: distributionQuery } }, async (request) =>
        distribution(entriesOf(rows.latest(capacity)), { by: request.query.by, windowSeconds: request.query.windowSeconds, nowMs: nowMs() }),
      );
    },
    { prefix: '/_elbow/api' },
  );

  const files = uiFiles();
  const serveFile = (path: string) => async (_request: FastifyRequest, reply: FastifyReply) => {
    const file = files.get(path);
    if (file === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply
      .type(file.contentType)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .send(file.body);
  };
  app.get('/_elbow/ui', serveFile(''));
  app.get('/_elbow/ui/', serveFile(''));
  for (const path of files.keys()) if (path !== '') app.get(`/_elbow/ui/${path}`, serveFile(path));
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createScaledClock } from './clock.js';
import { parseMatcher } from './parse-matcher.js';
import { createHttpProbe, HEALTH_CHECK_USER_AGENT } from './probe-target.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const request = (port: number, httpCode = '200', timeoutMs = 5_000) => ({ protocol: 'HTTP' as const, host: '127.0.0.1', port, path: '/health?x=1', timeoutMs, matches: parseMatcher(httpCode) });

describe('createHttpProbe', () => {
  it('passes on a matching code, sending a GET of the path with the health checker User-Agent', async () => {
    const seen: string[] = [];
    const port = await serve((incoming, response) => {
      seen.push(`${incoming.method} ${incoming.url} ${incoming.headers['user-agent']}`);
      response.end('ok');
    });
    expect(await createHttpProbe(createScaledClock(1))(request(port))).toEqual({ kind: 'pass' });
    expect(seen).toEqual([`GET /health?x=1 ${HEALTH_CHECK_USER_AGENT}`]);
  });

  it('reports a code outside the matcher', async () => {
    const port = await serve((_incoming, response) => {
      response.statusCode = 302;
      response.end();
    });
    expect(await createHttpProbe(createScaledClock(1))(request(port))).toEqual({ kind: 'code-mismatch', statusCode: 302 });
    expect(await createHttpProbe(createScaledClock(1))(request(port, '200,302'))).toEqual({ kind: 'pass' });
  });

  it('reports a refused connection as failed', async () => {
    const port = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await createHttpProbe(createScaledClock(1))(request(port))).toEqual({ kind: 'failed' });
  });

  it('reports a target that never answers as a timeout on the scaled clock', async () => {
    const port = await serve(() => undefined);
    const clock = createScaledClock(1_000);
    expect(await createHttpProbe(clock)(request(port, '200', 5_000))).toEqual({ kind: 'timeout' });
    expect(clock.pendingTimers()).toBe(0);
    servers[0]!.closeAllConnections();
  });
});

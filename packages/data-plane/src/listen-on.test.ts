import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOn } from './listen-on.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('listenOn', () => {
  it('resolves with the port bound, a free one for 0', async () => {
    const server = createServer();
    servers.push(server);
    const port = await listenOn(server, '127.0.0.1', 0);
    expect(port).toBeGreaterThan(0);
    expect(server.listening).toBe(true);
  });

  it('rejects with the bind error when the port is taken, leaving no listener behind', async () => {
    const first = createServer();
    servers.push(first);
    const port = await listenOn(first, '127.0.0.1', 0);
    const second = createServer();
    await expect(listenOn(second, '127.0.0.1', port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(second.listening).toBe(false);
    expect(second.listenerCount('listening')).toBe(0);
  });
});

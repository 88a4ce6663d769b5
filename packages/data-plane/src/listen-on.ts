import type { AddressInfo, Server } from 'node:net';

/**
 * Binds `server` to `host:port`; resolves with the port bound (0 picks a free one), rejects with
 * the bind error (EADDRINUSE, EACCES) so the caller can report the listener instead of crashing.
 */
export function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

// A benchmark target (used by bench/data-plane.js): a plain node:http server in its own process,
// so it never shares an event loop with the proxy under test. It answers every request with the
// same small body and counts what it served; the parent asks for the count over IPC, which shows
// how each proxy spread (or pinned) the load without slowing the request path.
import { createServer } from 'node:http';

const name = process.argv[2] ?? 'target';
const body = Buffer.from(`hello from ${name}\n`);
let served = 0;

const server = createServer((request, response) => {
  served += 1;
  // Drain any request body before answering, as a real app would.
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
    response.end(body);
  });
});
// Longer than any proxy's pooled-connection idle time, so the target is never the side that
// closes a kept-alive connection in the middle of a run.
server.keepAliveTimeout = 120_000;

server.listen(0, '127.0.0.1', () => {
  process.send?.({ ready: server.address().port });
});

process.on('message', (message) => {
  if (message === 'count') {
    process.send?.({ served });
    served = 0;
  } else if (message === 'stop') {
    server.close();
    server.closeAllConnections();
    process.disconnect?.();
  }
});

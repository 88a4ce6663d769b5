// A bare forwarder (used by bench/data-plane.js): a node:http server that sends each request,
// round robin, to the targets named on the command line and pipes the answer back, with no
// routing, cookies, records or anything else of elbow's. It shows what a proxy core costs on its
// own, so the benchmark can say how much of elbow's time is the core and how much is elbow:
//   node bare-forwarder.js <http|undici> <target port> [<target port> ...]
// `http`: node:http's ClientRequest over a keep-alive Agent; `undici`: undici's dispatcher over
// its keep-alive pool (what packages/data-plane target-transport.ts uses).
import { createServer, Agent, request as httpRequest } from 'node:http';
import { Agent as UndiciAgent } from 'undici';

const [core, ...targetPorts] = process.argv.slice(2);
if ((core !== 'http' && core !== 'undici') || targetPorts.length === 0) {
  console.error('usage: node bare-forwarder.js <http|undici> <target port> [<target port> ...]');
  process.exit(2);
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);
const httpAgent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
const undiciAgent = new UndiciAgent({ pipelining: 1 });
let next = 0;

/** The client's header fields, flat, without the connection's own, plus X-Forwarded-For. */
function forwardedHeaders(request) {
  const flat = [];
  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    if (!HOP_BY_HOP.has(raw[index].toLowerCase())) flat.push(raw[index], raw[index + 1]);
  }
  flat.push('x-forwarded-for', request.socket.remoteAddress ?? '');
  return flat;
}

function answerBadGateway(response) {
  if (response.headersSent) return void response.destroy();
  response.writeHead(502);
  response.end();
}

function viaHttp(port, request, response) {
  const outgoing = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.url, headers: forwardedHeaders(request), agent: httpAgent });
  outgoing.once('response', (incoming) => {
    const headers = [];
    for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
      if (!HOP_BY_HOP.has(incoming.rawHeaders[index].toLowerCase())) headers.push(incoming.rawHeaders[index], incoming.rawHeaders[index + 1]);
    }
    response.writeHead(incoming.statusCode ?? 502, headers);
    incoming.pipe(response);
  });
  outgoing.once('error', () => answerBadGateway(response));
  request.pipe(outgoing);
}

function viaUndici(port, request, response) {
  const hasBody = request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
  undiciAgent.dispatch(
    { origin: `http://127.0.0.1:${port}`, path: request.url, method: request.method, headers: forwardedHeaders(request), body: hasBody ? request : null },
    {
      onConnect() {},
      onHeaders(statusCode, rawHeaders, resume) {
        const headers = [];
        for (let index = 0; index < rawHeaders.length; index += 2) {
          const name = rawHeaders[index].toString('latin1');
          if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, rawHeaders[index + 1].toString('latin1'));
        }
        response.writeHead(statusCode, headers);
        response.on('drain', resume);
        return true;
      },
      onData: (chunk) => response.write(chunk),
      onComplete: () => response.end(),
      onError: () => answerBadGateway(response),
    },
  );
}

const server = createServer((request, response) => {
  const port = Number(targetPorts[next++ % targetPorts.length]);
  if (core === 'http') viaHttp(port, request, response);
  else viaUndici(port, request, response);
});
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => process.send?.({ ready: server.address().port }));
process.on('message', (message) => {
  if (message !== 'stop') return;
  server.close();
  server.closeAllConnections();
  process.disconnect?.();
});

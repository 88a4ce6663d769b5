#!/usr/bin/env node
// A tiny app to put behind an ALB: answers every request with a line naming itself (APP_NAME),
// so a walkthrough can show which target served. It also plays an application with its own
// session cookie (APP_COOKIE_NAME, default APPSESSION): a request without one gets one, which is
// what app_cookie stickiness keys on. Health checks (ELB-HealthChecker/2.0) just get 200.
// Listens on PORT (0: a free one) at HOST and prints `listening on <port>` once it does.
import { createServer } from 'node:http';

const name = process.env.APP_NAME ?? 'app';
const cookieName = process.env.APP_COOKIE_NAME ?? 'APPSESSION';
let sessions = 0;

const server = createServer((request, response) => {
  const cookies = request.headers.cookie ?? '';
  const isHealthCheck = request.headers['user-agent'] === 'ELB-HealthChecker/2.0';
  const hasSession = cookies.split(/;\s*/).some((pair) => pair.startsWith(`${cookieName}=`));
  const headers = { 'content-type': 'text/plain' };
  if (!isHealthCheck && !hasSession) {
    sessions += 1;
    headers['set-cookie'] = `${cookieName}=${name}-session-${sessions}; Path=/`;
  }
  response.writeHead(200, headers);
  response.end(`answered by ${name} (${request.method} ${request.url})\n`);
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  process.stdout.write(`listening on ${server.address().port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Connections a load balancer keeps open would otherwise hold the close up.
    server.closeAllConnections();
  });
}

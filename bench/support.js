// Helpers the benchmarks share. Benchmarks print figures and assert nothing.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

export const AUTH = (service) =>
  `AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

export function has(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function query(endpoint, service, params) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: AUTH(service) },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${params.Action} answered ${response.status}: ${text}`);
  return text;
}

import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { LoadBalancerRoute } from './routing-config.js';

export interface TlsCredentials {
  readonly key: string;
  readonly cert: string;
}

/** Where HTTPS listeners get their certificate from: one per load balancer. */
export interface LoadBalancerCertificates {
  forLoadBalancer(loadBalancer: LoadBalancerRoute): Promise<TlsCredentials>;
}

const VALIDITY_DAYS = 825;

/** The first private key and certificate blocks of a PEM text. */
function parsePem(text: string): TlsCredentials | undefined {
  const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/.exec(text)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
  return key === undefined || cert === undefined ? undefined : { key, cert };
}

/**
 * Self-signed certificates elbow makes itself, one per load balancer, with SAN = the load
 * balancer's DNS name and `localhost` (and 127.0.0.1), so HTTPS listeners and the Secure cookie
 * rules work locally (issue 4). ACM certificates named on the listener are not real keys, so they
 * cannot be served. With a directory the PEMs are kept there (beside the SQLite file) and reused
 * after a restart, so a client that trusts one keeps trusting it; without one (`--memory`) they
 * live as long as the process, like the rest of the state.
 */
export function createLoadBalancerCertificates(options: { directory?: string; now?: () => Date } = {}): LoadBalancerCertificates {
  const made = new Map<string, Promise<TlsCredentials>>();
  const now = options.now ?? (() => new Date());

  async function make(loadBalancer: LoadBalancerRoute): Promise<TlsCredentials> {
    const file = options.directory === undefined
      ? undefined
      : join(options.directory, `${loadBalancer.name}-${createHash('sha256').update(loadBalancer.arn).digest('hex').slice(0, 16)}.pem`);
    if (file !== undefined) {
      const stored = parsePem(await readFile(file, 'utf8').catch(() => ''));
      if (stored !== undefined) return stored;
    }
    const commonName = loadBalancer.dnsName ?? 'localhost';
    const notBeforeDate = now();
    const notAfterDate = new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 86_400_000);
    const pems = await generate([{ name: 'commonName', value: commonName }], {
      keyType: 'ec',
      curve: 'P-256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            ...(loadBalancer.dnsName === undefined ? [] : [{ type: 2 as const, value: loadBalancer.dnsName }]),
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    const credentials = parsePem(`${pems.private}\n${pems.cert}`);
    if (credentials === undefined) throw new Error('selfsigned returned no PEM key and certificate');
    if (file !== undefined && options.directory !== undefined) {
      await mkdir(options.directory, { recursive: true });
      await writeFile(file, `${credentials.key}\n${credentials.cert}\n`, { mode: 0o600 });
    }
    return credentials;
  }

  return {
    forLoadBalancer(loadBalancer) {
      let credentials = made.get(loadBalancer.arn);
      if (credentials === undefined) {
        credentials = make(loadBalancer);
        made.set(loadBalancer.arn, credentials);
        credentials.catch(() => made.delete(loadBalancer.arn));
      }
      return credentials;
    },
  };
}

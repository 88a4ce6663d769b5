import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLoadBalancerCertificates } from './load-balancer-certificates.js';
import type { LoadBalancerRoute } from './routing-config.js';

const loadBalancer: LoadBalancerRoute = {
  arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188',
  name: 'web',
  type: 'application',
  dnsName: 'web-1234567890.us-east-1.elb.amazonaws.com',
  accountId: '123456789012',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a'],
  attributes: new Map(),
};

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'elbow-certificates-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('createLoadBalancerCertificates', () => {
  it('makes a certificate for the load balancer DNS name, localhost and 127.0.0.1, once per load balancer', async () => {
    const certificates = createLoadBalancerCertificates();
    const first = await certificates.forLoadBalancer(loadBalancer);
    const certificate = new X509Certificate(first.cert);
    expect(certificate.subjectAltName).toBe(`DNS:${loadBalancer.dnsName}, DNS:localhost, IP Address:127.0.0.1`);
    expect(certificate.checkPrivateKey(createPrivateKey(first.key))).toBe(true);
    expect(await certificates.forLoadBalancer(loadBalancer)).toBe(first);
  });

  it('keeps the certificate in the directory and reuses it after a restart', async () => {
    const before = await createLoadBalancerCertificates({ directory }).forLoadBalancer(loadBalancer);
    expect(await readdir(directory)).toEqual([expect.stringMatching(/^web-[0-9a-f]{16}\.pem$/)]);
    const after = await createLoadBalancerCertificates({ directory }).forLoadBalancer(loadBalancer);
    expect(after).toEqual(before);
  });
});

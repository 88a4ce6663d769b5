import { describe, expect, it } from 'vitest';
import { listenersToAdd, normalizeListener } from './listener-rules.js';

const CERT = 'arn:aws:iam::123456789012:server-certificate/my-server-cert';

describe('normalizeListener', () => {
  it('upper-cases protocols and defaults the instance protocol to the front end', () => {
    expect(normalizeListener({ Protocol: 'http', LoadBalancerPort: 80, InstancePort: 8080 })).toEqual({
      protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080, sslCertificateId: undefined,
    });
  });
  it('refuses an unknown protocol, mixed layers and a secure listener without certificate', () => {
    expect(() => normalizeListener({ Protocol: 'FTP', LoadBalancerPort: 21, InstancePort: 21 })).toThrow('Invalid LoadBalancer protocol: FTP');
    expect(() => normalizeListener({ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'TCP', InstancePort: 80 })).toThrow(
      'Listener protocol HTTP and instance protocol TCP are not compatible',
    );
    expect(() => normalizeListener({ Protocol: 'HTTPS', LoadBalancerPort: 443, InstancePort: 80 })).toThrow('SSLCertificateId is required for HTTPS listeners');
    expect(() => normalizeListener({ Protocol: 'HTTP', LoadBalancerPort: 0, InstancePort: 80 })).toThrow('LoadBalancerPort must be between 1 and 65535');
  });
  it('takes IAM and ACM certificate ARNs and refuses anything else', () => {
    expect(normalizeListener({ Protocol: 'SSL', LoadBalancerPort: 443, InstanceProtocol: 'TCP', InstancePort: 80, SSLCertificateId: CERT }).sslCertificateId).toBe(CERT);
    expect(() => normalizeListener({ Protocol: 'HTTPS', LoadBalancerPort: 443, InstancePort: 80, SSLCertificateId: 'nope' })).toThrow(
      'Server Certificate not found for the key: nope',
    );
  });
});

describe('listenersToAdd', () => {
  const http80 = normalizeListener({ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 });
  it('skips a port already served with the same settings and adds new ports', () => {
    const tcp22 = normalizeListener({ Protocol: 'TCP', LoadBalancerPort: 22, InstancePort: 22 });
    expect(listenersToAdd('lb', [http80], [http80, tcp22])).toEqual([tcp22]);
  });
  it('answers DuplicateListener for the same port with different settings, also inside one request', () => {
    const other = normalizeListener({ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 });
    const message = 'A listener already exists for lb with LoadBalancerPort 80, but with a different InstancePort, Protocol, or SSLCertificateId';
    expect(() => listenersToAdd('lb', [http80], [other])).toThrow(message);
    expect(() => listenersToAdd('lb', [], [http80, other])).toThrow(message);
  });
});

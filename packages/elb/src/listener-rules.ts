import type { elb } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { elbErrors } from './elb-errors.js';

/** The front-end and back-end protocols of classic listeners (model Listener.Protocol doc). */
export const CLASSIC_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'SSL'] as const;
export type ClassicProtocol = (typeof CLASSIC_PROTOCOLS)[number];

/** A listener as elbow stores it: protocols upper-case, the instance protocol always set. */
export interface ClassicListener {
  readonly protocol: ClassicProtocol;
  readonly loadBalancerPort: number;
  readonly instanceProtocol: ClassicProtocol;
  readonly instancePort: number;
  readonly sslCertificateId: string | undefined;
}

function protocolOf(value: string): ClassicProtocol | undefined {
  const upper = value.toUpperCase();
  return (CLASSIC_PROTOCOLS as readonly string[]).includes(upper) ? (upper as ClassicProtocol) : undefined;
}

/** HTTP and HTTPS are layer 7; TCP and SSL layer 4 (model Listener.InstanceProtocol doc). */
export function isLayer7(protocol: ClassicProtocol): boolean {
  return protocol === 'HTTP' || protocol === 'HTTPS';
}

/**
 * Checks and normalizes one listener of CreateLoadBalancer/CreateLoadBalancerListeners.
 * - Protocols are case-insensitive and answered upper-case (aws-cli examples print `HTTP`).
 * - InstanceProtocol defaults to the front-end protocol (unverified: moto's default; AWS documents
 *   only that both must sit on the same layer).
 * - HTTPS and SSL listeners need a certificate (model Listener.SSLCertificateId doc).
 * Every message here is unverified (UNVERIFIED.md).
 */
export function normalizeListener(listener: elb.Listener): ClassicListener {
  const protocol = protocolOf(listener.Protocol);
  if (!protocol) throw validationError(`Invalid LoadBalancer protocol: ${listener.Protocol}. Valid protocols are HTTP, HTTPS, TCP and SSL`);
  const instanceProtocol = listener.InstanceProtocol === undefined ? protocol : protocolOf(listener.InstanceProtocol);
  if (!instanceProtocol) throw validationError(`Invalid instance protocol: ${listener.InstanceProtocol ?? ''}. Valid protocols are HTTP, HTTPS, TCP and SSL`);
  if (listener.LoadBalancerPort < 1 || listener.LoadBalancerPort > 65535) throw validationError(`LoadBalancerPort must be between 1 and 65535`);
  if (isLayer7(protocol) !== isLayer7(instanceProtocol)) {
    throw new ServiceError('InvalidConfigurationRequest', `Listener protocol ${protocol} and instance protocol ${instanceProtocol} are not compatible`);
  }
  const sslCertificateId = listener.SSLCertificateId === undefined || listener.SSLCertificateId === '' ? undefined : listener.SSLCertificateId;
  if ((protocol === 'HTTPS' || protocol === 'SSL') && sslCertificateId === undefined) {
    throw validationError(`SSLCertificateId is required for ${protocol} listeners`);
  }
  if (sslCertificateId !== undefined) assertKnownCertificate(sslCertificateId);
  return { protocol, loadBalancerPort: listener.LoadBalancerPort, instanceProtocol, instancePort: listener.InstancePort, sslCertificateId };
}

/**
 * elbow has no IAM or ACM: any server-certificate or ACM certificate ARN is taken as existing,
 * anything else is not. Wording as commonly reported from AWS (`Server Certificate not found for
 * the key: …`) — unverified here.
 */
export function assertKnownCertificate(certificateId: string): void {
  if (!/^arn:aws[a-z-]*:(iam::\d{12}:server-certificate\/.+|acm:[a-z0-9-]+:\d{12}:certificate\/.+)$/.test(certificateId)) {
    throw new ServiceError('CertificateNotFound', `Server Certificate not found for the key: ${certificateId}`);
  }
}

export function sameListener(a: ClassicListener, b: ClassicListener): boolean {
  return a.protocol === b.protocol && a.loadBalancerPort === b.loadBalancerPort && a.instanceProtocol === b.instanceProtocol && a.instancePort === b.instancePort && a.sslCertificateId === b.sslCertificateId;
}

/**
 * The listeners a request adds, given those already there: a port already served with the same
 * settings is a no-op (the API is idempotent), with different settings DuplicateListener (model
 * DuplicateListenerException doc). Duplicates inside the request are judged the same way.
 */
export function listenersToAdd(loadBalancerName: string, existing: readonly ClassicListener[], requested: readonly ClassicListener[]): ClassicListener[] {
  const byPort = new Map(existing.map((listener) => [listener.loadBalancerPort, listener]));
  const added: ClassicListener[] = [];
  for (const listener of requested) {
    const current = byPort.get(listener.loadBalancerPort);
    if (current) {
      if (!sameListener(current, listener)) throw elbErrors.duplicateListener(loadBalancerName, listener.loadBalancerPort);
      continue;
    }
    byPort.set(listener.loadBalancerPort, listener);
    added.push(listener);
  }
  return added;
}

export function listenerOutput(listener: ClassicListener): elb.Listener {
  return {
    Protocol: listener.protocol,
    LoadBalancerPort: listener.loadBalancerPort,
    InstanceProtocol: listener.instanceProtocol,
    InstancePort: listener.instancePort,
    ...(listener.sslCertificateId === undefined ? {} : { SSLCertificateId: listener.sslCertificateId }),
  };
}

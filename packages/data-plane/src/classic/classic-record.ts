import type { TLSSocket } from 'node:tls';
import { classicAccessLogDestination } from '../access-log-destination.js';
import type { ClassicRequestRecord, TlsRecord } from '../request-record.js';
import type { ClassicListenerRoute, ClassicLoadBalancerRoute } from './classic-routing-config.js';

/** The TLS facts of an HTTPS/SSL client connection, for the access log. */
export function classicTlsRecord(socket: TLSSocket, listener: ClassicListenerRoute): TlsRecord {
  return {
    cipher: socket.getCipher()?.name ?? '-',
    protocol: socket.getProtocol() ?? '-',
    serverName: typeof socket.servername === 'string' ? socket.servername : undefined,
    certificateArn: listener.sslCertificateId,
  };
}

/** The fields every classic record shares, from the load balancer and listener. */
export function classicRecordBase(
  loadBalancer: ClassicLoadBalancerRoute,
  listener: ClassicListenerRoute,
): Pick<ClassicRequestRecord, 'kind' | 'accountId' | 'region' | 'accessLog' | 'loadBalancerName' | 'listenerPort' | 'protocol'> {
  return {
    kind: 'classic',
    accountId: loadBalancer.accountId,
    region: loadBalancer.region,
    accessLog: classicAccessLogDestination(loadBalancer.accessLog),
    loadBalancerName: loadBalancer.name,
    listenerPort: listener.loadBalancerPort,
    protocol: listener.protocol,
  };
}

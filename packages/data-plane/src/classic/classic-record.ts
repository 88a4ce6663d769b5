import type { TLSSocket } from 'node:tls';
import type { AccessLogDestination, ClassicRequestRecord, TlsRecord } from '../request-record.js';
import type { ClassicListenerRoute, ClassicLoadBalancerRoute } from './classic-routing-config.js';

/** Where the load balancer's access logs go, when enabled with a bucket (classic AccessLog attribute). */
export function classicAccessLog(loadBalancer: ClassicLoadBalancerRoute): AccessLogDestination | undefined {
  const { accessLog } = loadBalancer;
  if (!accessLog.isEnabled || accessLog.s3BucketName === undefined) return undefined;
  const prefix = accessLog.s3BucketPrefix?.replace(/^\/+|\/+$/g, '');
  return { bucket: accessLog.s3BucketName, prefix: prefix === '' ? undefined : prefix, intervalMinutes: accessLog.emitIntervalMinutes };
}

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
    accessLog: classicAccessLog(loadBalancer),
    loadBalancerName: loadBalancer.name,
    listenerPort: listener.loadBalancerPort,
    protocol: listener.protocol,
  };
}

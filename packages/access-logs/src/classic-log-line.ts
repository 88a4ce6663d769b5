import type { ClassicRequestRecord } from '@elbow/data-plane';
import { bare, bareToken, hostPort, isoMicroseconds, processingSeconds, quoted, requestLine, targetHostPort, truncatedUserAgent } from './log-fields.js';

/**
 * One classic ELB access-log entry (access-logs.md §3 [D2]):
 * timestamp elb client:port backend:port request_processing_time backend_processing_time
 * response_processing_time elb_status_code backend_status_code received_bytes sent_bytes
 * "request" "user_agent" ssl_cipher ssl_protocol.
 *
 * `timestamp` is when the request was received; times have microsecond precision; HTTP(S)
 * listeners count body bytes only, TCP/SSL everything; TCP/SSL lines carry `-` status codes,
 * request `"- - - "` and user agent `"-"` [D2].
 */
export function classicLogLine(record: ClassicRequestRecord): string {
  const isHttp = record.protocol === 'HTTP' || record.protocol === 'HTTPS';
  const receivedBytes = isHttp ? (record.receivedBodyBytes ?? record.receivedBytes) : record.receivedBytes;
  const sentBytes = isHttp ? (record.sentBodyBytes ?? record.sentBytes) : record.sentBytes;
  const fields = [
    isoMicroseconds(record.receivedAtMs),
    record.loadBalancerName,
    hostPort(record.clientIp, record.clientPort),
    bare(targetHostPort(record)),
    processingSeconds(record.receivedAtMs, record.dispatchedAtMs, 6),
    processingSeconds(record.dispatchedAtMs, record.targetRespondedAtMs, 6),
    processingSeconds(record.targetRespondedAtMs, record.targetRespondedAtMs === undefined ? undefined : record.completedAtMs, 6),
    isHttp ? bare(record.elbStatusCode) : '-',
    isHttp ? bare(record.targetStatusCode) : '-',
    String(receivedBytes),
    String(sentBytes),
    // `"- - - "` for TCP/SSL, exactly as [D2] writes it (three dashes, each followed by a space).
    isHttp ? quoted(requestLine(record, record.protocol === 'HTTPS' ? 'https' : 'http', record.loadBalancerName)) : '"- - - "',
    isHttp ? quoted(truncatedUserAgent(record.http?.userAgent)) : '"-"',
    bareToken(record.tls?.cipher),
    bareToken(record.tls?.protocol),
  ];
  return fields.join(' ');
}

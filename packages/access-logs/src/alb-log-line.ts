import type { AlbRequestRecord } from '@elbow/data-plane';
import { bare, bareToken, hostPort, isoMicroseconds, processingSeconds, quoted, requestLine, targetHostPort, truncatedUserAgent } from './log-fields.js';

/**
 * One ALB access-log entry, every field in AWS's order (access-logs.md §2 [D1]):
 * type time elb client:port target:port request_processing_time target_processing_time
 * response_processing_time elb_status_code target_status_code received_bytes sent_bytes
 * "request" "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
 * "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed"
 * "redirect_url" "error_reason" "target:port_list" "target_status_code_list" "classification"
 * "classification_reason", then the newer trailing fields: conn_trace_id [G1] and
 * "transformed_host" "transformed_uri" "request_transform_status" [G2] (no transforms are
 * emulated: `"-"`). The final node-IP field of [G2] is not written (meaning unverified;
 * consumers ignore unknown trailing fields [D1]).
 *
 * `time` is when the answer was complete (WebSocket: the close) [D1]; the processing times are
 * received→dispatched, dispatched→target response head, head→complete, `-1` when undispatched
 * or unanswered [D1]. Requests the ALB answered itself (redirect, fixed response, 503) were never
 * dispatched: all three are `-1` (inferred from [D1]'s "-1 if the load balancer could not dispatch").
 */
export function albLogLine(record: AlbRequestRecord): string {
  const isTls = record.type === 'https' || record.type === 'wss';
  const target = targetHostPort(record);
  const fallbackHost = record.loadBalancer.name;
  const fields = [
    record.type,
    isoMicroseconds(record.completedAtMs),
    record.loadBalancer.resourceId,
    hostPort(record.clientIp, record.clientPort),
    bare(target),
    processingSeconds(record.receivedAtMs, record.dispatchedAtMs, 3),
    processingSeconds(record.dispatchedAtMs, record.targetRespondedAtMs, 3),
    processingSeconds(record.targetRespondedAtMs, record.targetRespondedAtMs === undefined ? undefined : record.completedAtMs, 3),
    bare(record.elbStatusCode),
    bare(record.targetStatusCode),
    String(record.receivedBytes),
    String(record.sentBytes),
    quoted(requestLine(record, isTls ? 'https' : 'http', fallbackHost)),
    quoted(truncatedUserAgent(record.http?.userAgent)),
    bareToken(record.tls?.cipher),
    bareToken(record.tls?.protocol),
    bare(record.targetGroupArn),
    quoted(record.traceId),
    quoted(record.tls?.serverName),
    quoted(record.tls?.certificateArn),
    bare(record.matchedRulePriority),
    isoMicroseconds(record.receivedAtMs),
    quoted(record.actionsExecuted.join(',')),
    quoted(record.redirectUrl),
    quoted(record.errorReason),
    quoted(target),
    quoted(record.targetStatusCode === undefined ? undefined : String(record.targetStatusCode)),
    quoted(record.classification?.class),
    quoted(record.classification?.reason),
    bareToken(record.connectionTraceId),
    quoted(undefined),
    quoted(undefined),
    quoted(undefined),
  ];
  return fields.join(' ');
}

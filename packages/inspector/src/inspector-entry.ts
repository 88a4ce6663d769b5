import type { RequestRecord, StickinessOutcome } from '@elbow/data-plane';
import { sessionFingerprint } from './session-fingerprint.js';

/**
 * Longest text kept from a client-supplied value (URL, Host, User-Agent): with the ring buffer's
 * bounded count this bounds the inspector's memory (a request line may be 64 KiB on AWS).
 */
export const MAX_TEXT_LENGTH = 512;

/** `2xx` ... `5xx`; `none` when the client got no status (connection cut, TCP). */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'none';

/** The sticky outcome of a request as one word (stickySummaryOf), `none` without stickiness. */
export type StickySummary = StickinessOutcome['outcome'] | 'none';

/** One request as the inspector shows it: flat, JSON-ready, client text truncated. */
export interface InspectorEntry {
  seq: number;
  kind: RequestRecord['kind'];
  receivedAtMs: number;
  completedAtMs: number;
  /** From receipt to the complete answer. */
  latencyMs: number;
  client: string;
  loadBalancerName: string;
  /** ALB only. */
  loadBalancerArn: string | null;
  listenerPort: number;
  protocol: string;
  method: string | null;
  url: string | null;
  host: string | null;
  userAgent: string | null;
  sessionFingerprint: string | null;
  /** `default`, a rule's priority as text, or null when no rule was evaluated (and for classic). */
  matchedRule: string | null;
  ruleArn: string | null;
  actionsExecuted: string[];
  targetGroupArn: string | null;
  /** The name in the ARN (`targetgroup/<name>/<id>`). */
  targetGroupName: string | null;
  /** `<id>:<port>`. */
  target: string | null;
  stickiness: Array<{ cookie: string; outcome: StickinessOutcome['outcome']; reason: string }>;
  sticky: StickySummary;
  elbStatusCode: number | null;
  targetStatusCode: number | null;
  statusClass: StatusClass;
  errorReason: string | null;
}

function truncated(text: string | undefined): string | null {
  if (text === undefined) return null;
  return text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH)}…` : text;
}

export function statusClassOf(status: number | undefined): StatusClass {
  if (status === undefined || status < 100 || status > 599) return 'none';
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

/** `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>` → `<name>`. */
export function targetGroupNameOf(targetGroupArn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(targetGroupArn)?.[1] ?? targetGroupArn;
}

/** A miss is what a person looks for, then a hit; `new` only when every cookie was issued afresh. */
export function stickySummaryOf(stickiness: readonly StickinessOutcome[]): StickySummary {
  for (const outcome of ['miss', 'hit', 'new'] as const) {
    if (stickiness.some((each) => each.outcome === outcome)) return outcome;
  }
  return 'none';
}

export function toInspectorEntry(record: RequestRecord, seq: number): InspectorEntry {
  const isAlb = record.kind === 'alb';
  const targetGroupArn = isAlb ? record.targetGroupArn : undefined;
  const priority = isAlb ? record.matchedRulePriority : undefined;
  return {
    seq,
    kind: record.kind,
    receivedAtMs: record.receivedAtMs,
    completedAtMs: record.completedAtMs,
    latencyMs: Math.max(0, record.completedAtMs - record.receivedAtMs),
    client: `${record.clientIp}:${record.clientPort}`,
    loadBalancerName: isAlb ? record.loadBalancer.name : record.loadBalancerName,
    loadBalancerArn: isAlb ? record.loadBalancer.arn : null,
    listenerPort: record.listenerPort,
    protocol: isAlb ? record.type : record.protocol,
    method: truncated(record.http?.method),
    url: truncated(record.http?.url),
    host: truncated(record.http?.host),
    userAgent: truncated(record.http?.userAgent),
    sessionFingerprint: sessionFingerprint(record.stickySessionKey) ?? null,
    matchedRule: priority === undefined ? null : priority === 0 ? 'default' : String(priority),
    ruleArn: (isAlb ? record.ruleArn : undefined) ?? null,
    actionsExecuted: isAlb ? [...record.actionsExecuted] : [],
    targetGroupArn: targetGroupArn ?? null,
    targetGroupName: targetGroupArn === undefined ? null : targetGroupNameOf(targetGroupArn),
    target: record.target === undefined ? null : `${record.target.id}:${record.target.port}`,
    stickiness: record.stickiness.map(({ cookie, outcome, reason }) => ({ cookie, outcome, reason: truncated(reason) ?? '' })),
    sticky: stickySummaryOf(record.stickiness),
    elbStatusCode: record.elbStatusCode ?? null,
    targetStatusCode: record.targetStatusCode ?? null,
    statusClass: statusClassOf(record.elbStatusCode),
    errorReason: (isAlb ? record.errorReason : undefined) ?? null,
  };
}

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

/**
 * What the inspector keeps of one request until it is asked for it: numbers, and strings the
 * request brought or the routing configuration already holds. Nothing here is built per request
 * beyond the row itself: the entry's derived text (client, target, fingerprint, group name) is
 * made when the entry is read. bench/data-plane.js showed why: keeping each request's whole
 * record, or its entry, alive for the ring's 10,000 requests cost the proxy a fifth of its
 * throughput in garbage collection and doubled its p99 latency.
 */
export interface InspectorRow {
  readonly kind: RequestRecord['kind'];
  readonly receivedAtMs: number;
  readonly completedAtMs: number;
  readonly clientIp: string;
  readonly clientPort: number;
  readonly loadBalancerName: string;
  readonly loadBalancerArn: string | undefined;
  readonly listenerPort: number;
  readonly protocol: string;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly host: string | undefined;
  readonly userAgent: string | undefined;
  readonly stickySessionKey: string | undefined;
  readonly matchedRulePriority: number | undefined;
  readonly ruleArn: string | undefined;
  readonly actionsExecuted: readonly string[];
  readonly targetGroupArn: string | undefined;
  readonly targetId: string | undefined;
  readonly targetPort: number;
  readonly stickiness: readonly StickinessOutcome[];
  readonly elbStatusCode: number | undefined;
  readonly targetStatusCode: number | undefined;
  readonly errorReason: string | undefined;
}

/** Client text cut to MAX_TEXT_LENGTH, marked with `…`; undefined stays undefined. */
function bounded(text: string | undefined): string | undefined {
  return text !== undefined && text.length > MAX_TEXT_LENGTH ? `${text.slice(0, MAX_TEXT_LENGTH)}…` : text;
}

const MAX_INTERNED_LISTS = 1024;
const internedLists = new Map<string, readonly never[]>();

/**
 * One shared frozen copy of each distinct list (stickiness outcomes, executed actions): a
 * handful of combinations repeat over every request, so rows point at them instead of keeping
 * a list each. Past MAX_INTERNED_LISTS distinct lists, rows keep their own copy.
 */
function interned<T>(list: readonly T[], key: (item: T) => string): readonly T[] {
  if (list.length === 0) return [];
  const joined = list.map(key).join('\u0000');
  const known = internedLists.get(joined) as readonly T[] | undefined;
  if (known !== undefined) return known;
  const copy = Object.freeze([...list]);
  if (internedLists.size < MAX_INTERNED_LISTS) internedLists.set(joined, copy as readonly never[]);
  return copy;
}

export function toInspectorRow(record: RequestRecord): InspectorRow {
  const isAlb = record.kind === 'alb';
  return {
    kind: record.kind,
    receivedAtMs: record.receivedAtMs,
    completedAtMs: record.completedAtMs,
    clientIp: record.clientIp,
    clientPort: record.clientPort,
    loadBalancerName: isAlb ? record.loadBalancer.name : record.loadBalancerName,
    loadBalancerArn: isAlb ? record.loadBalancer.arn : undefined,
    listenerPort: record.listenerPort,
    protocol: isAlb ? record.type : record.protocol,
    method: bounded(record.http?.method),
    url: bounded(record.http?.url),
    host: bounded(record.http?.host),
    userAgent: bounded(record.http?.userAgent),
    stickySessionKey: record.stickySessionKey,
    matchedRulePriority: isAlb ? record.matchedRulePriority : undefined,
    ruleArn: isAlb ? record.ruleArn : undefined,
    actionsExecuted: isAlb ? interned(record.actionsExecuted, (action) => action) : [],
    targetGroupArn: isAlb ? record.targetGroupArn : undefined,
    targetId: record.target?.id,
    targetPort: record.target?.port ?? 0,
    stickiness: interned(
      record.stickiness.map(({ cookie, outcome, reason }) => ({ cookie, outcome, reason: bounded(reason) ?? '' })),
      ({ cookie, outcome, reason }) => `${cookie} ${outcome} ${reason}`,
    ),
    elbStatusCode: record.elbStatusCode,
    targetStatusCode: record.targetStatusCode,
    errorReason: isAlb ? record.errorReason : undefined,
  };
}

/** The entry a row stands for, as the API and the page show it. */
export function inspectorEntryOf(row: InspectorRow, seq: number): InspectorEntry {
  const priority = row.matchedRulePriority;
  return {
    seq,
    kind: row.kind,
    receivedAtMs: row.receivedAtMs,
    completedAtMs: row.completedAtMs,
    latencyMs: Math.max(0, row.completedAtMs - row.receivedAtMs),
    client: `${row.clientIp}:${row.clientPort}`,
    loadBalancerName: row.loadBalancerName,
    loadBalancerArn: row.loadBalancerArn ?? null,
    listenerPort: row.listenerPort,
    protocol: row.protocol,
    method: row.method ?? null,
    url: row.url ?? null,
    host: row.host ?? null,
    userAgent: row.userAgent ?? null,
    sessionFingerprint: sessionFingerprint(row.stickySessionKey) ?? null,
    matchedRule: priority === undefined ? null : priority === 0 ? 'default' : String(priority),
    ruleArn: row.ruleArn ?? null,
    actionsExecuted: [...row.actionsExecuted],
    targetGroupArn: row.targetGroupArn ?? null,
    targetGroupName: row.targetGroupArn === undefined ? null : targetGroupNameOf(row.targetGroupArn),
    target: row.targetId === undefined ? null : `${row.targetId}:${row.targetPort}`,
    stickiness: row.stickiness.map(({ cookie, outcome, reason }) => ({ cookie, outcome, reason })),
    sticky: stickySummaryOf(row.stickiness),
    elbStatusCode: row.elbStatusCode ?? null,
    targetStatusCode: row.targetStatusCode ?? null,
    statusClass: statusClassOf(row.elbStatusCode),
    errorReason: row.errorReason ?? null,
  };
}

export function toInspectorEntry(record: RequestRecord, seq: number): InspectorEntry {
  return inspectorEntryOf(toInspectorRow(record), seq);
}

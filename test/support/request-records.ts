import type { RunningElbow } from 'elbow';

/** The records the data plane publishes (packages/data-plane request-record.ts), read off the emulator's own type. */
export type RequestRecord = Parameters<RunningElbow['requestRecords']['publish']>[0];
export type AlbRequestRecord = Extract<RequestRecord, { kind: 'alb' }>;

/**
 * A request record as the ALB proxy publishes it (packages/data-plane request-record.ts), for
 * tests that feed the inspector before (or besides) real traffic. Times default to just now.
 */
export function albRequestRecord(overrides: Partial<AlbRequestRecord> & Pick<AlbRequestRecord, 'loadBalancer' | 'listenerArn' | 'listenerPort'>): AlbRequestRecord {
  // Finished just now: received a few milliseconds ago.
  const receivedAtMs = overrides.receivedAtMs ?? Date.now() - 4;
  return {
    kind: 'alb',
    type: 'http',
    accountId: '000000000000',
    region: 'us-east-1',
    accessLog: undefined,
    receivedAtMs,
    dispatchedAtMs: receivedAtMs + 1,
    targetRespondedAtMs: receivedAtMs + 3,
    completedAtMs: receivedAtMs + 4,
    clientIp: '127.0.0.1',
    clientPort: 40_000,
    target: undefined,
    elbStatusCode: 200,
    targetStatusCode: 200,
    receivedBytes: 120,
    sentBytes: 400,
    http: { method: 'GET', url: '/', httpVersion: '1.1', host: 'localhost', userAgent: 'node' },
    tls: undefined,
    stickiness: [],
    sessionCookies: [],
    targetGroupArn: undefined,
    traceId: undefined,
    matchedRulePriority: 0,
    ruleArn: undefined,
    actionsExecuted: ['forward'],
    redirectUrl: undefined,
    errorReason: undefined,
    classification: undefined,
    ...overrides,
  };
}

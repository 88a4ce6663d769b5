import type { AlbRequestRecord, ClassicRequestRecord } from '@elbow/data-plane';

/** Records shaped after the examples of access-logs.md §2/§3 [D1][D2], for the unit tests. */
export function albRecord(overrides: Partial<AlbRequestRecord> = {}): AlbRequestRecord {
  const receivedAtMs = Date.parse('2018-07-02T22:22:48.364Z');
  return {
    kind: 'alb',
    type: 'http',
    accountId: '123456789012',
    region: 'us-east-2',
    accessLog: { bucket: 'my-bucket', prefix: 'prefix', intervalMinutes: 5 },
    receivedAtMs,
    dispatchedAtMs: receivedAtMs + 0.2,
    targetRespondedAtMs: receivedAtMs + 1.2,
    completedAtMs: receivedAtMs + 1.4,
    clientIp: '192.168.131.39',
    clientPort: 2817,
    target: { id: '10.0.0.1', host: '10.0.0.1', port: 80 },
    elbStatusCode: 200,
    targetStatusCode: 200,
    receivedBytes: 34,
    sentBytes: 366,
    http: { method: 'GET', url: '/', httpVersion: '1.1', host: 'www.example.com', userAgent: 'curl/7.46.0' },
    tls: undefined,
    stickiness: [],
    sessionCookies: [],
    loadBalancer: {
      arn: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-loadbalancer/50dc6c495c0c9188',
      name: 'my-loadbalancer',
      resourceId: 'app/my-loadbalancer/50dc6c495c0c9188',
    },
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/my-loadbalancer/50dc6c495c0c9188/f2f7dc8efc522ab2',
    listenerPort: 80,
    targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
    traceId: 'Root=1-58337262-36d228ad5d99923122bbe354',
    matchedRulePriority: 0,
    ruleArn: undefined,
    actionsExecuted: ['forward'],
    redirectUrl: undefined,
    errorReason: undefined,
    classification: undefined,
    ...overrides,
  };
}

export function classicRecord(overrides: Partial<ClassicRequestRecord> = {}): ClassicRequestRecord {
  const receivedAtMs = Date.parse('2015-05-13T23:39:43.945Z') + 0.958;
  return {
    kind: 'classic',
    accountId: '123456789012',
    region: 'us-west-2',
    accessLog: { bucket: 'my-loadbalancer-logs', prefix: 'my-app', intervalMinutes: 60 },
    receivedAtMs,
    dispatchedAtMs: receivedAtMs + 0.073,
    targetRespondedAtMs: receivedAtMs + 0.073 + 1.048,
    completedAtMs: receivedAtMs + 0.073 + 1.048 + 0.057,
    clientIp: '192.168.131.39',
    clientPort: 2817,
    target: { id: 'i-0123456789abcdef0', host: '10.0.0.1', port: 80 },
    elbStatusCode: 200,
    targetStatusCode: 200,
    receivedBytes: 120,
    sentBytes: 250,
    receivedBodyBytes: 0,
    sentBodyBytes: 29,
    http: { method: 'GET', url: '/', httpVersion: '1.1', host: 'www.example.com', userAgent: 'curl/7.38.0' },
    tls: undefined,
    stickiness: [],
    sessionCookies: [],
    loadBalancerName: 'my-loadbalancer',
    listenerPort: 80,
    protocol: 'HTTP',
    ...overrides,
  };
}

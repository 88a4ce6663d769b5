import { describe, expect, it } from 'vitest';
import type { AlbRequestRecord, ClassicRequestRecord } from '@elbow/data-plane';
import { inspectorEntryOf, MAX_TEXT_LENGTH, statusClassOf, stickySummaryOf, targetGroupNameOf, toInspectorEntry, toInspectorRow } from './inspector-entry.js';

const TARGET_GROUP_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067';

const albRecord: AlbRequestRecord = {
  kind: 'alb',
  type: 'http',
  accountId: '123456789012',
  region: 'us-east-1',
  accessLog: undefined,
  loadBalancer: { arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188', name: 'web', resourceId: 'app/web/50dc6c495c0c9188' },
  listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2',
  listenerPort: 80,
  receivedAtMs: 1_000,
  dispatchedAtMs: 1_002,
  targetRespondedAtMs: 1_010,
  completedAtMs: 1_012.5,
  clientIp: '127.0.0.1',
  clientPort: 50_123,
  target: { id: '10.0.0.5', host: '10.0.0.5', port: 8080 },
  elbStatusCode: 200,
  targetStatusCode: 200,
  receivedBytes: 100,
  sentBytes: 300,
  http: { method: 'GET', url: '/cart?id=1', httpVersion: '1.1', host: 'shop.example', userAgent: 'curl/8.5.0' },
  tls: undefined,
  stickiness: [{ cookie: 'AWSALB', outcome: 'hit', reason: 'cookie valid' }],
  sessionCookies: ['AWSALB=sealed'],
  stickySessionKey: `AWSALB ${TARGET_GROUP_ARN} 10.0.0.5:8080`,
  targetGroupArn: TARGET_GROUP_ARN,
  traceId: 'Root=1-67891233-abcdef012345678912345678',
  matchedRulePriority: 0,
  ruleArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
  actionsExecuted: ['forward'],
  redirectUrl: undefined,
  errorReason: undefined,
  classification: undefined,
};

describe('toInspectorEntry', () => {
  it('flattens an ALB record into what the stream shows', () => {
    expect(toInspectorEntry(albRecord, 7)).toEqual({
      seq: 7,
      kind: 'alb',
      receivedAtMs: 1_000,
      completedAtMs: 1_012.5,
      latencyMs: 12.5,
      client: '127.0.0.1:50123',
      loadBalancerName: 'web',
      loadBalancerArn: albRecord.loadBalancer.arn,
      listenerPort: 80,
      protocol: 'http',
      method: 'GET',
      url: '/cart?id=1',
      host: 'shop.example',
      userAgent: 'curl/8.5.0',
      sessionFingerprint: expect.stringMatching(/^[0-9a-f]{10}$/),
      matchedRule: 'default',
      ruleArn: albRecord.ruleArn,
      actionsExecuted: ['forward'],
      targetGroupArn: TARGET_GROUP_ARN,
      targetGroupName: 'web-tg',
      target: '10.0.0.5:8080',
      stickiness: [{ cookie: 'AWSALB', outcome: 'hit', reason: 'cookie valid' }],
      sticky: 'hit',
      elbStatusCode: 200,
      targetStatusCode: 200,
      statusClass: '2xx',
      errorReason: null,
    });
  });

  it('names a non-default rule by its priority and keeps what reached no target as null', () => {
    const entry = toInspectorEntry({ ...albRecord, matchedRulePriority: 12, target: undefined, targetGroupArn: undefined, elbStatusCode: 503, targetStatusCode: undefined, stickiness: [], sessionCookies: [], stickySessionKey: undefined }, 1);
    expect(entry).toMatchObject({ matchedRule: '12', target: null, targetGroupArn: null, targetGroupName: null, statusClass: '5xx', sticky: 'none', sessionFingerprint: null, targetStatusCode: null });
  });

  it('truncates long client-supplied text so the buffer stays bounded', () => {
    const entry = toInspectorEntry({ ...albRecord, http: { ...albRecord.http!, userAgent: 'x'.repeat(10_000), url: `/${'a'.repeat(600)}` } }, 1);
    expect(entry.userAgent).toBe(`${'x'.repeat(MAX_TEXT_LENGTH)}…`);
    expect(entry.url?.length).toBe(MAX_TEXT_LENGTH + 1);
  });

  it('flattens a classic record: no rule, no target group, the protocol as configured', () => {
    const classic: ClassicRequestRecord = {
      ...albRecord,
      kind: 'classic',
      loadBalancerName: 'legacy',
      listenerPort: 443,
      protocol: 'SSL',
      http: undefined,
      elbStatusCode: undefined,
      stickiness: [],
      sessionCookies: [],
    };
    expect(toInspectorEntry(classic, 3)).toMatchObject({
      kind: 'classic',
      loadBalancerName: 'legacy',
      loadBalancerArn: null,
      protocol: 'SSL',
      method: null,
      matchedRule: null,
      targetGroupArn: null,
      target: '10.0.0.5:8080',
      statusClass: 'none',
    });
  });
});

describe('statusClassOf', () => {
  it('classes statuses by their first digit and anything else as none', () => {
    expect([101, 204, 302, 404, 502, undefined, 42, 600].map(statusClassOf)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx', 'none', 'none', 'none']);
  });
});

describe('stickySummaryOf', () => {
  it('prefers a miss, then a hit, then new', () => {
    expect(stickySummaryOf([{ cookie: 'AWSALBTG', outcome: 'hit', reason: 'cookie valid' }, { cookie: 'AWSALB', outcome: 'miss', reason: 'target unhealthy' }])).toBe('miss');
    expect(stickySummaryOf([{ cookie: 'AWSALBTG', outcome: 'new', reason: 'no cookie' }, { cookie: 'AWSALB', outcome: 'hit', reason: 'cookie valid' }])).toBe('hit');
    expect(stickySummaryOf([{ cookie: 'AWSALB', outcome: 'new', reason: 'no cookie' }])).toBe('new');
    expect(stickySummaryOf([])).toBe('none');
  });
});

describe('targetGroupNameOf', () => {
  it('reads the name out of the ARN', () => {
    expect(targetGroupNameOf(TARGET_GROUP_ARN)).toBe('web-tg');
    expect(targetGroupNameOf('not-an-arn')).toBe('not-an-arn');
  });
});

describe('toInspectorRow', () => {
  it('keeps what the entry is made from, and shares the lists that repeat over requests', () => {
    const first = toInspectorRow(albRecord);
    const second = toInspectorRow({ ...albRecord, stickiness: [{ cookie: 'AWSALB', outcome: 'hit', reason: 'cookie valid' }], actionsExecuted: ['forward'] });
    expect(second.stickiness).toBe(first.stickiness);
    expect(second.actionsExecuted).toBe(first.actionsExecuted);
    expect(Object.isFrozen(first.stickiness)).toBe(true);
    expect(inspectorEntryOf(first, 7)).toEqual(toInspectorEntry(albRecord, 7));
  });

  it('bounds client text when the row is kept, not when it is read', () => {
    const row = toInspectorRow({ ...albRecord, http: { ...albRecord.http!, url: `/${'a'.repeat(10_000)}` } });
    expect(row.url).toHaveLength(MAX_TEXT_LENGTH + 1);
  });
});

import { describe, expect, it } from 'vitest';
import { createRequestRecordHub } from './request-record.js';
import type { RequestRecord } from './request-record.js';

const record: RequestRecord = {
  kind: 'classic',
  loadBalancerName: 'my-loadbalancer',
  listenerPort: 80,
  protocol: 'TCP',
  accountId: '123456789012',
  region: 'us-east-1',
  accessLog: undefined,
  receivedAtMs: 1,
  dispatchedAtMs: 2,
  targetRespondedAtMs: undefined,
  completedAtMs: 3,
  clientIp: '127.0.0.1',
  clientPort: 5000,
  target: { id: 'i-0123456789abcdef0', host: '127.0.0.1', port: 8080 },
  elbStatusCode: undefined,
  targetStatusCode: undefined,
  receivedBytes: 10,
  sentBytes: 20,
  http: undefined,
  tls: undefined,
  stickiness: [],
  sessionCookies: [],
};

describe('createRequestRecordHub', () => {
  it('hands each published record to every subscriber until it unsubscribes', () => {
    const hub = createRequestRecordHub();
    const first: RequestRecord[] = [];
    const second: RequestRecord[] = [];
    expect(hub.hasListeners()).toBe(false);
    const stopFirst = hub.subscribe((seen) => first.push(seen));
    hub.subscribe((seen) => second.push(seen));
    expect(hub.hasListeners()).toBe(true);
    hub.publish(record);
    stopFirst();
    hub.publish(record);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(2);
  });

  it('keeps delivering to the others when one subscriber throws, and reports the error', () => {
    const errors: unknown[] = [];
    const hub = createRequestRecordHub((error) => errors.push(error));
    const seen: RequestRecord[] = [];
    hub.subscribe(() => {
      throw new Error('broken reader');
    });
    hub.subscribe((delivered) => seen.push(delivered));
    hub.publish(record);
    expect(seen).toEqual([record]);
    expect(errors).toHaveLength(1);
  });
});

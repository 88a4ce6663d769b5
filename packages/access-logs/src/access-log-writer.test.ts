import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createAccessLogWriter } from './access-log-writer.js';
import type { LogClock } from './access-log-writer.js';
import type { LogSink } from './log-sink.js';
import { albRecord, classicRecord } from './test-records.js';

/** A clock the test moves by hand; timers fire when it passes their time. */
function manualClock(startMs: number) {
  let nowMs = startMs;
  const timers = new Set<{ atMs: number; run: () => void }>();
  const clock: LogClock = {
    nowMs: () => nowMs,
    setTimer(run, delayMs) {
      const timer = { atMs: nowMs + delayMs, run };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
  };
  return {
    clock,
    pendingTimers: () => timers.size,
    advanceTo(atMs: number) {
      nowMs = atMs;
      for (const timer of [...timers].sort((a, b) => a.atMs - b.atMs)) {
        if (timer.atMs > nowMs) continue;
        timers.delete(timer);
        timer.run();
      }
    },
  };
}

function memorySink(fail = false) {
  const objects: { bucket: string; key: string; body: Buffer }[] = [];
  const sink: LogSink = {
    put(bucket, key, body) {
      if (fail) return Promise.reject(new Error('bucket gone'));
      objects.push({ bucket, key, body });
      return Promise.resolve();
    },
  };
  return { sink, objects };
}

const T0 = Date.parse('2018-07-02T22:20:00Z');

describe('createAccessLogWriter', () => {
  it('delivers one gzipped ALB object per interval when the interval ends, lines in arrival order', async () => {
    const time = manualClock(T0);
    const { sink, objects } = memorySink();
    let counter = 0;
    const writer = createAccessLogWriter({ sink, nodeIp: '127.0.0.1', randomString: () => `random0${counter++}`, clock: time.clock });
    writer.write(albRecord({ completedAtMs: T0 + 1000, clientPort: 1 }));
    writer.write(albRecord({ completedAtMs: T0 + 2000, clientPort: 2 }));
    expect(time.pendingTimers()).toBe(1);
    time.advanceTo(T0 + 299_999);
    expect(objects).toHaveLength(0);
    time.advanceTo(T0 + 300_000);
    await Promise.resolve();
    await writer.close();
    expect(objects).toHaveLength(1);
    const [object] = objects;
    expect(object?.bucket).toBe('my-bucket');
    expect(object?.key).toBe(
      'prefix/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2018/07/02/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.50dc6c495c0c9188_20180702T2225Z_127.0.0.1_random00.log.gz',
    );
    const lines = gunzipSync(object?.body ?? Buffer.alloc(0)).toString('utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(' 192.168.131.39:1 ');
    expect(lines[1]).toContain(' 192.168.131.39:2 ');
    expect(lines[2]).toBe('');
  });

  it('keeps intervals, load balancers and destinations apart, and flushes the rest at shutdown', async () => {
    const time = manualClock(T0);
    const { sink, objects } = memorySink();
    const writer = createAccessLogWriter({ sink, nodeIp: '10.0.0.9', randomString: () => 'abcdefgh', clock: time.clock, intervalSecondsOverride: 10 });
    writer.write(albRecord({ completedAtMs: T0 + 1000 }));
    writer.write(albRecord({ completedAtMs: T0 + 11_000 }));
    writer.write(albRecord({ completedAtMs: T0 + 1000, accessLog: { bucket: 'other', prefix: undefined, intervalMinutes: 5 } }));
    writer.write(classicRecord({ completedAtMs: T0 + 1000 }));
    writer.write(albRecord({ accessLog: undefined }));
    time.advanceTo(T0 + 10_000);
    await writer.close();
    expect(objects.map((object) => `${object.bucket} ${object.key.split('/').pop()}`).sort()).toEqual([
      'my-bucket 123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.50dc6c495c0c9188_20180702T2220Z_10.0.0.9_abcdefgh.log.gz',
      'my-bucket 123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.50dc6c495c0c9188_20180702T2220Z_10.0.0.9_abcdefgh.log.gz',
      'my-loadbalancer-logs 123456789012_elasticloadbalancing_us-west-2_my-loadbalancer_20180702T2220Z_10.0.0.9_abcdefgh.log',
      'other 123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.50dc6c495c0c9188_20180702T2220Z_10.0.0.9_abcdefgh.log.gz',
    ]);
    const classic = objects.find((object) => object.key.endsWith('.log'));
    expect(classic?.body.toString('utf8')).toMatch(/^2015-05-13T23:39:43\.945958Z my-loadbalancer .* - -\n$/);
  });

  it('reports a failed delivery and keeps serving', async () => {
    const time = manualClock(T0);
    const { sink } = memorySink(true);
    const failures: string[] = [];
    const writer = createAccessLogWriter({
      sink,
      nodeIp: '127.0.0.1',
      randomString: () => 'abcdefgh',
      clock: time.clock,
      onError: (error, object) => failures.push(`${(error as Error).message} ${object.bucket}`),
    });
    writer.write(albRecord({ completedAtMs: T0 }));
    await writer.flush();
    expect(failures).toEqual(['bucket gone my-bucket']);
    writer.write(albRecord({ completedAtMs: T0 }));
    await writer.close();
    expect(failures).toHaveLength(2);
  });

  it('ignores records after close and leaves no timer behind', async () => {
    const time = manualClock(T0);
    const { sink, objects } = memorySink();
    const writer = createAccessLogWriter({ sink, nodeIp: '127.0.0.1', randomString: () => 'abcdefgh', clock: time.clock });
    writer.write(albRecord({ completedAtMs: T0 }));
    await writer.close();
    writer.write(albRecord({ completedAtMs: T0 }));
    await writer.close();
    expect(objects).toHaveLength(1);
    expect(time.pendingTimers()).toBe(0);
  });

  it('writes AWS\'s test object once when logging turns on, and again after it was off or moved', async () => {
    const time = manualClock(T0);
    const { sink, objects } = memorySink();
    const writer = createAccessLogWriter({ sink, nodeIp: '127.0.0.1', randomString: () => 'abcdefgh', clock: time.clock });
    const web = { kind: 'alb', accountId: '123456789012', region: 'us-east-1', loadBalancerName: 'web', destination: { bucket: 'logs', prefix: 'team', intervalMinutes: 5 } } as const;
    writer.syncEnabled([web]);
    writer.syncEnabled([web]);
    writer.syncEnabled([]);
    writer.syncEnabled([web]);
    writer.syncEnabled([{ ...web, destination: { bucket: 'logs', prefix: undefined, intervalMinutes: 5 } }]);
    const moved = { ...web, destination: { bucket: 'logs', prefix: undefined, intervalMinutes: 5 } };
    // A same-named classic load balancer, then one in another region, turned on beside it: each its own.
    writer.syncEnabled([moved, { ...moved, kind: 'classic' }]);
    writer.syncEnabled([moved, { ...moved, kind: 'classic' }, { ...moved, region: 'eu-west-1' }]);
    await writer.close();
    expect(objects.map((object) => `${object.bucket}/${object.key}`)).toEqual([
      'logs/team/AWSLogs/123456789012/ELBAccessLogTestFile',
      'logs/team/AWSLogs/123456789012/ELBAccessLogTestFile',
      'logs/AWSLogs/123456789012/ELBAccessLogTestFile',
      'logs/AWSLogs/123456789012/ELBAccessLogTestFile',
      'logs/AWSLogs/123456789012/ELBAccessLogTestFile',
    ]);
    expect(objects[0]?.body.toString('utf8')).toBe('Enable AccessLog for ELB: web at 2018-07-02T22:20:00.000Z\n');
  });
});

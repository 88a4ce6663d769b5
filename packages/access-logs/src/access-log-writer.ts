import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { AccessLogDestination, RequestRecord } from '@elbow/data-plane';
import { albLogLine } from './alb-log-line.js';
import { classicLogLine } from './classic-log-line.js';
import { intervalEndMs, intervalLengthMs } from './log-interval.js';
import { accessLogTestFileKey, albLogObjectKey, classicLogObjectKey } from './log-object-key.js';
import type { LogSink } from './log-sink.js';

const gzipAsync = promisify(gzip);

/** The clock the writer's interval ends run on; the real one unless a test injects another. */
export interface LogClock {
  nowMs(): number;
  /** Calls `run` after `delayMs`; the returned function cancels. Must not keep the process alive. */
  setTimer(run: () => void, delayMs: number): () => void;
}

export const REAL_LOG_CLOCK: LogClock = {
  nowMs: () => Date.now(),
  setTimer(run, delayMs) {
    const timer = setTimeout(run, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface AccessLogWriterOptions {
  readonly sink: LogSink;
  /** The load balancer node's IP address, for object names. */
  readonly nodeIp: string;
  /** 8 lowercase alphanumerics per object [D1]. */
  readonly randomString: () => string;
  /** `--access-log-interval` seconds; undefined: AWS's intervals. */
  readonly intervalSecondsOverride?: number | undefined;
  readonly clock?: LogClock;
  /** A delivery that failed (the lines are dropped: logging is best effort [D1]). */
  readonly onError?: (error: unknown, object: { bucket: string; key: string }) => void;
}

/** A load balancer whose access logs are on, as a routing snapshot shows it. */
export interface EnabledAccessLog {
  /** With region and name, which load balancer: an ALB and a classic one may share a name. */
  readonly kind: 'alb' | 'classic';
  readonly accountId: string;
  readonly region: string;
  readonly loadBalancerName: string;
  readonly destination: AccessLogDestination;
}

export interface AccessLogWriter {
  /**
   * The load balancers whose access logs are on now: each one newly on (or newly pointed at
   * another bucket or prefix) gets AWS's test object, `[prefix/]AWSLogs/<account>/ELBAccessLogTestFile`.
   */
  syncEnabled(enabled: readonly EnabledAccessLog[]): void;
  /** Buffers a record's line in its load balancer's current interval; records without `accessLog` are skipped. */
  write(record: RequestRecord): void;
  /** Delivers every buffered interval now (shutdown), and waits for deliveries under way. */
  flush(): Promise<void>;
  /** Flushes, then stops the timer; later records are ignored. Idempotent. */
  close(): Promise<void>;
}

interface PendingObject {
  readonly bucket: string;
  readonly endMs: number;
  readonly key: (randomString: string) => string;
  readonly isGzip: boolean;
  readonly lines: string[];
}

/**
 * One object per load balancer, destination and interval, delivered when the interval ends
 * (access-logs.md §1: one file per node every 5 minutes [D1]) and at shutdown. A timer waits for
 * the earliest pending end; nothing runs while no line is buffered.
 */
export function createAccessLogWriter(options: AccessLogWriterOptions): AccessLogWriter {
  const clock = options.clock ?? REAL_LOG_CLOCK;
  const pending = new Map<string, PendingObject>();
  const deliveries = new Set<Promise<void>>();
  let cancelTimer: (() => void) | undefined;
  let timerEndMs: number | undefined;
  let isClosed = false;
  let enabledBefore = new Set<string>();

  function track(bucket: string, key: string, put: () => Promise<void>): void {
    const delivery = put()
      .catch((error: unknown) => options.onError?.(error, { bucket, key }))
      .finally(() => deliveries.delete(delivery));
    deliveries.add(delivery);
  }

  function deliver(object: PendingObject): void {
    const key = object.key(options.randomString());
    const text = `${object.lines.join('\n')}\n`;
    track(object.bucket, key, async () => {
      const body = object.isGzip ? await gzipAsync(text) : Buffer.from(text, 'utf8');
      await options.sink.put(object.bucket, key, body);
    });
  }

  function deliverDue(): void {
    cancelTimer = undefined;
    timerEndMs = undefined;
    const nowMs = clock.nowMs();
    for (const [id, object] of pending) {
      if (object.endMs > nowMs) continue;
      pending.delete(id);
      deliver(object);
    }
    schedule();
  }

  function schedule(): void {
    let earliest: number | undefined;
    for (const object of pending.values()) if (earliest === undefined || object.endMs < earliest) earliest = object.endMs;
    if (earliest === undefined || earliest === timerEndMs) return;
    cancelTimer?.();
    timerEndMs = earliest;
    cancelTimer = clock.setTimer(deliverDue, Math.max(0, earliest - clock.nowMs()));
  }

  function pendingFor(record: RequestRecord): PendingObject | undefined {
    const destination = record.accessLog;
    if (destination === undefined) return undefined;
    const endMs = intervalEndMs(record.completedAtMs, intervalLengthMs(destination.intervalMinutes, options.intervalSecondsOverride));
    const loadBalancer = record.kind === 'alb' ? record.loadBalancer.arn : `${record.accountId} ${record.region} ${record.loadBalancerName}`;
    const id = `${loadBalancer}\n${destination.bucket}\n${destination.prefix ?? ''}\n${endMs}`;
    let object = pending.get(id);
    if (object === undefined) {
      const base = { accountId: record.accountId, region: record.region, prefix: destination.prefix, endMs, nodeIp: options.nodeIp };
      object = {
        bucket: destination.bucket,
        endMs,
        isGzip: record.kind === 'alb',
        lines: [],
        key:
          record.kind === 'alb'
            ? (randomString) => albLogObjectKey({ ...base, randomString, resourceId: record.loadBalancer.resourceId })
            : (randomString) => classicLogObjectKey({ ...base, randomString, loadBalancerName: record.loadBalancerName }),
      };
      pending.set(id, object);
    }
    return object;
  }

  async function flush(): Promise<void> {
    cancelTimer?.();
    cancelTimer = undefined;
    timerEndMs = undefined;
    for (const object of pending.values()) deliver(object);
    pending.clear();
    while (deliveries.size > 0) await Promise.all([...deliveries]);
  }

  let closing: Promise<void> | undefined;
  return {
    syncEnabled(enabled) {
      const now = new Set<string>();
      for (const { kind, accountId, region, loadBalancerName, destination } of enabled) {
        // Per load balancer and destination: the test object's key names only the account, so
        // same-named load balancers of two kinds or regions each get their own when turned on.
        const id = [kind, accountId, region, loadBalancerName, destination.bucket, destination.prefix ?? ''].join('\n');
        now.add(id);
        if (enabledBefore.has(id) || isClosed) continue;
        const key = accessLogTestFileKey({ accountId, prefix: destination.prefix });
        // Not a log file and no records (the guide); its text is undocumented: one line naming the load balancer.
        const body = Buffer.from(`Enable AccessLog for ELB: ${loadBalancerName} at ${new Date(clock.nowMs()).toISOString()}\n`, 'utf8');
        track(destination.bucket, key, () => options.sink.put(destination.bucket, key, body));
      }
      enabledBefore = now;
    },
    write(record) {
      if (isClosed) return;
      const object = pendingFor(record);
      if (object === undefined) return;
      object.lines.push(record.kind === 'alb' ? albLogLine(record) : classicLogLine(record));
      schedule();
    },
    flush,
    close() {
      isClosed = true;
      closing ??= flush().finally(() => options.sink.close?.());
      return closing;
    },
  };
}

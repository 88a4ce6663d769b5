import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createQueryServer, defineQueryService } from '@elbow/query-protocol';
import { openStore } from '@elbow/store';
import type { StoreSnapshot } from '@elbow/store';
import { createDrainingTargetRepository, createElbv2Service, createRoutingConfigReader, seededAlbDnsHex } from '@elbow/elbv2';
import type { LiveTargetHealth } from '@elbow/elbv2';
import type { elbv2 } from '@elbow/api-models';
import {
  classicAccessLogDestination,
  albAccessLogDestination,
  createClassicDataPlane,
  createCookieKeyRing,
  createBalancerState,
  createDataPlane,
  createLoadBalancerCertificates,
  createRequestRecordHub,
  debugRouteSlots,
  stickinessPassSlots,
} from '@elbow/data-plane';
import type { ClassicDataPlane, ClassicRoutingConfig, DataPlane, DataPlaneLogger, RequestRecordHub, RoutingConfig } from '@elbow/data-plane';
import { albResourceTree, classicResourceTree } from '@elbow/inspector';
import { createAccessLogWriter, localFileSink, randomLogString, s3Sink } from '@elbow/access-logs';
import type { EnabledAccessLog } from '@elbow/access-logs';
import { createEc2Service } from '@elbow/ec2';
import { createClassicDrainingRepository, createClassicRoutingConfigReader, createElbService, liveInstanceState } from '@elbow/elb';
import type { LiveInstanceHealth } from '@elbow/elb';
import {
  classicCheckStateOf,
  classicInstanceStatus,
  createDeadlineTimer,
  createHealthMonitor,
  createClassicHealthRoutingSource,
  createHealthRoutingSource,
  createHttpProbe,
  createScaledClock,
  createSeededRandom,
  createSeededRandomBytes,
  setClassicInstanceOverride,
} from '@elbow/health';
import { applyBootstrapFile } from '@elbow/bootstrap';
import { createApp } from './create-app.js';
import { s3ObjectReader } from './s3-objects.js';
import { defaultOptions, OptionError, type ElbowOptions } from './options.js';

export interface RunningElbow {
  /** The API endpoint to give the AWS CLI (`--endpoint-url`) or an SDK client (`endpoint`). */
  endpoint: string;
  port: number;
  region: string;
  accountId: string;
  /** Any credentials are accepted; these are handy for clients that insist on some. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where state lives: the SQLite file, or ':memory:'. */
  storeLocation: string;
  /** The API versions served on the endpoint (elbv2 2015-12-01, ...). */
  apiVersions: readonly string[];
  /** Operations of the served models that elbow does not implement yet (they answer InvalidAction). */
  unbuiltOperations: ReadonlyArray<{ apiVersion: string; operation: string }>;
  /**
   * The data plane's gateway (`--gateway-port`): send ALB traffic here with
   * `Host: <load balancer DNS name>[:<listener port>]`. Undefined when no gateway port was set.
   */
  gatewayEndpoint: string | undefined;
  gatewayPort: number | undefined;
  /**
   * The whole state (every account and region) as it is now, to hand back to `restore()`; an
   * opaque value (a serialized SQLite image) that lives as long as you keep it.
   */
  snapshot(): ElbowSnapshot;
  /**
   * Brings the whole state back to `snapshot` in one transaction; resolves once the data plane
   * follows it (listeners bound or closed, health checks started for restored targets).
   */
  restore(snapshot: ElbowSnapshot): Promise<void>;
  /**
   * Every finished data-plane request, as a record (issue 7): access logs read them, and so can
   * the traffic inspector or a test (`subscribe`).
   */
  requestRecords: RequestRecordHub;
  /** Stops serving (API, every listener, the gateway), delivers pending access logs and closes the store; calling it again does nothing. */
  stop(): Promise<void>;
}

/** What `RunningElbow.snapshot()` returns: opaque, only for `restore()` of an elbow of the same version. */
export type ElbowSnapshot = StoreSnapshot;

/** A 12-digit access key id selects that account, so parallel suites can share one emulator. */
function accountIdFor(defaultAccountId: string) {
  return (accessKeyId: string | undefined) => (accessKeyId && /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaultAccountId);
}

/**
 * How long an API call waits for the first health checks it started (real milliseconds): local
 * targets answer in a few, while a check of an address nothing answers (a made-up 10.x target)
 * runs to its timeout, which must not hold the API up; such a target stays `initial` meanwhile.
 */
const FIRST_CHECK_WAIT_MS = 1_000;

/** Settles when `work` does or after `limitMs`, whichever comes first; never rejects. */
function withinMs(work: Promise<void>, limitMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, limitMs);
    timer.unref();
    void work.catch(() => undefined).finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A snapshot source that tells `onRead` about each snapshot it reads: a new snapshot may have
 * begun or ended a drain (reschedule the expiry timer) or switched access logs on or off.
 */
function observedSource<Config>(source: { changeCount(): number; read(): Config }, onRead: (config: Config) => void): { changeCount(): number; read(): Config } {
  return {
    changeCount: () => source.changeCount(),
    read() {
      const config = source.read();
      onRead(config);
      return config;
    },
  };
}

/**
 * Starts an emulator in this process; resolves once it accepts requests. Made for test suites
 * (vitest/jest global setup, node:test `before`): unless told otherwise it listens on a free port
 * (`port: 0`) and keeps state in memory (a `dataDir` without `memory` keeps state there instead);
 * every other option defaults as for `elbow start`, which passes its own resolved options. Use
 * the returned endpoint, region and credentials with any AWS client; a 12-digit access key id
 * selects that account, so parallel suites sharing one emulator keep separate state.
 */
export async function startElbow(overrides: Partial<ElbowOptions> = {}): Promise<RunningElbow> {
  const options: ElbowOptions = { ...defaultOptions(), port: 0, memory: overrides.dataDir === undefined, ...overrides };
  // Where access logs go (issue 7), settled before anything opens: a bad --s3-endpoint is a
  // one-line start error, not a failure at every delivery.
  if (options.s3Endpoint && !isHttpUrl(options.s3Endpoint)) {
    throw new OptionError(`--s3-endpoint must be an http:// or https:// URL, got '${options.s3Endpoint}'`);
  }
  const accessLogSink = options.s3Endpoint
    ? s3Sink({
        endpoint: options.s3Endpoint,
        region: options.region,
        // Any credentials do for a local S3-compatible store; real ones come from the environment.
        ...(process.env['AWS_ACCESS_KEY_ID'] === undefined ? { credentials: { accessKeyId: 'elbow', secretAccessKey: 'elbow' } } : {}),
      })
    : localFileSink(resolve(options.dataDir));
  let storeLocation = ':memory:';
  if (!options.memory) {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    storeLocation = join(dataDir, 'elbow.sqlite');
  }
  const store = openStore({ location: storeLocation });
  // Set once the server listens; trust-store content Locations point at it.
  let adminBaseUrl = 'http://127.0.0.1';
  // The EC2 subset shares the endpoint (dispatched on Version 2016-11-15); elbv2 validates
  // against the same EC2 state through the inventory.
  const ec2 = createEc2Service({ store });
  // Time control (issue 5): every health-check interval and timeout runs on one clock,
  // `--clock-speed` times faster than real time; `--seed` makes random choices repeatable.
  const clock = createScaledClock(options.clockSpeed);
  const random = options.seed === undefined ? undefined : createSeededRandom(options.seed);
  const healthMonitor = createHealthMonitor({ clock, probe: createHttpProbe(clock) });
  const liveTargetHealth: LiveTargetHealth = (targetGroupArn, targetId, port) => {
    const status = healthMonitor.statusOf(targetGroupArn, targetId, port);
    if (status === undefined) return undefined;
    // The monitor's reasons are AWS's TargetHealthReasonEnum values (packages/health next-health.ts).
    return status.reason === undefined
      ? { State: status.state }
      : { State: status.state, Reason: status.reason as elbv2.TargetHealthReasonEnum, Description: status.description };
  };
  // Draining (issue 5): DeregisterTargets keeps a target `draining` until its deadline on the
  // same clock; one timer waits for the earliest deadline and deletes what is due. In-flight
  // requests may finish during the delay; what is still open to the target at its end is closed
  // then (headers-and-routing.md §4 [D7]), traffic or not.
  const drainingTargets = createDrainingTargetRepository(store.db);
  const drainExpiry = createDeadlineTimer({
    clock,
    nextDeadlineMs: () => drainingTargets.earliestDeadlineMs(),
    expire: (nowMs) => dataPlane.closeTargetConnections(drainingTargets.deleteExpired(nowMs)),
    onError: (error) => app?.log.error({ err: error }, 'draining expiry failed'),
  });
  // Classic ELB (issue 6): the same monitor watches classic instances (createClassicHealthRoutingSource
  // over the classic routing snapshot) and DescribeInstanceHealth reports its verdict.
  const liveInstanceHealth: LiveInstanceHealth = (scope, loadBalancerName, instanceId) => {
    const status = classicInstanceStatus(healthMonitor, scope.accountId, scope.region, loadBalancerName, instanceId);
    return status === undefined ? undefined : classicCheckStateOf(status);
  };
  // Classic connection draining ends at its deadline on the same clock; DescribeInstanceHealth
  // already treats a passed deadline as over, the timer deletes the rows. The classic data plane
  // then re-reads its snapshot at once, closing the drained instance's open connections at the
  // deadline even when no request or API call comes (ConnectionDraining.Timeout, classic-elb.md).
  const classicDraining = createClassicDrainingRepository(store.db);
  const classicDrainExpiry = createDeadlineTimer({
    clock,
    nextDeadlineMs: () => classicDraining.earliestDeadlineMs(),
    expire: (nowMs) => {
      classicDraining.deleteExpired(nowMs);
      void classicDataPlane.reconcile();
    },
    onError: (error) => app?.log.error({ err: error }, 'classic draining expiry failed'),
  });
  const services = [
    defineQueryService(
      createElbv2Service({
        store,
        readS3Object: s3ObjectReader(options.dataDir),
        adminBaseUrl: () => adminBaseUrl,
        ec2: ec2.inventory,
        liveTargetHealth,
        drainingNowMs: () => clock.nowMs(),
        // --seed also fixes ALB DNS names (per account, region and name), so a bootstrapped
        // compose setup can name them as network aliases in advance (issue 8).
        ...(options.seed === undefined ? {} : { albDnsHex: seededAlbDnsHex(options.seed) }),
      }),
    ),
    // Classic ELB (2012-06-01) shares the endpoint too, dispatched on Version (issue 6).
    defineQueryService(createElbService({ store, ec2: ec2.inventory, liveInstanceHealth, drainingNowMs: () => clock.nowMs() })),
    defineQueryService(ec2.definition),
  ];
  let app: FastifyInstance | undefined;
  // Request records (issue 7): the data plane publishes, the access-log writer reads. Logs go to
  // <data-dir>/s3/<bucket>/... or, with --s3-endpoint, to that S3-compatible store; a failed
  // delivery is logged and dropped (AWS's logging is best effort too), never a crash.
  const requestRecords = createRequestRecordHub((error) => app?.log.error({ err: error }, 'request record reader failed'));
  const accessLogs = createAccessLogWriter({
    sink: accessLogSink,
    nodeIp: options.listenerHost === '0.0.0.0' || options.listenerHost === '::' ? '127.0.0.1' : options.listenerHost,
    randomString: () => randomLogString(randomBytes),
    intervalSecondsOverride: options.accessLogIntervalSeconds,
    onError: (error, object) => app?.log.error({ err: error, ...object }, 'access log not delivered'),
  });
  // The writer listens only while some load balancer has access logs enabled, so it formats and
  // buffers nothing otherwise. The proxies build a record for every request all the same: the
  // traffic inspector always listens. Every new routing snapshot re-decides for its kind (the
  // classic data plane's snapshots call it with 'classic'). A load balancer newly enabled gets
  // AWS's ELBAccessLogTestFile.
  let unsubscribeAccessLogs: (() => void) | undefined;
  const enabledAccessLogs = new Map<'alb' | 'classic', readonly EnabledAccessLog[]>();
  const wantAccessLogs = (kind: 'alb' | 'classic', enabled: readonly EnabledAccessLog[]) => {
    enabledAccessLogs.set(kind, enabled);
    const all = [...enabledAccessLogs.values()].flat();
    accessLogs.syncEnabled(all);
    if (all.length > 0 && unsubscribeAccessLogs === undefined) unsubscribeAccessLogs = requestRecords.subscribe((record) => accessLogs.write(record));
    if (all.length === 0 && unsubscribeAccessLogs !== undefined) {
      unsubscribeAccessLogs();
      unsubscribeAccessLogs = undefined;
    }
  };
  const onClassicSnapshot = (config: ClassicRoutingConfig) => {
    const enabled: EnabledAccessLog[] = [];
    for (const loadBalancer of config.loadBalancers) {
      const destination = classicAccessLogDestination(loadBalancer.accessLog);
      if (destination !== undefined) enabled.push({ kind: 'classic', accountId: loadBalancer.accountId, region: loadBalancer.region, loadBalancerName: loadBalancer.name, destination });
    }
    wantAccessLogs('classic', enabled);
  };
  const onSnapshot = (config: RoutingConfig) => {
    const enabled = new Map<string, EnabledAccessLog>();
    for (const { loadBalancer } of config.listeners) {
      const destination = albAccessLogDestination(loadBalancer.attributes);
      if (destination !== undefined) enabled.set(loadBalancer.arn, { kind: 'alb', accountId: loadBalancer.accountId, region: loadBalancer.region, loadBalancerName: loadBalancer.name, destination });
    }
    wantAccessLogs('alb', [...enabled.values()]);
  };
  const albRoutingConfig = createRoutingConfigReader(store, ec2.inventory);
  const classicRoutingConfig = createClassicRoutingConfigReader(store, ec2.inventory);
  // The ALB data plane: listeners bind real ports; routing reads the store's state (issue 4).
  // Logs go to the app's pino logger, once there is one.
  // Sticky cookies are sealed with keys kept in the store, so sessions survive a restart on the
  // same data directory; /_elbow/reset empties the table and the next request makes a new key.
  const cookieKeyRing = createCookieKeyRing({ store, nowMs: Date.now, randomBytes, rotationSeconds: options.cookieKeyRotationSeconds });
  const certificates = createLoadBalancerCertificates(options.memory ? {} : { directory: join(resolve(options.dataDir), 'certificates') });
  const dataPlaneLogger: DataPlaneLogger = {
    isDebugEnabled: () => app?.log.level === 'debug' || app?.log.level === 'trace',
    debug: (details, message) => app?.log.debug(details, message),
    warn: (details, message) => app?.log.warn(details, message),
    error: (details, message) => app?.log.error(details, message),
  };
  // Shared with `elbow explain`, which reads the round-robin cursors and in-flight counts.
  const balancer = createBalancerState();
  const dataPlane: DataPlane = createDataPlane({
    balancer,
    // Only healthy targets route (fail-open when all are unhealthy); reading a new control-plane
    // snapshot also starts and stops the health checkers it needs.
    source: observedSource(
      createHealthRoutingSource(observedSource(albRoutingConfig, () => drainExpiry.reschedule()), healthMonitor, {
        clockSpeed: options.clockSpeed,
      }),
      onSnapshot,
    ),
    ...(random === undefined ? {} : { random, randomBytes: createSeededRandomBytes(random) }),
    // `--debug-headers` (issue 7): X-Elbow-Route on every answer, in the slot after the request passes.
    slots: { ...stickinessPassSlots(() => cookieKeyRing.current()), ...(options.debugHeaders ? debugRouteSlots() : {}) },
    records: requestRecords,
    listenerHost: options.listenerHost,
    listenerPortOffset: options.listenerPortOffset,
    gatewayPort: options.gatewayPort,
    certificates,
    logger: dataPlaneLogger,
  });
  // The classic ELB data plane (issue 6): its listeners bind beside the ALB's, with the same
  // host, offset, certificates and cookie key ring.
  const classicDataPlane: ClassicDataPlane = createClassicDataPlane({
    // Only InService instances route (no fail-open: classic ELB answers 503); reading a new
    // snapshot starts and stops the classic health checkers; a read may show a drain begun or ended.
    source: createClassicHealthRoutingSource(
      observedSource(classicRoutingConfig, (config) => {
        classicDrainExpiry.reschedule();
        onClassicSnapshot(config);
      }),
      healthMonitor,
    ),
    cookieKeyRing: () => cookieKeyRing.current(),
    records: requestRecords,
    debugHeaders: options.debugHeaders,
    ...(random === undefined ? {} : { random, randomBytes: createSeededRandomBytes(random) }),
    listenerHost: options.listenerHost,
    listenerPortOffset: options.listenerPortOffset,
    certificates,
    logger: dataPlaneLogger,
  });
  let unbuiltOperations: RunningElbow['unbuiltOperations'] = [];
  try {
    const queryServer = createQueryServer({
      services,
      defaultRegion: options.region,
      defaultAccountId: options.accountId,
      accountIdFor: accountIdFor(options.accountId),
      onInternalError: (error, details) => app?.log.error({ err: error, ...details }, 'handler failed'),
    });
    unbuiltOperations = queryServer.unbuiltOperations;
    app = createApp({
      queryServer,
      store,
      logLevel: options.logLevel,
      dataPlane,
      classicDataPlane,
      health: {
        setOverride: (arn, id, port, state) => healthMonitor.setOverride(arn, id, port, state),
        setInstanceOverride: (instance, state) =>
          setClassicInstanceOverride(healthMonitor, { accountId: options.accountId, region: options.region, ...instance }, state),
        activeCheckers: () => healthMonitor.activeCheckers(),
        pendingTimers: () => clock.pendingTimers(),
        firstChecks: () => withinMs(healthMonitor.firstChecks(), FIRST_CHECK_WAIT_MS),
      },
      // The traffic inspector (issue 7): both trees from the control plane's snapshots, with the
      // health checks' live verdicts in DescribeTargetHealth's and DescribeInstanceHealth's words.
      inspector: {
        requestRecords,
        resources: () => ({
          ...albResourceTree(albRoutingConfig.read(), liveTargetHealth),
          classicLoadBalancers: classicResourceTree(classicRoutingConfig.read(), (loadBalancerName, accountId, region, instanceId) => {
            const liveHealth = liveInstanceHealth({ accountId, region }, loadBalancerName, instanceId);
            // Instances no check watches (stopped, other zone, draining) have no live verdict to show.
            return liveHealth === undefined ? undefined : liveInstanceState(instanceId, liveHealth);
          }),
        }),
      },
      explain: {
        dataPlane,
        keyRing: () => cookieKeyRing.current(),
        balancer,
        targetHealth: (arn, id, port) => healthMonitor.statusOf(arn, id, port),
        nowMs: Date.now,
      },
    });
    await app.listen({ host: options.host, port: options.port });
    await dataPlane.start();
    await classicDataPlane.start();
    // Targets restored from the data directory get their first health check before elbow is ready.
    await withinMs(healthMonitor.firstChecks(), FIRST_CHECK_WAIT_MS);
    // Drains restored from the data directory end on time.
    classicDrainExpiry.reschedule();
  } catch (error) {
    healthMonitor.close();
    drainExpiry.close();
    classicDrainExpiry.close();
    await dataPlane.close();
    await classicDataPlane.close();
    await accessLogs.close();
    await app?.close();
    store.close();
    throw error;
  }
  const running = app;
  const { port } = running.server.address() as AddressInfo;
  const urlHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  adminBaseUrl = `http://${urlHost}:${port}`;
  let stopping: Promise<void> | undefined;
  const gatewayPort = dataPlane.gatewayPort();
  const listenerUrlHost = options.listenerHost === '0.0.0.0' || options.listenerHost === '::' ? '127.0.0.1' : options.listenerHost.includes(':') ? `[${options.listenerHost}]` : options.listenerHost;
  const elbow: RunningElbow = {
    endpoint: `http://${urlHost}:${port}`,
    port,
    region: options.region,
    accountId: options.accountId,
    credentials: { accessKeyId: 'elbow', secretAccessKey: 'elbow' },
    storeLocation,
    apiVersions: services.map((service) => service.bundle.model.metadata.apiVersion),
    unbuiltOperations,
    gatewayEndpoint: gatewayPort === undefined ? undefined : `http://${listenerUrlHost}:${gatewayPort}`,
    gatewayPort,
    requestRecords,
    snapshot: () => store.snapshot(),
    async restore(snapshot) {
      store.restore(snapshot);
      await Promise.all([dataPlane.reconcile(), classicDataPlane.reconcile()]);
      await withinMs(healthMonitor.firstChecks(), FIRST_CHECK_WAIT_MS);
    },
    stop() {
      healthMonitor.close();
      drainExpiry.close();
      classicDrainExpiry.close();
      stopping ??= Promise.all([dataPlane.close(), classicDataPlane.close()])
        // Closed connections publish their last records on the next turn; then the writer
        // delivers every pending interval (files are flushed at shutdown, issue 7).
        .then(() => new Promise<void>((resolveTurn) => setImmediate(resolveTurn)))
        .then(() => accessLogs.close())
        .then(() => running.close())
        .finally(() => store.close());
      return stopping;
    },
  };
  // Declarative bootstrap (issue 8): once the API answers, the config file is applied through it,
  // so AWS's validation applies; a failure stops elbow again and rejects with a BootstrapError.
  if (options.config !== '') {
    try {
      await applyBootstrapFile(options.config, { endpoint: elbow.endpoint, region: elbow.region }, (change) => running.log.info({ config: options.config }, change));
    } catch (error) {
      await elbow.stop();
      throw error;
    }
  }
  return elbow;
}

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createQueryServer, defineQueryService } from '@elbow/query-protocol';
import { openStore } from '@elbow/store';
import { createDrainingTargetRepository, createElbv2Service, createRoutingConfigReader } from '@elbow/elbv2';
import type { LiveTargetHealth } from '@elbow/elbv2';
import type { elbv2 } from '@elbow/api-models';
import { createCookieKeyRing, createDataPlane, createLoadBalancerCertificates, stickinessPassSlots } from '@elbow/data-plane';
import type { DataPlane, RoutingConfigSource } from '@elbow/data-plane';
import { createEc2Service } from '@elbow/ec2';
import { createElbService } from '@elbow/elb';
import {
  createDeadlineTimer,
  createHealthMonitor,
  createHealthRoutingSource,
  createHttpProbe,
  createScaledClock,
  createSeededRandom,
  createSeededRandomBytes,
} from '@elbow/health';
import { applyBootstrapFile } from '@elbow/bootstrap';
import { createApp } from './create-app.js';
import { s3ObjectReader } from './s3-objects.js';
import { defaultOptions, type ElbowOptions } from './options.js';

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
  /** Stops serving (API, every listener, the gateway) and closes the store; calling it again does nothing. */
  stop(): Promise<void>;
}

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

/** The control plane's snapshot source, telling `onRead` after each read (a change may have added or ended a drain). */
function drainingAware(source: RoutingConfigSource, onRead: () => void): RoutingConfigSource {
  return {
    changeCount: () => source.changeCount(),
    read() {
      const config = source.read();
      onRead();
      return config;
    },
  };
}

/** Starts an emulator in this process; resolves once it accepts requests. */
export async function startElbow(overrides: Partial<ElbowOptions> = {}): Promise<RunningElbow> {
  const options: ElbowOptions = { ...defaultOptions(), ...overrides };
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
  // same clock; one timer waits for the earliest deadline and deletes what is due.
  const drainingTargets = createDrainingTargetRepository(store.db);
  const drainExpiry = createDeadlineTimer({
    clock,
    nextDeadlineMs: () => drainingTargets.earliestDeadlineMs(),
    expire: (nowMs) => void drainingTargets.deleteExpired(nowMs),
    onError: (error) => app?.log.error({ err: error }, 'draining expiry failed'),
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
      }),
    ),
    // Classic ELB (2012-06-01) shares the endpoint too, dispatched on Version (issue 6).
    defineQueryService(createElbService({ store, ec2: ec2.inventory })),
    defineQueryService(ec2.definition),
  ];
  let app: FastifyInstance | undefined;
  // The ALB data plane: listeners bind real ports; routing reads the store's state (issue 4).
  // Logs go to the app's pino logger, once there is one.
  // Sticky cookies are sealed with keys kept in the store, so sessions survive a restart on the
  // same data directory; /_elbow/reset empties the table and the next request makes a new key.
  const cookieKeyRing = createCookieKeyRing({ store, nowMs: Date.now, randomBytes, rotationSeconds: options.cookieKeyRotationSeconds });
  const dataPlane: DataPlane = createDataPlane({
    // Only healthy targets route (fail-open when all are unhealthy); reading a new control-plane
    // snapshot also starts and stops the health checkers it needs.
    source: createHealthRoutingSource(drainingAware(createRoutingConfigReader(store, ec2.inventory), () => drainExpiry.reschedule()), healthMonitor, {
      clockSpeed: options.clockSpeed,
    }),
    ...(random === undefined ? {} : { random, randomBytes: createSeededRandomBytes(random) }),
    slots: stickinessPassSlots(() => cookieKeyRing.current()),
    listenerHost: options.listenerHost,
    listenerPortOffset: options.listenerPortOffset,
    gatewayPort: options.gatewayPort,
    certificates: createLoadBalancerCertificates(options.memory ? {} : { directory: join(resolve(options.dataDir), 'certificates') }),
    logger: {
      isDebugEnabled: () => app?.log.level === 'debug' || app?.log.level === 'trace',
      debug: (details, message) => app?.log.debug(details, message),
      warn: (details, message) => app?.log.warn(details, message),
      error: (details, message) => app?.log.error(details, message),
    },
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
      health: {
        setOverride: (arn, id, port, state) => healthMonitor.setOverride(arn, id, port, state),
        activeCheckers: () => healthMonitor.activeCheckers(),
        pendingTimers: () => clock.pendingTimers(),
        firstChecks: () => withinMs(healthMonitor.firstChecks(), FIRST_CHECK_WAIT_MS),
      },
    });
    await app.listen({ host: options.host, port: options.port });
    await dataPlane.start();
    // Targets restored from the data directory get their first health check before elbow is ready.
    await withinMs(healthMonitor.firstChecks(), FIRST_CHECK_WAIT_MS);
  } catch (error) {
    healthMonitor.close();
    drainExpiry.close();
    await dataPlane.close();
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
    stop() {
      healthMonitor.close();
      drainExpiry.close();
      stopping ??= dataPlane
        .close()
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

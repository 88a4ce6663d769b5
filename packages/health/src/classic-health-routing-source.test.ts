import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClassicInstanceRoute, ClassicLoadBalancerRoute, ClassicRoutingConfig, ClassicRoutingConfigSource } from '@elbow/data-plane';
import { createManualClock, createScaledClock } from './clock.js';
import {
  applyClassicHealth,
  classicCheckStateOf,
  classicHealthCheckSpec,
  classicInstanceStatus,
  classicMonitoredInstancesOf,
  createClassicHealthRoutingSource,
  parseClassicCheckTarget,
  setClassicInstanceOverride,
} from './classic-health-routing-source.js';
import { createHealthMonitor } from './health-monitor.js';
import type { CheckResult } from './next-health.js';
import { createHttpProbe } from './probe-target.js';
import type { ProbeRequest } from './probe-target.js';

const instance = (instanceId: string, overrides: Partial<ClassicInstanceRoute> = {}): ClassicInstanceRoute => ({
  instanceId,
  host: `host-${instanceId}`,
  availabilityZone: 'us-east-1a',
  isRoutable: true,
  ...overrides,
});

function loadBalancer(instances: ClassicInstanceRoute[], overrides: Partial<ClassicLoadBalancerRoute> = {}): ClassicLoadBalancerRoute {
  return {
    name: 'web',
    accountId: '123456789012',
    region: 'us-east-1',
    dnsName: 'web-1.us-east-1.elb.amazonaws.com',
    availabilityZones: ['us-east-1a'],
    listeners: [],
    instances,
    policies: [],
    backendPolicyNames: new Map(),
    healthCheck: { target: 'HTTP:8080/ping', intervalSeconds: 10, timeoutSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 3 },
    isCrossZoneEnabled: false,
    idleTimeoutSeconds: 60,
    connectionDraining: { isEnabled: false, timeoutSeconds: 300 },
    accessLog: { isEnabled: false, s3BucketName: undefined, s3BucketPrefix: undefined, emitIntervalMinutes: 60 },
    ...overrides,
  };
}

/** A probe answering per host from a table (pass by default), settled at once; records what it was asked. */
function scriptedProbe() {
  const answers = new Map<string, CheckResult>();
  const asked: ProbeRequest[] = [];
  return {
    answers,
    asked,
    probe: async (request: ProbeRequest) => {
      asked.push(request);
      return answers.get(request.host) ?? { kind: 'pass' as const };
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A control-plane source whose snapshot the test replaces. */
function mutableSource(first: ClassicLoadBalancerRoute[]) {
  let config: ClassicRoutingConfig = { version: 1, loadBalancers: first };
  const source: ClassicRoutingConfigSource = { changeCount: () => config.version, read: () => config };
  return {
    source,
    replace(loadBalancers: ClassicLoadBalancerRoute[]) {
      config = { version: config.version + 1, loadBalancers };
    },
  };
}

describe('parseClassicCheckTarget', () => {
  // Target grammar: model HealthCheck.Target doc (classic-elb.md §2).
  it('reads TCP, SSL, HTTP and HTTPS targets', () => {
    expect(parseClassicCheckTarget('TCP:22')).toEqual({ protocol: 'TCP', port: 22, path: '' });
    expect(parseClassicCheckTarget('SSL:443')).toEqual({ protocol: 'SSL', port: 443, path: '' });
    expect(parseClassicCheckTarget('HTTP:80/index.html')).toEqual({ protocol: 'HTTP', port: 80, path: '/index.html' });
    expect(parseClassicCheckTarget('HTTPS:8443/a/b?c=d')).toEqual({ protocol: 'HTTPS', port: 8443, path: '/a/b?c=d' });
  });
  it('checks a port with leading zeros, which ConfigureHealthCheck stores (one reader for both)', () => {
    expect(parseClassicCheckTarget('TCP:000080')).toEqual({ protocol: 'TCP', port: 80, path: '' });
  });
  it('refuses what ConfigureHealthCheck would refuse', () => {
    for (const target of ['HTTP:80', 'FOO:1', 'TCP:0', 'TCP:65536', 'TCP:22/x', 'tcp:22', 'HTTP:/x', 'HTTP:80x/']) {
      expect(parseClassicCheckTarget(target), target).toBeUndefined();
    }
  });
});

describe('classicHealthCheckSpec', () => {
  it('carries interval, timeout and thresholds, expects 200 and names classic ELB’s User-Agent', () => {
    expect(classicHealthCheckSpec({ target: 'HTTP:8080/ping', intervalSeconds: 10, timeoutSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 3 })).toEqual({
      protocol: 'HTTP',
      port: 8080,
      path: '/ping',
      intervalSeconds: 10,
      timeoutSeconds: 5,
      healthyThresholdCount: 3,
      unhealthyThresholdCount: 2,
      httpCode: '200',
      userAgent: 'ELB-HealthChecker/1.0',
    });
  });
});

describe('classicMonitoredInstancesOf', () => {
  it('watches routable, non-draining instances of every load balancer with a readable check, keyed apart per load balancer', () => {
    const config: ClassicRoutingConfig = {
      version: 1,
      loadBalancers: [
        loadBalancer([instance('i-a'), instance('i-b', { isRoutable: false }), instance('i-c', { isRoutable: false, drainingUntilMs: 5 })]),
        loadBalancer([instance('i-a')], { name: 'api', healthCheck: { target: 'TCP:22', intervalSeconds: 30, timeoutSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 10 } }),
        loadBalancer([instance('i-d')], { name: 'broken', healthCheck: { target: 'HTTP:80', intervalSeconds: 30, timeoutSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 10 } }),
      ],
    };
    const watched = classicMonitoredInstancesOf(config);
    expect(watched.map((target) => [target.targetId, target.host, target.spec.protocol, target.spec.port])).toEqual([
      ['i-a', 'host-i-a', 'HTTP', 8080],
      ['i-a', 'host-i-a', 'TCP', 22],
    ]);
    expect(new Set(watched.map((target) => target.targetGroupArn)).size).toBe(2);
  });
});

describe('classicCheckStateOf', () => {
  const status = (state: 'initial' | 'healthy' | 'unhealthy', consecutivePasses = 0) => ({ state, reason: undefined, description: undefined, consecutivePasses, consecutiveFailures: 0 });
  it('maps the monitor’s states onto what DescribeInstanceHealth reports', () => {
    expect(classicCheckStateOf(status('initial'))).toBe('registering');
    expect(classicCheckStateOf(status('healthy'))).toBe('healthy');
    expect(classicCheckStateOf(status('unhealthy'))).toBe('failing');
    expect(classicCheckStateOf(status('unhealthy', 1))).toBe('recovering');
  });
});

describe('applyClassicHealth', () => {
  const monitorSaying = (states: Record<string, 'initial' | 'healthy' | 'unhealthy' | undefined>) => ({
    statusOf: (_group: string, id: string) => {
      const state = states[id];
      return state === undefined ? undefined : { state, reason: undefined, description: undefined, consecutivePasses: 0, consecutiveFailures: 0 };
    },
  });
  const routable = (route: ClassicLoadBalancerRoute) => route.instances.filter((entry) => entry.isRoutable).map((entry) => entry.instanceId);

  it('routes only to InService instances; registering and failing ones get nothing', () => {
    const route = loadBalancer([instance('i-a'), instance('i-b'), instance('i-c'), instance('i-d', { isRoutable: false })]);
    expect(routable(applyClassicHealth(route, monitorSaying({ 'i-a': 'healthy', 'i-b': 'initial', 'i-c': 'unhealthy', 'i-d': 'healthy' })))).toEqual(['i-a']);
  });

  it('does not fail open: with no healthy instance nothing is routable (classic ELB answers 503)', () => {
    const route = loadBalancer([instance('i-a'), instance('i-b')]);
    expect(routable(applyClassicHealth(route, monitorSaying({ 'i-a': 'unhealthy', 'i-b': 'unhealthy' })))).toEqual([]);
  });

  it('leaves unwatched instances and an all-healthy load balancer as the control plane said', () => {
    const route = loadBalancer([instance('i-a'), instance('i-b')]);
    expect(applyClassicHealth(route, monitorSaying({ 'i-a': 'healthy' }))).toBe(route);
  });
});

describe('createClassicHealthRoutingSource', () => {
  it('starts checks when it reads a snapshot, narrows routing as results arrive, and restarts checks when the health check changes', async () => {
    const clock = createManualClock();
    const { probe, answers, asked } = scriptedProbe();
    const monitor = createHealthMonitor({ clock, probe });
    answers.set('host-i-b', { kind: 'code-mismatch', statusCode: 500 });
    const base = mutableSource([loadBalancer([instance('i-a'), instance('i-b')])]);
    const source = createClassicHealthRoutingSource(base.source, monitor);
    const routableNow = () => source.read().loadBalancers[0]?.instances.filter((entry) => entry.isRoutable).map((entry) => entry.instanceId);

    expect(routableNow()).toEqual([]);
    expect(monitor.activeCheckers()).toBe(2);
    clock.advance(0);
    await settle();
    expect(routableNow()).toEqual(['i-a']);
    expect(asked.map((request) => `${request.protocol} ${request.host}:${request.port}${request.path} ${request.userAgent}`)).toEqual([
      'HTTP host-i-a:8080/ping ELB-HealthChecker/1.0',
      'HTTP host-i-b:8080/ping ELB-HealthChecker/1.0',
    ]);
    const statusB = classicInstanceStatus(monitor, '123456789012', 'us-east-1', 'web', 'i-b');
    expect(statusB === undefined ? undefined : classicCheckStateOf(statusB)).toBe('registering');
    clock.advance(10_000);
    await settle();
    const failedB = classicInstanceStatus(monitor, '123456789012', 'us-east-1', 'web', 'i-b');
    expect(failedB === undefined ? undefined : classicCheckStateOf(failedB)).toBe('failing');

    const changeBefore = source.changeCount();
    base.replace([loadBalancer([instance('i-a'), instance('i-b')], { healthCheck: { target: 'TCP:22', intervalSeconds: 30, timeoutSeconds: 5, unhealthyThreshold: 2, healthyThreshold: 10 } })]);
    expect(source.changeCount()).toBeGreaterThan(changeBefore);
    expect(routableNow()).toEqual([]);
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([2, 2]);
    clock.advance(0);
    await settle();
    expect(asked.slice(-2).map((request) => `${request.protocol} ${request.host}:${request.port}`)).toEqual(['TCP host-i-a:22', 'TCP host-i-b:22']);

    base.replace([]);
    source.read();
    expect([monitor.activeCheckers(), clock.pendingTimers()]).toEqual([0, 0]);
  });

  it('lets an override force a watched instance in or out of service until cleared, and refuses unwatched ones', async () => {
    const clock = createManualClock();
    const monitor = createHealthMonitor({ clock, probe: scriptedProbe().probe });
    const source = createClassicHealthRoutingSource(mutableSource([loadBalancer([instance('i-a')])]).source, monitor);
    source.read();
    clock.advance(0);
    await settle();
    const key = { accountId: '123456789012', region: 'us-east-1', loadBalancerName: 'web', instanceId: 'i-a' };
    expect(setClassicInstanceOverride(monitor, key, 'unhealthy')).toBe(true);
    expect(source.read().loadBalancers[0]?.instances[0]?.isRoutable).toBe(false);
    expect(setClassicInstanceOverride(monitor, key, undefined)).toBe(true);
    expect(source.read().loadBalancers[0]?.instances[0]?.isRoutable).toBe(true);
    expect(setClassicInstanceOverride(monitor, { ...key, loadBalancerName: 'other' }, 'healthy')).toBe(false);
  });
});

describe('createClassicHealthRoutingSource with real checks', () => {
  // Real sockets on 127.0.0.1 and a clock 200 times faster than wall time: a 30-second interval
  // is 150 ms and the 20-second timeout 100 ms of real time (roomy on a loaded machine, where a
  // local answer can still take tens of milliseconds). States are polled, never slept for.
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(resolve);
          }),
      ),
    );
  });

  async function serve(statusCode: () => number): Promise<{ port: number; userAgents: string[] }> {
    const userAgents: string[] = [];
    const server = createServer((request, response) => {
      userAgents.push(String(request.headers['user-agent']));
      response.statusCode = statusCode();
      response.end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as AddressInfo).port, userAgents };
  }

  async function closedPort(): Promise<number> {
    const { port } = await serve(() => 200);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  async function until<T>(read: () => T, isDone: (value: T) => boolean): Promise<T> {
    for (;;) {
      const value = read();
      if (isDone(value)) return value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  function watch(target: string) {
    const clock = createScaledClock(200);
    const monitor = createHealthMonitor({ clock, probe: createHttpProbe(clock) });
    const check = { target, intervalSeconds: 30, timeoutSeconds: 20, unhealthyThreshold: 2, healthyThreshold: 3 };
    const source = createClassicHealthRoutingSource(mutableSource([loadBalancer([instance('i-a', { host: '127.0.0.1' })], { healthCheck: check })]).source, monitor);
    const state = () => {
      source.read();
      const status = classicInstanceStatus(monitor, '123456789012', 'us-east-1', 'web', 'i-a');
      return status === undefined ? undefined : classicCheckStateOf(status);
    };
    return { monitor, state, isRoutable: () => source.read().loadBalancers[0]?.instances[0]?.isRoutable };
  }

  it('HTTP: a 200 makes the instance InService and routable; 500s take it out after UnhealthyThreshold; it comes back after HealthyThreshold 200s', async () => {
    let code = 200;
    const { port, userAgents } = await serve(() => code);
    const { monitor, state, isRoutable } = watch(`HTTP:${port}/ping`);
    expect(await until(state, (value) => value !== 'registering')).toBe('healthy');
    expect(isRoutable()).toBe(true);
    expect(userAgents[0]).toBe('ELB-HealthChecker/1.0');
    code = 500;
    expect(await until(state, (value) => value !== 'healthy')).toBe('failing');
    expect(isRoutable()).toBe(false);
    code = 200;
    expect(await until(state, (value) => value !== 'failing')).toBe('recovering');
    expect(isRoutable()).toBe(false);
    expect(await until(state, (value) => value !== 'recovering')).toBe('healthy');
    monitor.close();
  });

  it('HTTP: any answer but 200 fails (a 204 or a redirect too)', async () => {
    const { port } = await serve(() => 302);
    const { monitor, state } = watch(`HTTP:${port}/`);
    expect(await until(state, (value) => value !== 'registering')).toBe('failing');
    monitor.close();
  });

  it('TCP: an open port is InService, a closed one fails', async () => {
    const { port } = await serve(() => 200);
    const open = watch(`TCP:${port}`);
    expect(await until(open.state, (value) => value !== 'registering')).toBe('healthy');
    open.monitor.close();
    const closed = watch(`TCP:${await closedPort()}`);
    expect(await until(closed.state, (value) => value !== 'registering')).toBe('failing');
    closed.monitor.close();
  });
});

#!/usr/bin/env node
// Benchmark (prints figures, asserts nothing): the ALB data plane beside the proxies people know.
// In one run, against the same two targets (node:http servers in their own processes), wrk with
// 32 connections measures requests/s and p50/p99 latency for:
//   - a target directly (the ceiling: no proxy at all);
//   - HAProxy (Debian's package), round robin with `cookie SERVERID insert` stickiness, the client
//     sending a valid SERVERID cookie (so every request takes the sticky path);
//   - nginx (Debian's package), round robin with pooled upstream connections;
//   - elbow, an ALB listener forwarding to a target group with `lb_cookie` stickiness, the client
//     sending the AWSALB cookie elbow issued on a first request;
//   - elbow again, round robin without stickiness (what the cookies cost, by difference);
//   - two bare Node forwarders (bare-forwarder.js: no routing, no cookies, no records), one on
//     node:http's client and one on undici's, elbow's proxy core: the ceiling of a Node proxy here.
// Then the ratios elbow/HAProxy that issue 4 sets as targets (requests/s >= 40%, p99 < 3x).
//
// Needs a build (`npm run bench:data-plane` does it) and `apt-get install -y wrk haproxy nginx`;
// a missing proxy is named and its row skipped, wrk is required. Environment:
//   BENCH_SECONDS        measured seconds per setup and round (default 10; 2 s of warm-up first)
//   BENCH_ROUNDS         rounds; the setups take turns in each, the median round is printed (3)
//   BENCH_PROXY_THREADS  HAProxy threads / nginx workers (default 1, like elbow's one event loop);
//                        HAProxy is also measured with one thread per CPU, its packaged default
//   BENCH_ELBOW_NODE_ARGS extra node flags for elbow, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
//   BENCH_ONLY           measure only the setups whose name matches this regular expression (for
//                        profiling one setup; the ratios need both "HAProxy" and "elbow")
import { spawn, spawnSync, fork, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';
import { AUTH, freePort, has, query } from './support.js';

const ELBOW_BIN = fileURLToPath(new URL('../emulator/bin/elbow.js', import.meta.url));
const TARGET_SCRIPT = fileURLToPath(new URL('./fixed-body-target.js', import.meta.url));
const FORWARDER_SCRIPT = fileURLToPath(new URL('./bare-forwarder.js', import.meta.url));
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 32;
const WRK_THREADS = 2;
const PROXY_THREADS = Number(process.env.BENCH_PROXY_THREADS ?? 1);
const ELBOW_NODE_ARGS = (process.env.BENCH_ELBOW_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
// No server here checks the signature itself; the credential scope names the service.

function versionOf(command, args) {
  // nginx -v prints to stderr, haproxy -v to stdout.
  const { stdout, stderr } = spawnSync(command, args, { encoding: 'utf8' });
  return `${stdout}${stderr}`.split('\n')[0].trim();
}

/** Resolves once something accepts TCP connections on the port, or rejects after `timeoutMs`. */
async function waitForPort(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const isOpen = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A long-running server process; `stop()` sends SIGTERM and resolves when it has exited. */
function startServerProcess(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    output: () => output,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * A server script of this folder in its own process: it reports `{ ready: port }` once listening
 * and leaves on a `stop` message. Resolves with its port, the child, and `stop()`.
 */
async function forkServer(script, args, what) {
  const child = fork(script, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.ready));
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.send('stop');
    });
  return { child, port, stop };
}

/** A bare forwarder (bare-forwarder.js) to the targets, on `core`: `http` or `undici`. */
async function startForwarder(core, targets) {
  const { port, stop } = await forkServer(FORWARDER_SCRIPT, [core, ...targets.map((target) => String(target.port))], `bare forwarder (${core})`);
  return { port, stop };
}

async function startTarget(name) {
  const { child, port, stop } = await forkServer(TARGET_SCRIPT, [name], `target ${name}`);
  return {
    name,
    port,
    /** Requests served since the last call. */
    takeCount: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message.served));
        child.send('count');
      }),
    stop,
  };
}

function startHaproxy(dir, port, targets, threads = PROXY_THREADS) {
  const config = join(dir, `haproxy-${threads}.cfg`);
  writeFileSync(
    config,
    [
      'global',
      `  nbthread ${threads}`,
      '  maxconn 4096',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      'frontend bench',
      `  bind 127.0.0.1:${port}`,
      '  default_backend targets',
      'backend targets',
      '  balance roundrobin',
      '  cookie SERVERID insert',
      ...targets.map((target) => `  server ${target.name} 127.0.0.1:${target.port} cookie ${target.name}`),
      '',
    ].join('\n'),
  );
  // -db: stay in the foreground; -W is not needed for one process.
  return startServerProcess('haproxy', ['-db', '-f', config]);
}

function startNginx(dir, port, targets) {
  const config = join(dir, 'nginx.conf');
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    config,
    [
      'daemon off;',
      `worker_processes ${PROXY_THREADS};`,
      `pid ${join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${join(dir, 'client_body')};`,
      `  proxy_temp_path ${join(dir, 'proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'scgi')};`,
      '  upstream targets {',
      ...targets.map((target) => `    server 127.0.0.1:${target.port};`),
      // Pooled upstream connections, as HAProxy and elbow keep them.
      '    keepalive 64;',
      '  }',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      '      proxy_pass http://targets;',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return startServerProcess('nginx', ['-p', dir, '-c', config, '-e', 'stderr']);
}

// ---- elbow ----------------------------------------------------------------------------------

const elbv2 = (endpoint, params) => query(endpoint, 'elasticloadbalancing', { Version: '2015-12-01', ...params });
const ec2 = (endpoint, params) => query(endpoint, 'ec2', { Version: '2016-11-15', ...params });
const xmlValues = (xml, tag) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1]);

async function startElbow() {
  const child = spawn(process.execPath, [...ELBOW_NODE_ARGS, ELBOW_BIN, 'start', '--port', '0', '--memory'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const endpoint = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /elbow ready on (\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`elbow exited ${code}: ${output}`)));
  });
  return {
    endpoint,
    output: () => output,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * An ALB with one HTTP listener on `port` whose default action forwards to an ip target group
 * holding both targets, `lb_cookie` stickiness on; all through the Query API, as a user would.
 */
async function configureAlb(endpoint, port, targets, { name, isSticky }) {
  const vpcs = await ec2(endpoint, { Action: 'DescribeVpcs', 'Filter.1.Name': 'is-default', 'Filter.1.Value.1': 'true' });
  const [vpcId] = xmlValues(vpcs, 'vpcId');
  const subnets = await ec2(endpoint, { Action: 'DescribeSubnets', 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': vpcId });
  const subnetIds = xmlValues(subnets, 'subnetId').slice(0, 2);
  const lb = await elbv2(endpoint, {
    Action: 'CreateLoadBalancer',
    Name: name,
    Type: 'application',
    ...Object.fromEntries(subnetIds.map((id, index) => [`Subnets.member.${index + 1}`, id])),
  });
  const [loadBalancerArn] = xmlValues(lb, 'LoadBalancerArn');
  const tg = await elbv2(endpoint, {
    Action: 'CreateTargetGroup',
    Name: `${name}-targets`,
    Protocol: 'HTTP',
    Port: String(targets[0].port),
    VpcId: vpcId,
    TargetType: 'ip',
  });
  const [targetGroupArn] = xmlValues(tg, 'TargetGroupArn');
  if (isSticky) {
    await elbv2(endpoint, {
      Action: 'ModifyTargetGroupAttributes',
      TargetGroupArn: targetGroupArn,
      'Attributes.member.1.Key': 'stickiness.enabled',
      'Attributes.member.1.Value': 'true',
      'Attributes.member.2.Key': 'stickiness.type',
      'Attributes.member.2.Value': 'lb_cookie',
    });
  }
  await elbv2(endpoint, {
    Action: 'RegisterTargets',
    TargetGroupArn: targetGroupArn,
    ...Object.fromEntries(
      targets.flatMap((target, index) => [
        [`Targets.member.${index + 1}.Id`, '127.0.0.1'],
        [`Targets.member.${index + 1}.Port`, String(target.port)],
        [`Targets.member.${index + 1}.AvailabilityZone`, 'all'],
      ]),
    ),
  });
  await elbv2(endpoint, {
    Action: 'CreateListener',
    LoadBalancerArn: loadBalancerArn,
    Protocol: 'HTTP',
    Port: String(port),
    'DefaultActions.member.1.Type': 'forward',
    'DefaultActions.member.1.TargetGroupArn': targetGroupArn,
  });
}

/** The AWSALB cookie elbow sets on a first request, as the `Cookie` header a client sends back. */
async function awsalbCookie(port) {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  await response.text();
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith('AWSALB='));
  if (response.status !== 200 || !line) {
    throw new Error(`the first request answered ${response.status} without an AWSALB cookie: ${response.headers.getSetCookie().join(' | ')}`);
  }
  return line.split(';')[0];
}

// ---- wrk ------------------------------------------------------------------------------------

function writeWrkScript(dir) {
  const script = join(dir, 'report.lua');
  writeFileSync(
    script,
    [
      'done = function(summary, latency, requests)',
      '  local e = summary.errors',
      '  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,',
      '    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))',
      'end',
      '',
    ].join('\n'),
  );
  return script;
}

function runWrk(script, port, seconds, headers = []) {
  const out = execFileSync(
    'wrk',
    ['-t', String(WRK_THREADS), '-c', String(CONNECTIONS), '-d', `${seconds}s`, '--latency', '-s', script,
      ...headers.flatMap((header) => ['-H', header]), `http://127.0.0.1:${port}/`],
    { encoding: 'utf8' },
  );
  const [, requests, durationUs, p50Us, p99Us, statusErrors, socketErrors] = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/
    .exec(out)
    .map(Number);
  return { rps: requests / (durationUs / 1e6), p50Ms: p50Us / 1000, p99Ms: p99Us / 1000, statusErrors, socketErrors };
}

/**
 * Measures one setup once; returns the figures and how the targets shared the load. The first
 * round of each setup starts with a warm-up (JIT, pooled connections) that is not counted.
 */
async function measure(setup, script, targets, isFirstRound) {
  if (isFirstRound) runWrk(script, setup.port, WARMUP_SECONDS, setup.headers);
  await Promise.all(targets.map((target) => target.takeCount()));
  const figures = runWrk(script, setup.port, DURATION_SECONDS, setup.headers);
  const counts = await Promise.all(targets.map((target) => target.takeCount()));
  return { name: setup.name, ...figures, split: counts.join('/') };
}

/** The round whose requests/s is the median of a setup's rounds (its p50/p99 come with it). */
function medianRound(rounds) {
  return [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)];
}

const fmt = (n, digits = 0) => n.toFixed(digits);

async function main() {
  const missing = ['wrk', 'haproxy', 'nginx'].filter((command) => !has(command));
  if (missing.length > 0) console.log(`not installed: ${missing.join(', ')} (apt-get install -y ${missing.join(' ')})`);
  if (missing.includes('wrk')) {
    process.exitCode = 1;
    return;
  }
  console.log(`elbow data-plane benchmark (${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs)`);
  if (has('haproxy')) console.log(`  ${versionOf('haproxy', ['-v'])}`);
  if (has('nginx')) console.log(`  ${versionOf('nginx', ['-v'])}`);

  const dir = mkdtempSync(join(tmpdir(), 'elbow-bench-data-plane-'));
  const script = writeWrkScript(dir);
  const targets = await Promise.all(['t0', 't1'].map(startTarget));
  const setups = [{ name: 'target directly', port: targets[0].port, headers: [] }];
  const notes = [];
  const stops = [];
  const rounds = new Map();
  try {
    // Every server runs for the whole benchmark and the setups take turns, round after round:
    // a load change on the machine (it is shared) then hits every setup alike, not just one.
    if (has('haproxy')) {
      const port = await freePort();
      const haproxy = startHaproxy(dir, port, targets);
      stops.push(() => haproxy.stop());
      try {
        await waitForPort(port);
        setups.push({ name: 'HAProxy', port, headers: [`Cookie: SERVERID=${targets[0].name}`] });
      } catch (error) {
        notes.push(`HAProxy not measured: ${error.message}\n${haproxy.output()}`);
      }
    }
    // HAProxy as packaged runs one thread per CPU: that row is measured too, so the one-thread
    // comparison above (like elbow's one event loop) never hides what HAProxy does by default.
    if (has('haproxy') && cpus().length > PROXY_THREADS) {
      const port = await freePort();
      const haproxy = startHaproxy(dir, port, targets, cpus().length);
      stops.push(() => haproxy.stop());
      try {
        await waitForPort(port);
        setups.push({ name: `HAProxy, ${cpus().length} thr`, port, headers: [`Cookie: SERVERID=${targets[0].name}`] });
      } catch (error) {
        notes.push(`HAProxy (${cpus().length} threads) not measured: ${error.message}\n${haproxy.output()}`);
      }
    }
    if (has('nginx')) {
      const port = await freePort();
      const nginx = startNginx(dir, port, targets);
      stops.push(() => nginx.stop());
      try {
        await waitForPort(port);
        setups.push({ name: 'nginx', port, headers: [] });
      } catch (error) {
        notes.push(`nginx not measured: ${error.message}\n${nginx.output()}`);
      }
    }
    // Proxy cores alone, no routing at all: what any Node proxy built on them pays before its own work.
    for (const core of ['http', 'undici']) {
      const forwarder = await startForwarder(core, targets);
      stops.push(() => forwarder.stop());
      setups.push({ name: `bare ${core === 'http' ? 'node:http' : 'undici'}`, port: forwarder.port, headers: [] });
    }
    const elbow = await startElbow();
    stops.push(() => elbow.stop());
    try {
      const port = await freePort();
      await configureAlb(elbow.endpoint, port, targets, { name: 'bench-sticky', isSticky: true });
      await waitForPort(port);
      setups.push({ name: 'elbow', port, headers: [`Cookie: ${await awsalbCookie(port)}`] });
      // The same path without stickiness (no cookie to open or seal), to show what the cookies cost.
      const plainPort = await freePort();
      await configureAlb(elbow.endpoint, plainPort, targets, { name: 'bench-plain', isSticky: false });
      await waitForPort(plainPort);
      setups.push({ name: 'elbow, no sticky', port: plainPort, headers: [] });
    } catch (error) {
      notes.push(`elbow not measured: ${error.message}`);
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const setup of setups) {
        if (ONLY !== undefined && !ONLY.test(setup.name)) continue;
        const result = await measure(setup, script, targets, round === 0);
        rounds.set(setup.name, [...(rounds.get(setup.name) ?? []), result]);
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
    await Promise.all(targets.map((target) => target.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  const results = [...rounds.values()].map(medianRound);

  console.log(
    `\nGET / (fixed ${'hello from t0\n'.length}-byte body), wrk -t${WRK_THREADS} -c${CONNECTIONS} -d${DURATION_SECONDS}s, ` +
      `median of ${ROUNDS} interleaved rounds (requests/s in every round: after the table); ` +
      `HAProxy threads / nginx workers: ${PROXY_THREADS}`,
  );
  console.log('setup              requests/s   p50 ms   p99 ms   non-2xx  sock-err   served t0/t1');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(17)} ${fmt(r.rps).padStart(12)} ${fmt(r.p50Ms, 2).padStart(8)} ${fmt(r.p99Ms, 2).padStart(8)} ` +
        `${String(r.statusErrors).padStart(9)} ${String(r.socketErrors).padStart(9)}   ${r.split}`,
    );
  }
  console.log(`\nrequests/s per round: ${[...rounds].map(([name, list]) => `${name} ${list.map((r) => fmt(r.rps)).join('/')}`).join('; ')}`);
  for (const note of notes) console.log(`\n${note}`);

  const haproxy = results.find((r) => r.name === 'HAProxy');
  const elbow = results.find((r) => r.name === 'elbow');
  if (haproxy && elbow) {
    const rpsRatio = elbow.rps / haproxy.rps;
    const p99Ratio = elbow.p99Ms / haproxy.p99Ms;
    console.log(`\nelbow/HAProxy requests/s: ${fmt(rpsRatio * 100)}% (issue 4's target: at least 40%) ${rpsRatio >= 0.4 ? 'met' : 'MISSED'}`);
    console.log(`elbow/HAProxy p99:        ${fmt(p99Ratio, 2)}x (issue 4's target: under 3x) ${p99Ratio < 3 ? 'met' : 'MISSED'}`);
  }
  const bareUndici = results.find((r) => r.name === 'bare undici');
  const bareHttp = results.find((r) => r.name === 'bare node:http');
  if (haproxy && bareUndici && bareHttp) {
    console.log(
      `bare forwarders/HAProxy:  undici ${fmt((bareUndici.rps / haproxy.rps) * 100)}%, node:http ${fmt((bareHttp.rps / haproxy.rps) * 100)}% ` +
        `(undici/node:http ${fmt(bareUndici.rps / bareHttp.rps, 2)}x): the most a Node proxy on one loop reaches here`,
    );
  }
  if (elbow && bareUndici) console.log(`elbow/bare undici:        ${fmt((elbow.rps / bareUndici.rps) * 100)}% (the rest is elbow's own work per request)`);
  const haproxyDefault = results.find((r) => r.name.startsWith('HAProxy, '));
  if (haproxyDefault && elbow) {
    console.log(
      `against ${haproxyDefault.name.replace('thr', 'threads')}: requests/s ${fmt((elbow.rps / haproxyDefault.rps) * 100)}%, ` +
        `p99 ${fmt(elbow.p99Ms / haproxyDefault.p99Ms, 2)}x`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

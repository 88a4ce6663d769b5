#!/usr/bin/env node
// Benchmark (prints figures, asserts nothing): elbow's time from process start to ready, and
// DescribeTargetGroups requests/s with 50 target groups under wrk, beside moto's server on the
// same call in the same run. Needs a build (`npm run bench` does it) and wrk (apt-get install wrk).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTH, freePort, has, query } from './support.js';

const ELBOW_BIN = fileURLToPath(new URL('../emulator/bin/elbow.js', import.meta.url));
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const GROUPS = 50;
const STARTS = 7;
// moto routes on the credential scope's service; no server here checks the signature itself.

/** Spawns a server and resolves when `isReady(output)` holds; returns the process and the ms it took. */
function startProcess(command, args, isReady) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} not ready: ${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const ready = isReady(output);
      if (!ready) return;
      clearTimeout(timer);
      resolve({ child, readyMs: Number(process.hrtime.bigint() - started) / 1e6, ready });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${output}`)));
  });
}

const startElbow = () =>
  startProcess(process.execPath, [ELBOW_BIN, 'start', '--port', '0', '--memory'], (out) => /elbow ready on (\S+)/.exec(out)?.[1]);

/** The default VPC, as both elbow and moto create it for a new account (both validate VpcId). */
async function defaultVpcId(endpoint) {
  const vpcs = await query(endpoint, 'ec2', { Action: 'DescribeVpcs', Version: '2016-11-15' });
  return /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/.exec(vpcs)?.[1];
}

async function createGroups(endpoint) {
  const vpcId = await defaultVpcId(endpoint);
  for (let index = 0; index < GROUPS; index += 1) {
    await query(endpoint, 'elasticloadbalancing', {
      Action: 'CreateTargetGroup', Version: '2015-12-01', Name: `bench-${index}`, Protocol: 'HTTP', Port: '80', VpcId: vpcId,
    });
  }
  const body = await query(endpoint, 'elasticloadbalancing', { Action: 'DescribeTargetGroups', Version: '2015-12-01' });
  const count = body.split('<TargetGroupArn>').length - 1;
  if (count !== GROUPS) throw new Error(`expected ${GROUPS} groups, DescribeTargetGroups returned ${count}`);
}

function runWrk(endpoint) {
  const dir = mkdtempSync(join(tmpdir(), 'elbow-bench-'));
  const script = join(dir, 'describe.lua');
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      'wrk.body = "Action=DescribeTargetGroups&Version=2015-12-01"',
      'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"',
      `wrk.headers["Authorization"] = "${AUTH('elasticloadbalancing')}"`,
      'done = function(summary, latency, requests)',
      '  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,',
      '    latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))',
      'end',
    ].join('\n'),
  );
  try {
    const out = execFileSync('wrk', ['-t', '2', '-c', String(CONNECTIONS), '-d', `${DURATION_SECONDS}s`, '-s', script, endpoint], {
      encoding: 'utf8',
    });
    const [, requests, durationUs, p50Us, p99Us, errors] = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out).map(Number);
    return { rps: requests / (durationUs / 1e6), p50Ms: p50Us / 1000, p99Ms: p99Us / 1000, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 0) => n.toFixed(digits);

async function main() {
  if (!has('wrk')) {
    console.error('wrk is not installed: apt-get install -y wrk');
    process.exitCode = 1;
    return;
  }
  console.log(`elbow control-plane benchmark (${new Date().toISOString()}, node ${process.version})`);

  const readyTimes = [];
  for (let run = 0; run < STARTS; run += 1) {
    const { child, readyMs } = await startElbow();
    readyTimes.push(readyMs);
    child.kill('SIGTERM');
  }
  console.log(`time from process start to ready (${STARTS} starts, --memory): median ${fmt(median(readyTimes))} ms, max ${fmt(Math.max(...readyTimes))} ms`);

  const results = [];
  const elbow = await startElbow();
  try {
    await createGroups(elbow.ready);
    results.push({ name: 'elbow', ...runWrk(elbow.ready) });
  } finally {
    elbow.child.kill('SIGTERM');
  }

  if (has('moto_server')) {
    const port = await freePort();
    const moto = await startProcess('moto_server', ['-p', String(port)], (out) => out.includes('Running on') && `http://127.0.0.1:${port}`);
    try {
      await createGroups(moto.ready);
      results.push({ name: 'moto_server', ...runWrk(moto.ready) });
    } finally {
      moto.child.kill('SIGTERM');
    }
  } else {
    console.log('moto_server not found: no side-by-side figure');
  }

  console.log(`\nDescribeTargetGroups, ${GROUPS} target groups, wrk -t2 -c${CONNECTIONS} -d${DURATION_SECONDS}s`);
  console.log('server        requests/s   p50 ms   p99 ms   errors');
  for (const r of results) {
    console.log(`${r.name.padEnd(12)} ${fmt(r.rps).padStart(11)} ${fmt(r.p50Ms, 2).padStart(8)} ${fmt(r.p99Ms, 2).padStart(8)} ${String(r.errors).padStart(8)}`);
  }
  const [ours, moto] = results;
  if (moto) console.log(`\nratio elbow/moto requests/s: ${fmt(ours.rps / moto.rps, 1)}x`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

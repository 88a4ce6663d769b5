#!/usr/bin/env node
// The app-cookie investigation (examples/02-access-log-investigation): are sticky sessions really
// sticky? Three apps behind an ALB with app_cookie stickiness on the apps' own APPSESSION cookie,
// access logs on, several clients (each from its own IP address, as distinct users would be)
// keeping their cookies. Then, as one would on AWS, the answer comes from the access logs only:
// every line parsed with AWS's Athena regex, grouped by client IP into a table of requests and
// the target:port values that served them.
// Run from the repository root after `npm install && npm run build`:
//   node examples/02-access-log-investigation/investigate.mjs
// Needs Linux (clients bind 127.0.0.2, 127.0.0.3, ...: all of 127/8 is the loopback there).
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ATHENA_ALB_GROUPS, athenaAlbRegex } from './athena-alb-regex.mjs';

const CLIENT_COUNT = Number(process.env.CLIENTS ?? 5);
const REQUESTS_PER_CLIENT = Number(process.env.REQUESTS_PER_CLIENT ?? 6);
const BUCKET = 'investigation-logs';
const PREFIX = 'shop/web';
const repo = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'elbow-example-02-'));
const dataDir = join(work, 'data');
const children = [];

const step = (title) => process.stdout.write(`\n== ${title}\n`);

/** Starts a node process and resolves with the first stdout line matching `pattern`. */
async function startProcess(args, env, pattern) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${args.join(' ')} exited (${code}) before printing ${pattern}`);
  });
  const lines = createInterface({ input: child.stdout });
  const matched = (async () => {
    for await (const line of lines) {
      const match = pattern.exec(line);
      if (match !== null) return match;
    }
    return new Promise(() => {});
  })();
  const match = await Promise.race([matched, exited]);
  exited.catch(() => {});
  // Keep reading so the child never blocks on a full pipe.
  child.stdout.resume();
  return { child, match };
}

/** Stops a child with SIGTERM (elbow writes the open interval's log files then) and waits for it. */
async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** One GET from `localAddress` with the client's cookies; stores the cookies it is given. */
function get(port, localAddress, jar) {
  return new Promise((resolve, reject) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = { 'user-agent': `investigation-client/${localAddress}`, ...(cookie === '' ? {} : { cookie }) };
    const request = httpRequest({ host: '127.0.0.1', port, path: '/cart', localAddress, headers, agent: false }, (response) => {
      for (const line of response.headers['set-cookie'] ?? []) {
        const [pair, ...attributes] = line.split(/;\s*/);
        const equals = pair.indexOf('=');
        // As a browser does: a cookie whose Expires has passed (the ALB's unused AWSALBAPP-1..3) is dropped.
        const expires = attributes.find((attribute) => /^expires=/i.test(attribute));
        if (expires !== undefined && Date.parse(expires.slice('expires='.length)) <= Date.now()) jar.delete(pair.slice(0, equals));
        else jar.set(pair.slice(0, equals), pair.slice(equals + 1));
      }
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Every file under `root`, as paths relative to it. */
function filesUnder(root) {
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((path) => statSync(join(root, path)).isFile())
    .sort();
}

try {
  step('start elbow (state and logs in a temporary data directory) and three apps');
  const elbowArgs = [join(repo, 'emulator/bin/elbow.js'), 'start', '--port', '0', '--data-dir', dataDir, '--access-log-interval', '60'];
  const elbow = await startProcess(elbowArgs, {}, /^elbow ready on (\S+) \(region (\S+),/);
  const [, endpoint, region] = elbow.match;
  console.log(`elbow: ${endpoint} (data directory ${dataDir})`);
  const apps = [];
  for (const name of ['app-1', 'app-2', 'app-3']) {
    const app = await startProcess([join(repo, 'examples/apps/echo.js')], { APP_NAME: name, PORT: '0' }, /^listening on (\d+)/);
    apps.push({ name, port: Number(app.match[1]) });
    console.log(`${name}: 127.0.0.1:${app.match[1]}`);
  }

  const config = { endpoint, region, credentials: { accessKeyId: 'elbow', secretAccessKey: 'elbow' } };
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const ec2 = new EC2Client(config);

  step('an ALB, an ip target group with app_cookie stickiness on APPSESSION, access logs on');
  const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  const { LoadBalancers = [] } = await elbv2.send(new CreateLoadBalancerCommand({ Name: 'shop', Subnets: Subnets.slice(0, 2).map((subnet) => subnet.SubnetId) }));
  const loadBalancerArn = LoadBalancers[0].LoadBalancerArn;
  const { TargetGroups = [] } = await elbv2.send(new CreateTargetGroupCommand({ Name: 'shop-web', Protocol: 'HTTP', Port: 80, VpcId: Subnets[0].VpcId, TargetType: 'ip' }));
  const targetGroupArn = TargetGroups[0].TargetGroupArn;
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: apps.map((app) => ({ Id: '127.0.0.1', Port: app.port, AvailabilityZone: 'all' })) }));
  await elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: targetGroupArn,
      Attributes: [
        { Key: 'stickiness.enabled', Value: 'true' },
        { Key: 'stickiness.type', Value: 'app_cookie' },
        { Key: 'stickiness.app_cookie.cookie_name', Value: 'APPSESSION' },
        { Key: 'stickiness.app_cookie.duration_seconds', Value: '3600' },
      ],
    }),
  );
  await elbv2.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: loadBalancerArn,
      Attributes: [
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: BUCKET },
        { Key: 'access_logs.s3.prefix', Value: PREFIX },
      ],
    }),
  );
  console.log(`access logs: s3://${BUCKET}/${PREFIX}/ (files under <data-dir>/s3/${BUCKET}/${PREFIX}/)`);
  // The listener's port may be taken on this machine: the API still creates the listener, and
  // elbow's admin API says whether it is bound; move it (ModifyListener) until it is.
  let listenerPort = Number(process.env.LISTENER_PORT ?? 8080);
  const { Listeners = [] } = await elbv2.send(
    new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: listenerPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }),
  );
  const listenerArn = Listeners[0].ListenerArn;
  const listenerState = async () => ((await (await fetch(`${endpoint}/_elbow/listeners`)).json()).listeners ?? []).find((listener) => listener.listenerArn === listenerArn);
  for (let attempt = 0; (await listenerState())?.state !== 'bound'; attempt++) {
    if (attempt === 20) throw new Error('no free listener port found');
    listenerPort = randomInt(20_000, 60_000);
    await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: listenerPort }));
  }
  console.log(`listener: http://127.0.0.1:${listenerPort}/`);
  elbv2.destroy();
  ec2.destroy();

  step(`${CLIENT_COUNT} clients, each from its own address, ${REQUESTS_PER_CLIENT} requests each, keeping their cookies`);
  const clients = Array.from({ length: CLIENT_COUNT }, (_, index) => ({ address: `127.0.0.${index + 2}`, jar: new Map(), answers: [] }));
  for (let round = 0; round < REQUESTS_PER_CLIENT; round++) {
    for (const client of clients) {
      const { status, body } = await get(listenerPort, client.address, client.jar);
      if (status !== 200) throw new Error(`client ${client.address} got ${status}: ${body}`);
      client.answers.push(/^answered by (\S+)/.exec(body)?.[1] ?? '?');
    }
  }
  for (const client of clients) console.log(`${client.address}: cookies ${[...client.jar.keys()].join(', ')}`);

  step('stop elbow (it writes the open interval\'s log files) and the apps');
  for (const child of children) await stopProcess(child);
  console.log('stopped');

  step('log files found');
  const bucketDir = join(dataDir, 's3', BUCKET);
  const logFiles = filesUnder(bucketDir).filter((path) => path.endsWith('.log.gz'));
  if (logFiles.length === 0) throw new Error(`no .log.gz file under ${bucketDir}`);
  for (const file of logFiles) console.log(file);

  step("per-client target table (from the access logs, parsed with AWS's Athena regex)");
  const byClient = new Map();
  for (const file of logFiles) {
    const lines = gunzipSync(readFileSync(join(bucketDir, file))).toString('utf8').split('\n').filter((line) => line !== '');
    for (const line of lines) {
      const match = athenaAlbRegex.exec(line);
      if (match === null) throw new Error(`a line of ${file} does not match AWS's Athena regex: ${line}`);
      const clientIp = match[ATHENA_ALB_GROUPS.clientIp];
      const target = `${match[ATHENA_ALB_GROUPS.targetIp]}:${match[ATHENA_ALB_GROUPS.targetPort]}`;
      const row = byClient.get(clientIp) ?? { requests: 0, targets: new Set() };
      row.requests += 1;
      row.targets.add(target);
      byClient.set(clientIp, row);
    }
  }
  const tableRow = (clientIp, requests, targets, sticky) => `${clientIp.padEnd(12)} ${String(requests).padEnd(8)} ${targets.padEnd(22)} ${sticky}`;
  console.log(tableRow('client ip', 'requests', 'target:port', 'sticky'));
  for (const [clientIp, row] of [...byClient].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))) {
    console.log(tableRow(clientIp, row.requests, [...row.targets].join(','), row.targets.size === 1 ? 'yes' : 'no'));
  }
  const appByPort = new Map(apps.map((app) => [`127.0.0.1:${app.port}`, app.name]));
  const usedTargets = new Set([...byClient.values()].flatMap((row) => [...row.targets]));
  console.log(`targets seen: ${[...usedTargets].map((target) => `${target} (${appByPort.get(target) ?? 'unknown'})`).join(', ')}`);
} finally {
  for (const child of children) await stopProcess(child);
  rmSync(work, { recursive: true, force: true });
}

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstanceHealthCommand, ModifyLoadBalancerAttributesCommand, type AccessLog } from '@aws-sdk/client-elastic-load-balancing';
import { afterEach, describe, expect, it } from 'vitest';
import { servedBy, startClassicFixture, startInstanceServers, type ClassicFixture } from '../support/classic-fixture.js';
import type { TargetServer } from '../support/target-servers.js';

/**
 * One classic ELB access-log entry, written from /work/shared/spec/access-logs.md §3 (AWS's
 * classic guide, "Access log entries" [D2]): `timestamp elb client:port backend:port
 * request_processing_time backend_processing_time response_processing_time elb_status_code
 * backend_status_code received_bytes sent_bytes "request" "user_agent" ssl_cipher ssl_protocol`,
 * space-separated; the timestamp ISO 8601 with microseconds; processing times in seconds with
 * microsecond precision or -1; `-` for statuses of TCP/SSL lines and for a request never sent
 * to a back end; `"- - - "` as the request of TCP/SSL lines.
 */
const CLASSIC_LOG_LINE =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z) (\S+) ([0-9.]+):(\d+) (-|[0-9.]+:\d+) (-1|\d+\.\d{6}) (-1|\d+\.\d{6}) (-1|\d+\.\d{6}) (-|\d{3}) (-|\d{3}) (\d+) (\d+) "([^"]*)" "([^"]*)" (\S+) (\S+)$/;

/**
 * AWS's regular expression for Athena's classic ELB log table (`CREATE EXTERNAL TABLE IF NOT
 * EXISTS elb_logs`, 'input.regex'), from the Athena user guide "Query Classic Load Balancer
 * logs": https://docs.aws.amazon.com/athena/latest/ug/elasticloadbalancer-classic-logs.html
 * (found through the docs search; UNVERIFIED.md of packages/access-logs). The string as the DDL
 * has it, Hive escapes undone and anchored below as RegexSerDe matches whole lines. Its groups:
 * 1 timestamp, 2 elb_name, 3-4 request ip:port, 5-6 backend ip:port, 7-9 processing times,
 * 10 elb_response_code, 11 backend_response_code, 12 received_bytes, 13 sent_bytes,
 * 14 request_verb, 15 url, 16 protocol, 17 user_agent (quotes kept), 18 ssl_cipher, 19 ssl_protocol.
 */
const ATHENA_CLASSIC_INPUT_REGEX = String.raw`([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) \"([^ ]*) ([^ ]*) (- |[^ ]*)\" (\"[^\"]*\") ([A-Z0-9-]+) ([A-Za-z0-9.-]*)$`;
const athenaClassicRegex = new RegExp(`^${ATHENA_CLASSIC_INPUT_REGEX.replaceAll('\\"', '"')}`);

interface ClassicLogRow {
  timestamp: string;
  elb: string;
  client: string;
  backend: string;
  processingTimes: [string, string, string];
  elbStatusCode: string;
  backendStatusCode: string;
  receivedBytes: number;
  sentBytes: number;
  request: string;
  userAgent: string;
  sslCipher: string;
  sslProtocol: string;
}

function parseClassicLine(line: string): ClassicLogRow {
  const match = CLASSIC_LOG_LINE.exec(line);
  if (match === null) throw new Error(`not a classic access-log line (access-logs.md §3): ${line}`);
  const group = (index: number) => match[index] ?? '';
  return {
    timestamp: group(1),
    elb: group(2),
    client: `${group(3)}:${group(4)}`,
    backend: group(5),
    processingTimes: [group(6), group(7), group(8)],
    elbStatusCode: group(9),
    backendStatusCode: group(10),
    receivedBytes: Number(group(11)),
    sentBytes: Number(group(12)),
    request: group(13),
    userAgent: group(14),
    sslCipher: group(15),
    sslProtocol: group(16),
  };
}

/** Every file under `root`, as paths relative to it. */
function filesUnder(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((path) => statSync(join(root, path)).isFile()).sort();
}

/** Sends `request` over a plain TCP connection to 127.0.0.1:port and resolves with every byte received until the peer closes. */
function tcpExchange(port: number, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      socket.end();
      resolve(Buffer.concat(chunks));
    });
    socket.on('error', reject);
  });
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUCKET = 'classic-logs';
// Health checks run 20 times faster, so the instances are InService in a fraction of a second.
const CLOCK_SPEED = 20;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A classic load balancer with an HTTP listener on 80 and a TCP listener on 8443 to two instances, state under a fresh data directory. */
async function classicWithDataDir(name: string, accessLogIntervalSeconds?: number): Promise<{ classic: ClassicFixture; servers: TargetServer[]; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'elbow-classic-logs-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const servers = await startInstanceServers(2);
  cleanups.push(() => Promise.all(servers.map((server) => server.close())).then(() => undefined));
  const classic = await startClassicFixture({
    name,
    listeners: [
      { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP' },
      { Protocol: 'TCP', LoadBalancerPort: 8443, InstanceProtocol: 'TCP' },
    ],
    instances: servers,
    elbow: { memory: false, dataDir, clockSpeed: CLOCK_SPEED, ...(accessLogIntervalSeconds === undefined ? {} : { accessLogIntervalSeconds }) },
  });
  cleanups.push(() => classic.stop());
  return { classic, servers, dataDir };
}

async function enableAccessLog(classic: ClassicFixture, accessLog: AccessLog): Promise<void> {
  const { LoadBalancerAttributes } = await classic.elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerName: classic.loadBalancerName, LoadBalancerAttributes: { AccessLog: accessLog } }));
  expect(LoadBalancerAttributes?.AccessLog).toEqual(accessLog);
}

/** Polls DescribeInstanceHealth (state, not time) until every registered instance is InService: only those get requests. */
async function untilInService(classic: ClassicFixture): Promise<void> {
  for (;;) {
    const { InstanceStates = [] } = await classic.elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: classic.loadBalancerName }));
    if (InstanceStates.length > 0 && InstanceStates.every((state) => state.State === 'InService')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('classic ELB access logs through real HTTP and TCP', () => {
  it('write one plain-text line per HTTP request and TCP connection, in files named and placed as AWS does', { timeout: 60_000 }, async () => {
    const { classic, servers, dataDir } = await classicWithDataDir('classic-logged', 1);
    await enableAccessLog(classic, { Enabled: true, S3BucketName: BUCKET, EmitInterval: 5, S3BucketPrefix: 'edge/classic' });
    await untilInService(classic);

    const postBody = 'hello classic access log';
    const posted = await classic.send(80, '/orders?id=7', { method: 'POST', body: postBody, headers: { 'user-agent': 'classic-client/1.0', 'content-type': 'text/plain' } });
    expect(posted.status).toBe(200);
    const fetched = await classic.send(80, '/status', { headers: { 'user-agent': 'classic-client/1.0' } });
    expect(fetched.status).toBe(200);
    const tcpRequest = 'GET /over-tcp HTTP/1.1\r\nHost: relay.example\r\nUser-Agent: tcp-client\r\nConnection: close\r\n\r\n';
    const tcpAnswer = await tcpExchange(classic.portOf(8443), tcpRequest);
    expect(tcpAnswer.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // Stopped at once: the TCP connection may still be closing on elbow's side; its line is kept.
    await classic.stop();

    const bucketDir = join(dataDir, 's3', BUCKET);
    const testFile = `edge/classic/AWSLogs/${ACCOUNT}/ELBAccessLogTestFile`;
    expect(readFileSync(join(bucketDir, testFile), 'utf8')).toMatch(/^Enable AccessLog for ELB: classic-logged at \S+Z\n$/);
    const files = filesUnder(bucketDir).filter((file) => file !== testFile);
    expect(files.length).toBeGreaterThan(0);
    // access-logs.md §3 [D2]: plain `.log`, the load balancer's name (not app.<name>.<id>).
    const layout = new RegExp(
      `^edge/classic/AWSLogs/${ACCOUNT}/elasticloadbalancing/${REGION}/(\\d{4})/(\\d{2})/(\\d{2})/${ACCOUNT}_elasticloadbalancing_${REGION}_classic-logged_(\\d{8})T\\d{4}Z_127\\.0\\.0\\.1_[a-z0-9]{8}\\.log$`,
    );
    for (const file of files) {
      const match = layout.exec(file);
      expect(match, file).not.toBeNull();
      expect(`${match?.[1]}${match?.[2]}${match?.[3]}`).toBe(match?.[4]);
    }

    // Plain text: no gzip magic number, one line per entry.
    const contents = files.map((file) => readFileSync(join(bucketDir, file)));
    for (const content of contents) expect(content.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    const lines = contents.flatMap((content) => content.toString('utf8').split('\n').filter((line) => line !== ''));
    const rows = lines.map(parseClassicLine);
    expect(rows, JSON.stringify(rows, null, 1)).toHaveLength(3);
    // AWS's own Athena table reads every line, and its columns say what the spec's fields say.
    for (const [index, line] of lines.entries()) {
      const athena = athenaClassicRegex.exec(line);
      expect(athena, line).not.toBeNull();
      const row = rows[index];
      expect(athena?.slice(1, 3)).toEqual([row?.timestamp, row?.elb]);
      expect(`${athena?.[3]}:${athena?.[4]}`).toBe(row?.client);
      expect(`${athena?.[5]}:${athena?.[6]}`).toBe(row?.backend);
      expect(athena?.slice(10, 14)).toEqual([row?.elbStatusCode, row?.backendStatusCode, String(row?.receivedBytes), String(row?.sentBytes)]);
      expect(`${athena?.[14]} ${athena?.[15]} ${athena?.[16]}`).toBe(row?.request);
      expect(athena?.[17]).toBe(`"${row?.userAgent}"`);
    }
    const instanceAddresses = servers.map((server) => `${server.host}:${server.port}`);

    const postRow = rows.find((row) => row.request.includes('/orders'));
    expect(postRow).toMatchObject({
      elb: 'classic-logged',
      elbStatusCode: '200',
      backendStatusCode: '200',
      // HTTP listeners count bodies only [D2].
      receivedBytes: Buffer.byteLength(postBody),
      sentBytes: Buffer.byteLength(posted.body),
      // The request names the listener's LoadBalancerPort (80), as [D2]'s `http://www.example.com:80/`.
      request: 'POST http://127.0.0.1:80/orders?id=7 HTTP/1.1',
      userAgent: 'classic-client/1.0',
      sslCipher: '-',
      sslProtocol: '-',
    });
    expect(postRow?.client).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(instanceAddresses).toContain(postRow?.backend);
    expect(postRow?.backend.startsWith(`${servers.find((server) => server.name === servedBy(posted))?.host}:`)).toBe(true);
    for (const time of postRow?.processingTimes ?? []) expect(time).toMatch(/^\d+\.\d{6}$/);

    const getRow = rows.find((row) => row.request.includes('/status'));
    expect(getRow).toMatchObject({ elbStatusCode: '200', backendStatusCode: '200', receivedBytes: 0, sentBytes: Buffer.byteLength(fetched.body), request: 'GET http://127.0.0.1:80/status HTTP/1.1' });

    // TCP listeners: statuses `-`, request `"- - - "`, user agent `"-"`, and every byte counted [D2].
    const tcpRow = rows.find((row) => row.request === '- - - ');
    expect(tcpRow).toMatchObject({
      elb: 'classic-logged',
      elbStatusCode: '-',
      backendStatusCode: '-',
      receivedBytes: Buffer.byteLength(tcpRequest),
      sentBytes: tcpAnswer.length,
      userAgent: '-',
      sslCipher: '-',
      sslProtocol: '-',
    });
    expect(instanceAddresses).toContain(tcpRow?.backend);
    // The raw TCP line as AWS's example shows it: `... - - <received> <sent> "- - - " "-" - -`.
    const tcpLine = contents.map((content) => content.toString('utf8')).join('').split('\n').find((line) => line.includes('"- - - "'));
    expect(tcpLine).toMatch(new RegExp(` - - ${Buffer.byteLength(tcpRequest)} ${tcpAnswer.length} "- - - " "-" - -$`));

    // Entries are stamped when the request was received, in the order requests came in.
    const byTime = [...rows].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    expect(byTime.map((row) => row.request.split(' ')[1] ?? row.request)).toEqual([
      'http://127.0.0.1:80/orders?id=7',
      'http://127.0.0.1:80/status',
      '-',
    ]);
  });

  it("cover EmitInterval minutes per file when --access-log-interval is not given: the file's end time is on a 5-minute boundary", { timeout: 60_000 }, async () => {
    const { classic, dataDir } = await classicWithDataDir('classic-five');
    await enableAccessLog(classic, { Enabled: true, S3BucketName: BUCKET, EmitInterval: 5 });
    await untilInService(classic);
    const sentAtMs = Date.now();
    expect((await classic.send(80, '/')).status).toBe(200);
    await classic.stop();

    const bucketDir = join(dataDir, 's3', BUCKET);
    // No prefix: AWSLogs/ at the bucket's root [D2].
    const files = filesUnder(bucketDir).filter((file) => file.endsWith('.log'));
    expect(files).toHaveLength(1);
    const match = new RegExp(`^AWSLogs/${ACCOUNT}/elasticloadbalancing/${REGION}/\\d{4}/\\d{2}/\\d{2}/${ACCOUNT}_elasticloadbalancing_${REGION}_classic-five_(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})Z_127\\.0\\.0\\.1_[a-z0-9]{8}\\.log$`).exec(files[0] ?? '');
    expect(match, files[0]).not.toBeNull();
    const [, year, month, day, hour, minute] = (match ?? []).map(Number);
    expect(minute! % 5).toBe(0);
    // The interval ending at the file's end time holds the request: (end - 5 min, end].
    const endMs = Date.UTC(year!, month! - 1, day, hour, minute);
    expect(endMs - 5 * 60_000).toBeLessThanOrEqual(sentAtMs);
    expect(endMs).toBeGreaterThanOrEqual(sentAtMs);
    const [row] = readFileSync(join(bucketDir, files[0] ?? ''), 'utf8').split('\n').filter((line) => line !== '').map(parseClassicLine);
    expect(row).toMatchObject({ elb: 'classic-five', elbStatusCode: '200', request: 'GET http://127.0.0.1:80/ HTTP/1.1' });
  });
});

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomInt } from 'node:crypto';
import {
  CreateListenerCommand,
  CreateRuleCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { listenerStates, startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';
import { startMotoS3, type MotoS3 } from '../support/moto-s3.js';
import { startTargetServers, type TargetServer } from '../support/target-servers.js';
import { athenaAlbRegex } from '../support/athena-alb-regex.js';

/** The Athena table's columns, in the regex's group order. */
interface AthenaRow {
  type: string;
  elb: string;
  clientIp: string;
  target: string;
  times: [string, string, string];
  elbStatusCode: string;
  targetStatusCode: string;
  requestVerb: string;
  requestUrl: string;
  userAgent: string;
  sslCipher: string;
  sslProtocol: string;
  targetGroupArn: string;
  domainName: string;
  chosenCertArn: string;
  matchedRulePriority: string;
  actionsExecuted: string;
  redirectUrl: string;
  targetPortList: string;
  connTraceId: string;
}

function parseLine(line: string): AthenaRow {
  const match = athenaAlbRegex.exec(line);
  if (match === null) throw new Error(`line does not match AWS's Athena regex: ${line}`);
  const group = (index: number) => match[index] ?? '';
  return {
    type: group(1),
    elb: group(3),
    clientIp: group(4),
    target: group(6) === '' && group(7) === '' ? '-' : `${group(6)}:${group(7)}`,
    times: [group(8), group(9), group(10)],
    elbStatusCode: group(11),
    targetStatusCode: group(12),
    requestVerb: group(15),
    requestUrl: group(16),
    userAgent: group(18),
    sslCipher: group(19),
    sslProtocol: group(20),
    targetGroupArn: group(21),
    domainName: group(23),
    chosenCertArn: group(24),
    matchedRulePriority: group(25),
    actionsExecuted: group(27),
    redirectUrl: group(28),
    targetPortList: group(30),
    connTraceId: group(34),
  };
}

/** Every file under `root`, as paths relative to it. */
function filesUnder(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((path) => statSync(join(root, path)).isFile()).sort();
}

/** A browser-like client: its own User-Agent, and the cookies it was given sent back. */
class Client {
  readonly jar = new Map<string, string>();
  constructor(
    readonly name: string,
    private readonly alb: AlbFixture,
  ) {}

  async get(path: string): Promise<number> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const answer = await this.alb.send(path, { headers: { 'User-Agent': this.name, ...(cookie === '' ? {} : { Cookie: cookie }) } });
    for (const [name, value] of answer.rawHeaders) {
      if (name.toLowerCase() !== 'set-cookie') continue;
      const pair = value.split(';')[0] ?? '';
      const equals = pair.indexOf('=');
      const cookieValue = pair.slice(equals + 1);
      if (cookieValue === '_remove_') this.jar.delete(pair.slice(0, equals));
      else this.jar.set(pair.slice(0, equals), cookieValue);
    }
    return answer.status;
  }
}

/** Targets that start an app session (as an app behind an ALB would) for requests without one. */
async function appTargets(): Promise<TargetServer[]> {
  const servers = await startTargetServers(3);
  for (const server of servers) {
    server.setCookies = (request) => (/(^|;\s*)APP_SESSION=/.test(request.headers.cookie ?? '') ? [] : [`APP_SESSION=${server.name}; Path=/`]);
  }
  return servers;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function albWithAccessLogs(options: { dataDir: string; prefix: string; s3Endpoint?: string }) {
  const servers = await appTargets();
  cleanups.push(() => Promise.all(servers.map((server) => server.close())).then(() => undefined));
  const alb = await startAlbFixture({
    targets: servers,
    stickiness: 'app_cookie',
    appCookieName: 'APP_SESSION',
    elbow: { dataDir: options.dataDir, accessLogIntervalSeconds: 1, ...(options.s3Endpoint === undefined ? {} : { s3Endpoint: options.s3Endpoint }) },
  });
  cleanups.push(() => alb.stop());
  // Nothing is written while the load balancer's access logs are off.
  expect(existsSync(join(options.dataDir, 's3', 'elbow-logs'))).toBe(false);
  await alb.elbv2.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: alb.loadBalancerArn,
      Attributes: [
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: 'elbow-logs' },
        { Key: 'access_logs.s3.prefix', Value: options.prefix },
      ],
    }),
  );
  expect(alb.elbow.requestRecords.hasListeners()).toBe(true);
  return { alb, servers };
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

describe('ALB access logs through real HTTP', () => {
  it('show each sticky (app_cookie) client on one target:port, in gzipped files named and placed as AWS does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbow-access-logs-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { alb, servers } = await albWithAccessLogs({ dataDir, prefix: 'team/web' });
    const emptyGroupArn = await alb.createTargetGroup('empty', []);
    const rule = (Priority: number, path: string, action: Action[]) =>
      alb.elbv2.send(new CreateRuleCommand({ ListenerArn: alb.listenerArn, Priority, Conditions: [{ Field: 'path-pattern', Values: [path] }], Actions: action }));
    await rule(10, '/old', [{ Type: 'redirect', RedirectConfig: { Path: '/new', StatusCode: 'HTTP_301' } }]);
    await rule(20, '/teapot', [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain', MessageBody: 'short and stout' } }]);
    await rule(30, '/nobody', [{ Type: 'forward', TargetGroupArn: emptyGroupArn }]);

    const clients = ['client-a', 'client-b', 'client-c', 'client-d'].map((name) => new Client(name, alb));
    for (let round = 0; round < 5; round++) {
      for (const client of clients) expect(await client.get(`/page/${round}`)).toBe(200);
    }
    expect(await clients[0]?.get('/old')).toBe(301);
    expect(await clients[0]?.get('/teapot')).toBe(418);
    expect(await clients[0]?.get('/nobody')).toBe(503);
    await alb.stop();

    const bucketDir = join(dataDir, 's3', 'elbow-logs');
    // Enabling wrote AWS's test object beside the logs (ALB guide, "Verify bucket permissions").
    const testFile = `team/web/AWSLogs/${ACCOUNT}/ELBAccessLogTestFile`;
    expect(readFileSync(join(bucketDir, testFile), 'utf8')).toMatch(/^Enable AccessLog for ELB: alb-\w+ at \S+Z\n$/);
    const files = filesUnder(bucketDir).filter((file) => file !== testFile);
    expect(files.length).toBeGreaterThan(0);
    const loadBalancerId = alb.loadBalancerArn.split('/').slice(-2).join('.');
    const layout = new RegExp(
      `^team/web/AWSLogs/${ACCOUNT}/elasticloadbalancing/${REGION}/(\\d{4})/(\\d{2})/(\\d{2})/${ACCOUNT}_elasticloadbalancing_${REGION}_app\\.${loadBalancerId.replace('.', '\\.')}_(\\d{8})T\\d{4}Z_127\\.0\\.0\\.1_[a-z0-9]{8}\\.log\\.gz$`,
    );
    for (const file of files) {
      const match = layout.exec(file);
      expect(match, file).not.toBeNull();
      // The date folders and the end time name the same UTC day.
      expect(`${match?.[1]}${match?.[2]}${match?.[3]}`).toBe(match?.[4]);
    }

    const rows = files.flatMap((file) =>
      gunzipSync(readFileSync(join(bucketDir, file)))
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map(parseLine),
    );
    expect(rows).toHaveLength(clients.length * 5 + 3);
    const targetPorts = new Set(servers.map((server) => `127.0.0.1:${server.port}`));
    for (const client of clients) {
      const served = rows.filter((row) => row.userAgent === client.name && row.requestUrl.includes('/page/'));
      expect(served).toHaveLength(5);
      const targets = new Set(served.map((row) => row.target));
      expect(targets.size, `${client.name} was served by ${[...targets].join(', ')}`).toBe(1);
      expect(targetPorts.has([...targets][0] ?? '')).toBe(true);
      for (const row of served) {
        expect(row).toMatchObject({ type: 'http', elbStatusCode: '200', targetStatusCode: '200', requestVerb: 'GET', actionsExecuted: 'forward', matchedRulePriority: '0', targetGroupArn: alb.targetGroupArn });
        expect(row.elb).toBe(alb.loadBalancerArn.slice(alb.loadBalancerArn.indexOf('loadbalancer/') + 'loadbalancer/'.length));
        expect(row.targetPortList).toBe(row.target);
        expect(row.requestUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${alb.listenerPort}/page/\\d$`));
        expect(row.times.every((time) => /^\d+\.\d{3}$/.test(time))).toBe(true);
      }
    }
    // Round robin gave the four new sessions more than one target.
    expect(new Set(rows.filter((row) => row.requestUrl.includes('/page/')).map((row) => row.target)).size).toBeGreaterThan(1);

    const byPath = (path: string) => rows.find((row) => row.requestUrl.endsWith(path));
    expect(byPath('/old')).toMatchObject({
      target: '-',
      times: ['-1', '-1', '-1'],
      elbStatusCode: '301',
      targetStatusCode: '-',
      targetGroupArn: '-',
      matchedRulePriority: '10',
      actionsExecuted: 'redirect',
      redirectUrl: `http://127.0.0.1:${alb.listenerPort}/new`,
      targetPortList: '-',
    });
    expect(byPath('/teapot')).toMatchObject({ target: '-', elbStatusCode: '418', targetStatusCode: '-', matchedRulePriority: '20', actionsExecuted: 'fixed-response', redirectUrl: '-' });
    expect(byPath('/nobody')).toMatchObject({ target: '-', times: ['-1', '-1', '-1'], elbStatusCode: '503', targetStatusCode: '-', matchedRulePriority: '30', actionsExecuted: 'forward', targetGroupArn: emptyGroupArn });
  });

  it('write TLS facts of HTTPS requests and WebSocket upgrades as ws lines', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbow-access-logs-tls-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { alb } = await albWithAccessLogs({ dataDir, prefix: '' });
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/3dcb0a41-bd72-4774-9ad9-756919c40557';
    const { Listeners } = await alb.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: alb.loadBalancerArn,
        Protocol: 'HTTPS',
        Port: randomInt(20000, 60000),
        Certificates: [{ CertificateArn: certificateArn }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: alb.targetGroupArn }],
      }),
    );
    const httpsListenerArn = Listeners?.[0]?.ListenerArn ?? '';
    let state = (await listenerStates(alb.elbow)).find((listener) => listener.listenerArn === httpsListenerArn);
    for (let attempt = 0; state?.state !== 'bound' && attempt < 20; attempt++) {
      await alb.elbv2.send(new ModifyListenerCommand({ ListenerArn: httpsListenerArn, Port: randomInt(20000, 60000) }));
      state = (await listenerStates(alb.elbow)).find((listener) => listener.listenerArn === httpsListenerArn);
    }
    const httpsPort = Number(state?.boundAddress?.split(':').pop());
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', servername: 'localhost', port: httpsPort, path: '/secure', rejectUnauthorized: false, agent: false, headers: { 'User-Agent': 'tls-client' } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(200);
    // The echo targets decline the upgrade: the connection is still logged once, as ws.
    const upgradeStatus = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: alb.port, path: '/ws', agent: false, headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'User-Agent': 'ws-client' } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end();
    });
    expect(upgradeStatus).toBe(200);
    await alb.stop();

    const bucketDir = join(dataDir, 's3', 'elbow-logs');
    const files = filesUnder(bucketDir).filter((file) => !file.endsWith('/ELBAccessLogTestFile'));
    // No prefix: AWSLogs/ at the bucket's root [D1].
    for (const file of files) expect(file.startsWith(`AWSLogs/${ACCOUNT}/elasticloadbalancing/${REGION}/`)).toBe(true);
    const rows = files.flatMap((file) => gunzipSync(readFileSync(join(bucketDir, file))).toString('utf8').split('\n').filter((line) => line !== '').map(parseLine));
    const tlsRow = rows.find((row) => row.userAgent === 'tls-client');
    expect(tlsRow).toMatchObject({ type: 'https', domainName: 'localhost', chosenCertArn: certificateArn, elbStatusCode: '200' });
    expect(tlsRow?.requestUrl).toBe(`https://127.0.0.1:${httpsPort}/secure`);
    expect(tlsRow?.sslProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(tlsRow?.sslCipher).toMatch(/^[A-Z0-9_-]+$/);
    expect(tlsRow?.connTraceId).toMatch(/^TID_[0-9a-f]{32}$/);
    const wsRow = rows.find((row) => row.userAgent === 'ws-client');
    expect(wsRow).toMatchObject({ type: 'ws', elbStatusCode: '200', targetStatusCode: '200', sslCipher: '-', sslProtocol: '-', domainName: '-', chosenCertArn: '-' });
  });

  it('never writes outside the data directory for a prefix that climbs out (../..)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'elbow-access-logs-parent-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const dataDir = join(parent, 'data');
    // The control plane takes the prefix (AWS refuses only `AWSLogs` in it; UNVERIFIED.md of packages/access-logs).
    const { alb } = await albWithAccessLogs({ dataDir, prefix: '../../../escaped' });
    const prefixes: (string | undefined)[] = [];
    alb.elbow.requestRecords.subscribe((record) => prefixes.push(record.accessLog?.prefix));
    expect(await new Client('client', alb).get('/')).toBe(200);
    await alb.stop();
    // The writer had a line for <data-dir>/s3/elbow-logs/../../../escaped/AWSLogs/... = <parent>/escaped/...
    expect(prefixes).toEqual(['../../../escaped']);
    // ... and wrote nothing: nothing beside the data directory, no log file inside it.
    expect(readdirSync(parent).filter((name) => name !== 'data')).toEqual([]);
    expect(filesUnder(parent).filter((path) => path.includes('AWSLogs'))).toEqual([]);
  });
});

describe('ALB access logs uploaded to an S3-compatible store (--s3-endpoint)', () => {
  let moto: MotoS3 | undefined;

  it('puts each interval\'s gzipped file into the bucket under AWS\'s key', async () => {
    moto = await startMotoS3();
    const store = moto;
    cleanups.push(() => store.stop());
    const s3 = new S3Client({ endpoint: store.endpoint, region: REGION, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    cleanups.push(() => s3.destroy());
    await s3.send(new CreateBucketCommand({ Bucket: 'elbow-logs' }));
    const dataDir = mkdtempSync(join(tmpdir(), 'elbow-access-logs-s3-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { alb } = await albWithAccessLogs({ dataDir, prefix: 'uploads', s3Endpoint: store.endpoint });
    const client = new Client('uploader', alb);
    for (let request = 0; request < 3; request++) expect(await client.get('/')).toBe(200);
    await alb.stop();

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'elbow-logs' }));
    const allKeys = (listed.Contents ?? []).map((object) => object.Key ?? '');
    expect(allKeys).toContain(`uploads/AWSLogs/${ACCOUNT}/ELBAccessLogTestFile`);
    const keys = allKeys.filter((key) => !key.endsWith('/ELBAccessLogTestFile'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(new RegExp(`^uploads/AWSLogs/${ACCOUNT}/elasticloadbalancing/${REGION}/\\d{4}/\\d{2}/\\d{2}/${ACCOUNT}_elasticloadbalancing_${REGION}_app\\..+_\\d{8}T\\d{4}Z_127\\.0\\.0\\.1_[a-z0-9]{8}\\.log\\.gz$`));
    const lines: string[] = [];
    for (const key of keys) {
      const object = await s3.send(new GetObjectCommand({ Bucket: 'elbow-logs', Key: key }));
      const body = Buffer.from(await (object.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
      lines.push(...gunzipSync(body).toString('utf8').split('\n').filter((line) => line !== ''));
    }
    expect(lines.map(parseLine).map((row) => row.userAgent)).toEqual(['uploader', 'uploader', 'uploader']);
    // Nothing was written locally when logs go to S3.
    expect(filesUnder(dataDir).filter((path) => path.includes('AWSLogs'))).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { sendHttp, type ListenerState } from '../support/alb-fixture.js';
import { defaultVpc } from '../support/default-vpc.js';
import { ELBOW_BIN, startElbowProcess, type ElbowProcess } from '../support/elbow-process.js';
import { startTargetServer, type TargetServer } from '../support/target-servers.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function boundPort(elbow: ElbowProcess, client: ElasticLoadBalancingV2Client, listenerArn: string): Promise<number> {
  const state = async () => ((await (await fetch(`${elbow.endpoint}/_elbow/listeners`)).json()) as { listeners: ListenerState[] }).listeners.find((listener) => listener.listenerArn === listenerArn);
  let current = await state();
  for (let attempt = 0; current?.state !== 'bound' && attempt < 20; attempt++) {
    await client.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Port: randomInt(20000, 60000) }));
    current = await state();
  }
  return Number(current?.boundAddress?.split(':').pop());
}

describe('elbow start and access logs', () => {
  it('refuses an --s3-endpoint that is not an http(s) URL with one line', () => {
    const result = spawnSync(process.execPath, [ELBOW_BIN, 'start', '--port', '0', '--memory', '--s3-endpoint', 'ftp://example.com'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("elbow: --s3-endpoint must be an http:// or https:// URL, got 'ftp://example.com'\n");
  });

  it('writes the access logs of an interval still open when the process gets SIGTERM (--access-log-interval)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbow-access-log-cli-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const target: TargetServer = await startTargetServer('cli-target');
    cleanups.push(() => target.close());
    const elbow = await startElbowProcess(['--port', '0', '--memory', '--data-dir', dataDir, '--access-log-interval', '3600']);
    cleanups.push(() => elbow.stop('SIGKILL'));
    const client = new ElasticLoadBalancingV2Client({ endpoint: elbow.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    cleanups.push(() => client.destroy());
    const { vpcId, subnetIds } = await defaultVpc(elbow);
    const loadBalancerArn = (await client.send(new CreateLoadBalancerCommand({ Name: 'cli-logs', Subnets: subnetIds.slice(0, 2) }))).LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const targetGroupArn = (await client.send(new CreateTargetGroupCommand({ Name: 'cli-logs', Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups?.[0]?.TargetGroupArn ?? '';
    await client.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: target.host, Port: target.port, AvailabilityZone: 'all' }] }));
    const listenerArn =
      (await client.send(new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: randomInt(20000, 60000), DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] })))
        .Listeners?.[0]?.ListenerArn ?? '';
    const port = await boundPort(elbow, client, listenerArn);
    await client.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: loadBalancerArn,
        Attributes: [
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: 'cli-logs' },
        ],
      }),
    );
    expect((await sendHttp(port, '/from-cli', { headers: { 'User-Agent': 'cli-client' } })).status).toBe(200);
    expect(await elbow.stop('SIGTERM')).toBe(0);

    const bucketDir = join(dataDir, 's3', 'cli-logs');
    const files = (readdirSync(bucketDir, { recursive: true }) as string[]).filter((path) => statSync(join(bucketDir, path)).isFile() && !path.endsWith('ELBAccessLogTestFile'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^AWSLogs\/123456789012\/elasticloadbalancing\/us-east-1\/\d{4}\/\d{2}\/\d{2}\/123456789012_elasticloadbalancing_us-east-1_app\.cli-logs\.[0-9a-f]{16}_\d{8}T\d{2}00Z_127\.0\.0\.1_[a-z0-9]{8}\.log\.gz$/);
    const lines = gunzipSync(readFileSync(join(bucketDir, files[0] ?? ''))).toString('utf8').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^http \S+ app\/cli-logs\/[0-9a-f]{16} 127\.0\.0\.1:\d+ 127\.0\.0\.1:\d+ .* "GET http:\/\/127\.0\.0\.1:\d+\/from-cli HTTP\/1\.1" "cli-client" /);
  });
});

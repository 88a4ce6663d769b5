import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CreateTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowProcess, type ElbowProcess } from '../support/elbow-process.js';
import { defaultVpc } from '../support/default-vpc.js';

const running: ElbowProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(args: string[], cwd?: string): Promise<{ elbowProcess: ElbowProcess; client: ElasticLoadBalancingV2Client }> {
  const elbowProcess = await startElbowProcess(args, { cwd });
  running.push(elbowProcess);
  const client = new ElasticLoadBalancingV2Client({
    endpoint: elbowProcess.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return { elbowProcess, client };
}

describe('elbow start', () => {
  it('keeps target groups, ARNs, attributes and tags across a restart on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbow-restart-'));
    dirs.push(dataDir);
    const first = await start(['--port', '0', '--data-dir', dataDir]);
    expect(first.elbowProcess.readyLine).toContain(join(dataDir, 'elbow.sqlite'));
    const { vpcId } = await defaultVpc(first.elbowProcess);
    for (const name of ['blue', 'green']) {
      await first.client.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId, Tags: [{ Key: 'color', Value: name }] }));
    }
    const before = await first.client.send(new DescribeTargetGroupsCommand({}));
    const blueArn = before.TargetGroups!.find((g) => g.TargetGroupName === 'blue')!.TargetGroupArn!;
    await first.client.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: blueArn,
        Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }, { Key: 'stickiness.lb_cookie.duration_seconds', Value: '86500' }],
      }),
    );
    const attributesBefore = await first.client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: blueArn }));
    first.client.destroy();
    expect(await first.elbowProcess.stop('SIGTERM')).toBe(0);

    const second = await start(['--port', '0', '--data-dir', dataDir]);
    const after = await second.client.send(new DescribeTargetGroupsCommand({}));
    expect(after.TargetGroups).toEqual(before.TargetGroups);
    const attributesAfter = await second.client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: blueArn }));
    expect(attributesAfter.Attributes).toEqual(attributesBefore.Attributes);
    expect(attributesAfter.Attributes).toContainEqual({ Key: 'stickiness.lb_cookie.duration_seconds', Value: '86500' });
    const tags = await second.client.send(new DescribeTagsCommand({ ResourceArns: [blueArn] }));
    expect(tags.TagDescriptions?.[0]?.Tags).toEqual([{ Key: 'color', Value: 'blue' }]);
    second.client.destroy();
  });

  it('keeps nothing on disk with --memory, and answers health and reset on its admin API', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'elbow-memory-'));
    dirs.push(workDir);
    const { elbowProcess, client } = await start(['--port', '0', '--memory'], workDir);
    expect(elbowProcess.readyLine).toContain(':memory:');
    const health = await fetch(`${elbowProcess.endpoint}/_elbow/health`);
    expect(health.status).toBe(200);
    const { vpcId } = await defaultVpc(elbowProcess);
    await client.send(new CreateTargetGroupCommand({ Name: 'wiped', Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
    const reset = await fetch(`${elbowProcess.endpoint}/_elbow/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    const { TargetGroups } = await client.send(new DescribeTargetGroupsCommand({}));
    expect(TargetGroups).toEqual([]);
    client.destroy();
    expect(await elbowProcess.stop('SIGINT')).toBe(0);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('takes its options from ELBOW_* environment variables, flags winning', async () => {
    const elbowProcess = await startElbowProcess(['--port', '0'], { env: { ELBOW_MEMORY: 'true', ELBOW_REGION: 'eu-west-1', ELBOW_PORT: '1' } });
    running.push(elbowProcess);
    expect(elbowProcess.readyLine).toContain('region eu-west-1');
    expect(elbowProcess.readyLine).toContain(':memory:');
  });

  it('refuses an unknown flag with exit code 2 and a message naming it', async () => {
    await expect(startElbowProcess(['--prot', '80'])).rejects.toThrow(/unknown option '--prot'/);
  });
});

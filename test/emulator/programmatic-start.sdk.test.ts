import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateTargetGroupCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbow, type RunningElbow } from 'elbow';
import { defaultVpc } from '../support/default-vpc.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof startElbow>[0]): Promise<RunningElbow> {
  const elbow = await startElbow(options);
  cleanups.push(() => elbow.stop());
  return elbow;
}

function clientAs(elbow: RunningElbow, accessKeyId: string): ElasticLoadBalancingV2Client {
  const client = new ElasticLoadBalancingV2Client({ endpoint: elbow.endpoint, region: elbow.region, credentials: { accessKeyId, secretAccessKey: 'any' }, maxAttempts: 1 });
  cleanups.push(() => client.destroy());
  return client;
}

describe('startElbow() for test suites', () => {
  it('with no options listens on a free port, keeps state in memory and hands out what a client needs', async () => {
    const elbow = await started({ logLevel: 'silent' });
    expect(elbow.storeLocation).toBe(':memory:');
    expect(elbow.port).toBeGreaterThan(0);
    expect(elbow.endpoint).toBe(`http://127.0.0.1:${elbow.port}`);
    expect({ region: elbow.region, accountId: elbow.accountId, credentials: elbow.credentials }).toEqual({
      region: 'us-east-1',
      accountId: '123456789012',
      credentials: { accessKeyId: 'elbow', secretAccessKey: 'elbow' },
    });
    const client = clientAs(elbow, elbow.credentials.accessKeyId);
    expect((await client.send(new DescribeTargetGroupsCommand({}))).TargetGroups).toEqual([]);
    // Two emulators side by side: each got its own port.
    const other = await started({ logLevel: 'silent' });
    expect(other.port).not.toBe(elbow.port);
  });

  it('a dataDir without memory keeps state in that directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'elbow-programmatic-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const elbow = await started({ logLevel: 'silent', dataDir });
    expect(elbow.storeLocation).toBe(join(dataDir, 'elbow.sqlite'));
  });

  it('stop() is idempotent and the endpoint refuses connections afterwards', async () => {
    const elbow = await startElbow({ logLevel: 'silent' });
    await elbow.stop();
    await elbow.stop();
    await expect(fetch(`${elbow.endpoint}/_elbow/health`)).rejects.toThrow();
  });
});

describe('a 12-digit access key id selects the account', () => {
  it('two suites sharing one emulator, each with its own account, keep separate state without resets', async () => {
    const elbow = await started({ logLevel: 'silent' });
    const suites = ['111111111111', '222222222222'].map((accountId) => ({ accountId, client: clientAs(elbow, accountId) }));
    await Promise.all(
      suites.map(async ({ accountId, client }) => {
        const { vpcId } = await defaultVpc({ endpoint: elbow.endpoint, region: elbow.region, credentials: { accessKeyId: accountId, secretAccessKey: 'any' } });
        // The same name in both accounts: no conflict, each group is its account's.
        await client.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
      }),
    );
    for (const { accountId, client } of suites) {
      const groups = (await client.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
      expect(groups.map((group) => group.TargetGroupArn)).toEqual([expect.stringMatching(new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:${accountId}:targetgroup/web/[0-9a-f]{16}$`))]);
    }
    // Any other access key id is the default account, which has none of them.
    expect((await clientAs(elbow, 'AKIAEXAMPLE').send(new DescribeTargetGroupsCommand({}))).TargetGroups).toEqual([]);
    expect((await clientAs(elbow, '12345').send(new DescribeTargetGroupsCommand({}))).TargetGroups).toEqual([]);
  });
});

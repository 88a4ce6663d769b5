import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';

const elbows: ElbowUnderTest[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(elbows.splice(0).map((elbow) => elbow.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'elbow-bootstrap-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'elbow.yaml'), text);
  return join(dir, 'elbow.yaml');
}

/** Target group names a caller of this account and region sees. */
async function targetGroupNames(elbow: ElbowUnderTest, region: string, accessKeyId: string): Promise<string[]> {
  const client = new ElasticLoadBalancingV2Client({ endpoint: elbow.elbow.endpoint, region, credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });
  try {
    const { TargetGroups } = await client.send(new DescribeTargetGroupsCommand({}));
    return (TargetGroups ?? []).map((group) => group.TargetGroupName ?? '');
  } finally {
    client.destroy();
  }
}

describe('startElbow({ config })', () => {
  it('applies each YAML document in its own Region and AccountId, elbow defaults otherwise', async () => {
    const config = configFile(`TargetGroups:
  - { Name: default-account, Protocol: HTTP, Port: 80 }
---
Region: eu-west-1
AccountId: "111122223333"
TargetGroups:
  - { Name: other-account, Protocol: HTTP, Port: 80 }
`);
    const elbow = await startElbowUnderTest({ config });
    elbows.push(elbow);
    expect(await targetGroupNames(elbow, 'us-east-1', 'test')).toEqual(['default-account']);
    // A 12-digit access key id selects that account (start-elbow.ts accountIdFor).
    expect(await targetGroupNames(elbow, 'eu-west-1', '111122223333')).toEqual(['other-account']);
    expect(await targetGroupNames(elbow, 'eu-west-1', 'test')).toEqual([]);
  });

  it('rejects with the file, line and path of a schema error', async () => {
    const config = configFile('TargetGroups:\n  - Name: web\n    Port: "80"\n');
    await expect(startElbowUnderTest({ config })).rejects.toThrow(`${config}:3: /TargetGroups/0/Port: must be integer`);
  });
});

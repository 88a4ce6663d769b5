import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { applyBootstrapDocuments, loadBootstrapDocuments } from '@elbow/bootstrap';
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

describe('applyBootstrapDocuments on a running elbow', () => {
  const example = readFileSync(fileURLToPath(new URL('../../packages/bootstrap/examples/elbow.yaml', import.meta.url)), 'utf8');

  it('makes no call that changes anything when the state already matches, and only the changed one after an edit', async () => {
    const elbow = await startElbowUnderTest();
    elbows.push(elbow);
    const target = { endpoint: elbow.elbow.endpoint, region: elbow.elbow.region };
    const firstChanges: string[] = [];
    await applyBootstrapDocuments(loadBootstrapDocuments(example, 'elbow.yaml'), target, { source: 'elbow.yaml', onChange: (line) => firstChanges.push(line) });
    expect(firstChanges).toContain('created load balancer my-alb');
    expect(firstChanges).toContain('registered 1 instance(s) with ClassicLoadBalancers/my-classic');

    const secondChanges: string[] = [];
    await applyBootstrapDocuments(loadBootstrapDocuments(example, 'elbow.yaml'), target, { source: 'elbow.yaml', onChange: (line) => secondChanges.push(line) });
    expect(secondChanges).toEqual([]);

    const edited = example.replace('        Value: 5\n', '        Value: 20\n').replace('PathPatternConfig: { Values: ["/api/*"] }', 'PathPatternConfig: { Values: ["/v2/*"] }');
    const editChanges: string[] = [];
    await applyBootstrapDocuments(loadBootstrapDocuments(edited, 'elbow.yaml'), target, { source: 'elbow.yaml', onChange: (line) => editChanges.push(line) });
    expect(editChanges).toEqual(['set 1 attribute(s) of target group web', 'changed rule LoadBalancers/my-alb Listeners/80 Rules/10']);
  });
});

describe('applyBootstrapDocuments on what cannot be modified', () => {
  async function appliedTwice(first: string, second: string): Promise<unknown> {
    const elbow = await startElbowUnderTest();
    elbows.push(elbow);
    const target = { endpoint: elbow.elbow.endpoint, region: elbow.elbow.region };
    await applyBootstrapDocuments(loadBootstrapDocuments(first, 'elbow.yaml'), target, { source: 'elbow.yaml' });
    return applyBootstrapDocuments(loadBootstrapDocuments(second, 'elbow.yaml'), target, { source: 'elbow.yaml' }).then(
      () => 'applied',
      (error: unknown) => (error as Error).message,
    );
  }

  it("names a target group's protocol or port the file changes", async () => {
    const first = 'TargetGroups:\n  - { Name: web, Protocol: HTTP, Port: 80 }\n';
    expect(await appliedTwice(first, first.replace('Port: 80', 'Port: 8080'))).toBe(
      'elbow.yaml: TargetGroups/web: exists with Port 80, the file says 8080; Port cannot be modified (delete the resource or use another name)',
    );
  });

  it('passes a classic listener with other settings on the same port to AWS, whose DuplicateListener error names it', async () => {
    const first = 'ClassicLoadBalancers:\n  - LoadBalancerName: classic\n    Listeners:\n      - { Protocol: HTTP, LoadBalancerPort: 80, InstancePort: 8080 }\n';
    expect(await appliedTwice(first, first.replace('InstancePort: 8080', 'InstancePort: 9090'))).toBe(
      'elbow.yaml: ClassicLoadBalancers/classic: CreateLoadBalancerListeners: DuplicateListener: A listener already exists for classic with LoadBalancerPort 80, but with a different InstancePort, Protocol, or SSLCertificateId',
    );
  });
});

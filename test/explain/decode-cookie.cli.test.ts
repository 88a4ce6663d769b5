import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startAlbFixture, type AlbFixture, type AlbResponse } from '../support/alb-fixture.js';
import { ELBOW_BIN } from '../support/elbow-process.js';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';

// `elbow decode-cookie` and `elbow explain` as a user runs them (issue 7), against an emulator
// whose data plane set real cookies. Garbage gets exit 1 and one line on stderr.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stickyAlb(): Promise<{ fixture: AlbFixture; servers: TargetServer[] }> {
  const servers = await startTargetServers(2, 'cli');
  cleanups.push(() => Promise.all(servers.map((server) => server.close())).then(() => undefined));
  const fixture = await startAlbFixture({ targets: servers, stickiness: 'lb_cookie', elbow: { debugHeaders: true } });
  cleanups.push(() => fixture.stop());
  return { fixture, servers };
}

function elbow(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ELBOW_BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

const cookieValue = (response: AlbResponse, name: string) =>
  response.rawHeaders.find(([header, line]) => header.toLowerCase() === 'set-cookie' && line.startsWith(`${name}=`))?.[1].split(';', 1)[0]?.slice(name.length + 1) ?? '';
const servedBy = (response: AlbResponse) => (JSON.parse(response.body) as TargetEcho).target;

describe('elbow decode-cookie', () => {
  it('prints the target group and target of an AWSALB the data plane set', async () => {
    const { fixture, servers } = await stickyAlb();
    const response = await fixture.send('/');
    const served = servers.find((server) => server.name === servedBy(response));
    const result = await elbow(['decode-cookie', `AWSALB=${cookieValue(response, 'AWSALB')}`, '--endpoint', fixture.elbow.endpoint]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('AWSALB: valid');
    expect(lines).toContain(`  target group  ${fixture.targetGroupArn}`);
    expect(lines).toContain(`  target        127.0.0.1:${served?.port}`);
    expect(result.stdout).toMatch(/\n {2}expires {7}\d{4}-\d\d-\d\dT/);
  });

  it('takes the endpoint from ELBOW_ENDPOINT', async () => {
    const { fixture } = await stickyAlb();
    const response = await fixture.send('/');
    const result = await elbow(['decode-cookie', `AWSALBCORS=${cookieValue(response, 'AWSALBCORS')}`], { ELBOW_ENDPOINT: fixture.elbow.endpoint });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('AWSALBCORS: valid');
  });

  it('answers garbage, unknown cookies and a missing emulator with exit 1 and one line', async () => {
    const { fixture } = await stickyAlb();
    const endpoint = ['--endpoint', fixture.elbow.endpoint];
    expect(await elbow(['decode-cookie', 'AWSALB=not-base64!', ...endpoint])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'elbow: cannot decode AWSALB: not unpadded standard base64 as the load balancer writes it (URL-encoded, URL-safe, padded, or stray characters)\n',
    });
    // A real value with one ciphertext bit flipped.
    const tampered = Buffer.from(cookieValue(await fixture.send('/'), 'AWSALB'), 'base64');
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    expect(await elbow(['decode-cookie', `AWSALB=${tampered.toString('base64').replace(/=+$/, '')}`, ...endpoint])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'elbow: cannot decode AWSALB: does not authenticate as AWSALB: tampered with, truncated, or sealed for another cookie kind\n',
    });
    expect(await elbow(['decode-cookie', 'JSESSIONID=abc', ...endpoint])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^elbow: cannot decode JSESSIONID: 'JSESSIONID' is not a load balancer cookie[^\n]*\n$/) });
    // Port 1 on the loopback: nothing listens there.
    expect(await elbow(['decode-cookie', 'AWSALB=abc', '--endpoint', 'http://127.0.0.1:1'])).toEqual({ code: 1, stdout: '', stderr: 'elbow: no emulator answers at http://127.0.0.1:1 (ECONNREFUSED)\n' });
    expect(await elbow(['decode-cookie'])).toEqual({ code: 2, stdout: '', stderr: 'elbow: usage: elbow decode-cookie NAME=VALUE [--endpoint URL]\n' });
  });
});

describe('elbow explain', () => {
  it('prints the explanation whose X-Elbow-Route the next request carries', async () => {
    const { fixture } = await stickyAlb();
    const lbName = fixture.loadBalancerArn.split('/')[2] ?? '';
    const result = await elbow(['explain', '--load-balancer', lbName, '--port', String(fixture.listenerPort), '--url', '/hello?x=1', '--header', 'X-Test: 1', '--source-ip', '10.1.2.3', '--endpoint', fixture.elbow.endpoint]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Listener HTTP:${fixture.listenerPort} of ${lbName}`);
    expect(result.stdout).toContain('from 10.1.2.3');
    const route = /^X-Elbow-Route: (.*)$/m.exec(result.stdout)?.[1];
    const response = await fixture.send('/hello?x=1');
    expect(response.headers['x-elbow-route']).toBe(route);

    const json = await elbow(['explain', '--listener-arn', fixture.listenerArn, '--url', '/', '--cookie', 'AWSALB=garbage', '--json', '--endpoint', fixture.elbow.endpoint]);
    expect(json.code).toBe(0);
    const explanation = JSON.parse(json.stdout) as { targetChoice: { by: string; stickiness: { cookie: { why: string } } } };
    expect(explanation.targetChoice.by).toBe('algorithm');
    expect(explanation.targetChoice.stickiness.cookie.why).toMatch(/^AWSALB not used: /);
  });

  it('answers an unknown listener with exit 1 and bad flags with exit 2', async () => {
    const { fixture } = await stickyAlb();
    const endpoint = ['--endpoint', fixture.elbow.endpoint];
    expect(await elbow(['explain', '--load-balancer', 'no-such-lb', '--port', '80', '--url', '/', ...endpoint])).toEqual({ code: 1, stdout: '', stderr: 'elbow: no load balancer named no-such-lb has a listener\n' });
    expect(await elbow(['explain', '--listener-arn', fixture.listenerArn, ...endpoint])).toEqual({ code: 2, stdout: '', stderr: 'elbow: --url is required\n' });
    expect(await elbow(['explain', '--listener-arn', fixture.listenerArn, '--url', '/', '--header', 'no colon', ...endpoint])).toEqual({ code: 2, stdout: '', stderr: 'elbow: --header must be \'Name: value\', got "no colon"\n' });
    const unknownFlag = await elbow(['explain', '--bogus', ...endpoint]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/^elbow: Unknown option '--bogus'[^\n]*\n$/);
  });

  it('refuses an endpoint that is no http://host:port with exit 2, the same for explain, decode-cookie, import and export', async () => {
    for (const endpoint of ['http://127.0.0.1:99999', 'http://[zz]']) {
      const usage = { code: 2, stdout: '', stderr: `elbow: --endpoint must be http://host:port, got ${JSON.stringify(endpoint)}\n` };
      expect(await elbow(['explain', '--listener-arn', 'arn', '--url', '/', '--endpoint', endpoint])).toEqual(usage);
      expect(await elbow(['decode-cookie', 'AWSALB=x', '--endpoint', endpoint])).toEqual(usage);
      expect(await elbow(['decode-cookie', 'AWSALB=x'], { ELBOW_ENDPOINT: endpoint })).toEqual(usage);
      expect(await elbow(['import', 'dump.json', '--endpoint', endpoint])).toEqual(usage);
      expect(await elbow(['export', '--endpoint', endpoint])).toEqual(usage);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';
import { albRequestRecord } from '../support/request-records.js';
import { startTargetServers, type TargetServer } from '../support/target-servers.js';

// The inspector's JSON API (issue 7) on a real emulator: the resource tree from the control
// plane with live health, and requests published on the emulator's record hub (as the data
// plane does) read back as a list, a distribution and a Server-Sent Events stream.

let targets: TargetServer[];
let alb: AlbFixture;
let api: string;

beforeAll(async () => {
  targets = await startTargetServers(2, 'inspector-api');
  alb = await startAlbFixture({ targets, stickiness: 'lb_cookie' });
  api = `${alb.elbow.endpoint}/_elbow/api`;
});

afterAll(async () => {
  await alb?.stop();
  await Promise.all((targets ?? []).map((target) => target.close()));
});

async function getJson(path: string): Promise<{ status: number; contentType: string | null; body: Record<string, unknown> }> {
  const response = await fetch(`${api}${path}`);
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

function publish(targetIndex: number, overrides: Parameters<typeof albRequestRecord>[0] extends infer T ? Partial<T> : never = {}) {
  const target = targets[targetIndex]!;
  const record = albRequestRecord({
    loadBalancer: { arn: alb.loadBalancerArn, name: alb.loadBalancerArn.split('/')[2] ?? '', resourceId: alb.loadBalancerArn.split(':loadbalancer/')[1] ?? '' },
    listenerArn: alb.listenerArn,
    listenerPort: alb.listenerPort,
    targetGroupArn: alb.targetGroupArn,
    target: { id: target.host, host: target.host, port: target.port },
    ...overrides,
  });
  alb.elbow.requestRecords.publish(record);
  return record;
}

describe('GET /_elbow/api/resources', () => {
  it('answers the load balancer, its listener and default rule, and the target group with each target’s live health', async () => {
    const { status, body } = await getJson('/resources');
    expect(status).toBe(200);
    const tree = body as { loadBalancers: Array<Record<string, unknown>>; targetGroups: Array<Record<string, unknown>>; classicLoadBalancers: unknown[] };
    expect(tree.loadBalancers).toEqual([
      expect.objectContaining({
        arn: alb.loadBalancerArn,
        type: 'application',
        dnsName: alb.dnsName,
        listeners: [
          {
            arn: alb.listenerArn,
            port: alb.listenerPort,
            protocol: 'HTTP',
            rules: [expect.objectContaining({ priority: 'default', conditions: [], actions: [{ type: 'forward', detail: null, targetGroups: [expect.objectContaining({ arn: alb.targetGroupArn, weight: 1 })] }] })],
          },
        ],
      }),
    ]);
    expect(tree.targetGroups).toEqual([
      expect.objectContaining({
        arn: alb.targetGroupArn,
        stickiness: 'lb_cookie',
        // The fixture's targets answer their health checks, and RegisterTargets waited for the first.
        targets: targets.map((target) => ({ id: '127.0.0.1', port: target.port, host: '127.0.0.1', availabilityZone: 'all', health: { state: 'healthy', reason: null, description: null } })),
      }),
    ]);
    expect(tree.classicLoadBalancers).toEqual([]);
  });
});

describe('GET /_elbow/api/requests', () => {
  it('answers the published requests oldest first, after a sequence number, with the session fingerprint', async () => {
    const before = (await getJson('/requests?limit=1')).body.lastSeq as number;
    publish(0, {
      sessionCookies: ['AWSALB=abc'],
      stickySessionKey: `AWSALB ${alb.targetGroupArn} 127.0.0.1:${targets[0]!.port}`,
      stickiness: [{ cookie: 'AWSALB', outcome: 'hit', reason: 'cookie valid' }],
    });
    publish(1, { elbStatusCode: 502, targetStatusCode: undefined, errorReason: 'TargetConnectionError' });
    const { status, contentType, body } = await getJson(`/requests?since=${before}`);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/json/);
    expect(body).toMatchObject({ lastSeq: before + 2, capacity: 10_000 });
    expect(body.requests).toEqual([
      expect.objectContaining({ seq: before + 1, target: `127.0.0.1:${targets[0]!.port}`, sticky: 'hit', sessionFingerprint: expect.stringMatching(/^[0-9a-f]{10}$/), statusClass: '2xx', matchedRule: 'default' }),
      expect.objectContaining({ seq: before + 2, target: `127.0.0.1:${targets[1]!.port}`, sticky: 'none', sessionFingerprint: null, elbStatusCode: 502, statusClass: '5xx', errorReason: 'TargetConnectionError' }),
    ]);
    const latest = await getJson('/requests?limit=1');
    expect((latest.body.requests as Array<{ seq: number }>).map(({ seq }) => seq)).toEqual([before + 2]);
  });
});

describe('GET /_elbow/api/distribution', () => {
  it('counts requests per target and per target group in the window', async () => {
    const base = (await getJson('/distribution?by=target&windowSeconds=86400')).body as { buckets: Array<{ label: string; count: number }> };
    const countOf = (label: string) => base.buckets.find((bucket) => bucket.label === label)?.count ?? 0;
    const first = `127.0.0.1:${targets[0]!.port}`;
    const second = `127.0.0.1:${targets[1]!.port}`;
    const [firstBefore, secondBefore] = [countOf(first), countOf(second)];
    for (let index = 0; index < 3; index++) publish(0);
    publish(1);
    const byTarget = (await getJson('/distribution?by=target&windowSeconds=86400')).body as { by: string; windowSeconds: number; buckets: Array<{ label: string; count: number; group: string }> };
    expect(byTarget).toMatchObject({ by: 'target', windowSeconds: 86_400 });
    expect(byTarget.buckets.find((bucket) => bucket.label === first)).toMatchObject({ count: firstBefore + 3, group: alb.targetGroupArn.split('/')[1] });
    expect(byTarget.buckets.find((bucket) => bucket.label === second)?.count).toBe(secondBefore + 1);
    const byGroup = (await getJson('/distribution?by=targetGroup&windowSeconds=86400')).body as { buckets: Array<{ key: string; count: number }> };
    expect(byGroup.buckets).toEqual([expect.objectContaining({ key: alb.targetGroupArn, count: firstBefore + secondBefore + 4 })]);
  });

  it('leaves out requests completed before the window', async () => {
    const marker = `old-${Date.now()}`;
    publish(0, { receivedAtMs: Date.now() - 600_000, completedAtMs: Date.now() - 600_000, http: { method: 'GET', url: `/${marker}`, httpVersion: '1.1', host: 'h', userAgent: 'u' } });
    const wide = (await getJson('/distribution?by=targetGroup&windowSeconds=3600')).body as { total: number };
    const narrow = (await getJson('/distribution?by=targetGroup&windowSeconds=60')).body as { total: number };
    expect(wide.total - narrow.total).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /_elbow/api/requests/stream', () => {
  it('streams each published request as a Server-Sent Event with its sequence number as id', async () => {
    const controller = new AbortController();
    const response = await fetch(`${api}/requests/stream`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    // The stream is open once its first line (the retry hint) arrived; then publish.
    while (!received.includes('retry:')) received += (await reader.read()).value ?? '';
    const record = publish(1, { http: { method: 'POST', url: '/streamed', httpVersion: '1.1', host: 'h', userAgent: 'u' } });
    while (!received.includes('/streamed')) received += (await reader.read()).value ?? '';
    controller.abort();
    const event = /id: (\d+)\nevent: request\ndata: (.*)\n\n/.exec(received.slice(received.indexOf('id: ')));
    expect(event).not.toBeNull();
    const entry = JSON.parse(event![2]!) as { seq: number; url: string; method: string; target: string };
    expect(entry).toMatchObject({ seq: Number(event![1]), method: 'POST', url: '/streamed', target: `127.0.0.1:${record.target!.port}` });
  });

  it('replays what came after `since` before streaming', async () => {
    const before = (await getJson('/requests?limit=1')).body.lastSeq as number;
    publish(0, { http: { method: 'GET', url: '/replayed', httpVersion: '1.1', host: 'h', userAgent: 'u' } });
    const controller = new AbortController();
    const response = await fetch(`${api}/requests/stream?since=${before}`, { signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    while (!received.includes('/replayed')) received += (await reader.read()).value ?? '';
    controller.abort();
    expect(received).toContain(`id: ${before + 1}\nevent: request\n`);
  });
});

describe('bad query strings', () => {
  it.each([
    ['/requests?limit=0', 'querystring/limit must be >= 1'],
    ['/requests?limit=1001', 'querystring/limit must be <= 1000'],
    ['/requests?limit=ten', 'querystring/limit must be integer'],
    ['/requests?since=-1', 'querystring/since must be >= 0'],
    ['/requests?since=1.5', 'querystring/since must be integer'],
    ['/distribution?windowSeconds=0', 'querystring/windowSeconds must be >= 1'],
    ['/distribution?windowSeconds=86401', 'querystring/windowSeconds must be <= 86400'],
    ['/distribution?windowSeconds=1e309', 'querystring/windowSeconds must be integer'],
    ['/requests?since=-1e400', 'querystring/since must be integer'],
    ['/distribution?by=listener', 'querystring/by must be equal to one of the allowed values'],
    ['/requests/stream?since=x', 'querystring/since must be integer'],
  ])('GET %s answers 400 in JSON: %s', async (path, message) => {
    const { status, contentType, body } = await getJson(path);
    expect(status).toBe(400);
    expect(contentType).toMatch(/^application\/json/);
    expect(body).toEqual({ error: 'InvalidQueryString', message });
  });

  it('answers an unknown API path 404 in JSON, and keeps serving', async () => {
    const { status, body } = await getJson('/nothing-here?x=1');
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'NotFound', message: 'elbow has no inspector API at GET /_elbow/api/nothing-here' });
    expect((await getJson('/requests?limit=1')).status).toBe(200);
  });
});

describe('GET /_elbow/ui', () => {
  it('serves the page, its script and the chart library from the emulator, under a strict content security policy', async () => {
    const page = await fetch(`${alb.elbow.endpoint}/_elbow/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/_elbow/ui/lib/chart.umd.min.js"></script>');
    for (const path of ['/_elbow/ui/inspector.js', '/_elbow/ui/inspector.css', '/_elbow/ui/lib/chart.umd.min.js']) {
      const asset = await fetch(`${alb.elbow.endpoint}${path}`);
      expect(asset.status, path).toBe(200);
      expect((await asset.text()).length, path).toBeGreaterThan(100);
    }
    expect((await fetch(`${alb.elbow.endpoint}/_elbow/ui/lib/chart.umd.min.js.map`)).status).toBe(404);
  });
});

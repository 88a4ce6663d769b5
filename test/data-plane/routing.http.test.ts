import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import {
  CreateRuleCommand,
  DeregisterTargetsCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  type Action,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { startAlbFixture, type AlbFixture, type AlbResponse } from '../support/alb-fixture.js';

// Expected values come from /work/shared/spec/headers-and-routing.md: condition semantics §2,
// actions §3 (redirect keywords; `#{path}` without its leading `/` per the API reference),
// X-Forwarded-* and Host rules §1 [D1][D2], X-Amzn-Trace-Id §1 [D5], the ALB's own pages §6.

let targets: TargetServer[];
let alb: AlbFixture;

beforeEach(async () => {
  targets = await startTargetServers(3);
  alb = await startAlbFixture({ targets });
});
afterEach(async () => {
  await alb.stop();
  await Promise.all(targets.map((target) => target.close()));
});

const echo = (response: AlbResponse) => JSON.parse(response.body) as TargetEcho;
const fixed = (body: string): Action[] => [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: body } }];

async function addRule(priority: number, conditions: RuleCondition[], actions: Action[]): Promise<string> {
  const { Rules } = await alb.elbv2.send(new CreateRuleCommand({ ListenerArn: alb.listenerArn, Priority: priority, Conditions: conditions, Actions: actions }));
  return Rules?.[0]?.RuleArn ?? '';
}

describe('listener rules through real requests', () => {
  it('matches every condition type with AWS semantics and falls back to the default rule', async () => {
    await addRule(1, [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } }], fixed('host'));
    await addRule(2, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/v?/*'] } }], fixed('path'));
    await addRule(3, [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Tenant', Values: ['blue*'] } }], fixed('header'));
    await addRule(4, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['DELETE'] } }], fixed('method'));
    await addRule(5, [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'beta' }] } }], fixed('query'));
    await addRule(6, [{ Field: 'source-ip', SourceIpConfig: { Values: ['127.0.0.0/8'] } }, { Field: 'path-pattern', Values: ['/local'] }], fixed('source'));

    const body = async (path: string, options: Parameters<AlbFixture['send']>[1] = {}) => (await alb.send(path, options)).body;
    expect(await body('/', { headers: { Host: 'shop.EXAMPLE.com' } })).toBe('host'); // case-insensitive
    expect(await body('/', { headers: { Host: 'example.com' } })).not.toBe('host'); // `*.` needs a label
    expect(await body('/api/v2/users')).toBe('path');
    expect(await body('/API/v2/users')).not.toBe('path'); // path-pattern is case-sensitive
    expect(await body('/', { headers: { 'x-tenant': 'BLUE-team' } })).toBe('header'); // values case-insensitive
    expect(await body('/', { method: 'DELETE' })).toBe('method');
    expect(await body('/', { method: 'PUT' })).not.toBe('method');
    expect(await body('/?VERSION=Beta')).toBe('query'); // query-string is case-insensitive
    expect(await body('/local', { headers: { 'X-Forwarded-For': '203.0.113.9' } })).toBe('source'); // TCP peer, not XFF
    expect(echo(await alb.send('/elsewhere')).url).toBe('/elsewhere'); // the default rule forwards
  });

  it('answers fixed-response rules with their status, content type and body, as the ALB', async () => {
    await addRule(1, [{ Field: 'path-pattern', Values: ['/teapot'] }], [
      { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'application/json', MessageBody: '{"short":"and stout"}' } },
    ]);
    const response = await alb.send('/teapot');
    expect(response.status).toBe(418);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers.server).toBe('awselb/2.0');
    expect(response.body).toBe('{"short":"and stout"}');
    expect(targets.flatMap((target) => target.received)).toEqual([]);
  });

  it('answers redirect rules with the expanded Location and 301 or 302', async () => {
    await addRule(1, [{ Field: 'path-pattern', Values: ['/old/*'] }], [
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', Path: '/new/#{path}', Query: 'from=#{host}&#{query}', StatusCode: 'HTTP_301' } },
    ]);
    await addRule(2, [{ Field: 'path-pattern', Values: ['/moved'] }], [{ Type: 'redirect', RedirectConfig: { Host: 'elsewhere.example.com', StatusCode: 'HTTP_302' } }]);

    const permanent = await alb.send('/old/page?a=1', { headers: { Host: 'shop.example.com' } });
    expect(permanent.status).toBe(301);
    expect(permanent.headers.location).toBe('https://shop.example.com:443/new/old/page?from=shop.example.com&a=1');
    expect(permanent.headers.server).toBe('awselb/2.0');
    const temporary = await alb.send('/moved?x=y', { headers: { Host: 'shop.example.com' } });
    expect(temporary.status).toBe(302);
    // Unmodified components keep the request's values; the port is always written.
    expect(temporary.headers.location).toBe(`http://elsewhere.example.com:${alb.listenerPort}/moved?x=y`);
  });

  it('applies a modified rule on the next request, without restart', async () => {
    const ruleArn = await addRule(1, [{ Field: 'path-pattern', Values: ['/switch'] }], fixed('before'));
    expect((await alb.send('/switch')).body).toBe('before');
    await alb.elbv2.send(new ModifyRuleCommand({ RuleArn: ruleArn, Actions: fixed('after') }));
    expect((await alb.send('/switch')).body).toBe('after');
  });
});

describe('target choice', () => {
  it('spreads requests round robin over the registered targets', async () => {
    const served: string[] = [];
    for (let index = 0; index < 6; index++) served.push(echo(await alb.send(`/rr/${index}`)).target);
    expect(served).toEqual(['target-0', 'target-1', 'target-2', 'target-0', 'target-1', 'target-2']);
  });

  it('stops sending to a deregistered target on the next request', async () => {
    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [{ Id: '127.0.0.1', Port: targets[1]!.port }] }));
    const served = new Set<string>();
    for (let index = 0; index < 6; index++) served.add(echo(await alb.send('/')).target);
    expect([...served].sort()).toEqual(['target-0', 'target-2']);
  });

  it('sends least_outstanding_requests traffic away from a target still busy with a request', async () => {
    const lorTargets = await startTargetServers(2, 'lor');
    const group = await alb.createTargetGroup('lor-group', lorTargets, [{ Key: 'load_balancing.algorithm.type', Value: 'least_outstanding_requests' }]);
    await addRule(1, [{ Field: 'path-pattern', Values: ['/lor*'] }], [{ Type: 'forward', TargetGroupArn: group }]);
    lorTargets[0]!.behaviour = { kind: 'hang' };
    const stuck = httpRequest({ host: '127.0.0.1', port: alb.port, path: '/lor-hang', agent: false });
    stuck.on('error', () => {});
    stuck.end();
    await expect.poll(() => lorTargets[0]!.received.length).toBe(1);
    const served: string[] = [];
    for (let index = 0; index < 3; index++) served.push(echo(await alb.send('/lor')).target);
    expect(served).toEqual(['lor-1', 'lor-1', 'lor-1']);
    stuck.destroy();
    await Promise.all(lorTargets.map((target) => target.close()));
  });

  it('splits a weighted forward by weight and follows a weight change on the next request', async () => {
    const green = await alb.createTargetGroup('green', [targets[2]!]);
    const blue = await alb.createTargetGroup('blue', [targets[0]!]);
    const weighted = (blueWeight: number, greenWeight: number): Action[] => [
      { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: blueWeight }, { TargetGroupArn: green, Weight: greenWeight }] } },
    ];
    await alb.elbv2.send(new ModifyListenerCommand({ ListenerArn: alb.listenerArn, DefaultActions: weighted(100, 0) }));
    const before = new Set<string>();
    for (let index = 0; index < 5; index++) before.add(echo(await alb.send('/')).target);
    expect([...before]).toEqual(['target-0']);
    await alb.elbv2.send(new ModifyListenerCommand({ ListenerArn: alb.listenerArn, DefaultActions: weighted(0, 100) }));
    const after = new Set<string>();
    for (let index = 0; index < 5; index++) after.add(echo(await alb.send('/')).target);
    expect([...after]).toEqual(['target-2']);
  });
});

describe('what the target receives', () => {
  it('appends the client to X-Forwarded-For, sets X-Forwarded-Proto/Port, and extends a trace id with Self', async () => {
    const root = 'Root=1-67891233-abcdef012345678912345678';
    const received = echo(await alb.send('/headers', { headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Amzn-Trace-Id': `${root};CalledFrom=app` } })).headers;
    expect(received['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(received['x-forwarded-proto']).toBe('http');
    expect(received['x-forwarded-port']).toBe(String(alb.listenerPort));
    expect(received['x-amzn-trace-id']).toMatch(new RegExp(`^Self=1-[0-9a-f]{8}-[0-9a-f]{24};${root};CalledFrom=app$`));
    const fresh = echo(await alb.send('/headers')).headers;
    expect(fresh['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('adds the listener port to Host on a port other than 80/443, or keeps Host untouched when preservation is on', async () => {
    expect(echo(await alb.send('/', { headers: { Host: 'app.example.com' } })).headers.host).toBe(`app.example.com:${alb.listenerPort}`);
    await alb.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: alb.loadBalancerArn,
        Attributes: [
          { Key: 'routing.http.preserve_host_header.enabled', Value: 'true' },
          { Key: 'routing.http.xff_header_processing.mode', Value: 'remove' },
        ],
      }),
    );
    const received = echo(await alb.send('/', { headers: { Host: 'app.example.com', 'X-Forwarded-For': '203.0.113.7' } })).headers;
    expect(received.host).toBe('app.example.com');
    expect(received['x-forwarded-for']).toBeUndefined();
  });

  it('passes the target status, headers and body through without an awselb Server header', async () => {
    targets[0]!.behaviour = { kind: 'respond', status: 201, headers: { 'X-App': 'yes', 'Set-Cookie': ['a=1', 'b=2'] }, body: 'made' };
    const response = await alb.send('/create', { method: 'POST', body: 'payload' });
    expect(response.status).toBe(201);
    expect(response.body).toBe('made');
    expect(response.headers['x-app']).toBe('yes');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(response.headers.server).toBeUndefined();
    expect(targets[0]!.received[0]?.body).toBe('payload');
  });

  it('forwards a body that arrives in pieces whole, while request records are taken', async () => {
    // The inspector subscribes to request records from start, so the proxy counts body bytes;
    // counting must not take pieces away from the target.
    await alb.useTargets([targets[0]!]);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(alb.port, '127.0.0.1', async () => {
        // The first piece comes with the head, before any connection to the target exists.
        socket.write('POST /upload HTTP/1.1\r\nHost: pieces.example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n');
        for (const piece of ['7\r\n-second\r\n', '6\r\n-third\r\n', '0\r\n\r\n']) {
          await new Promise((wait) => setTimeout(wait, 40));
          socket.write(piece);
        }
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('"body"')) socket.end();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(targets[0]!.received.at(-1)?.body).toBe('first-second-third');
  });
});

describe('the ALB answering for failed targets', () => {
  const page = (status: number, reason: string) =>
    `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n</body>\r\n</html>\r\n`;

  it('answers 502 when the target refuses the connection or breaks mid-response', async () => {
    await alb.useTargets([targets[0]!]);
    await targets[0]!.close();
    const refused = await alb.send('/refused', { via: 'gateway' });
    expect([refused.status, refused.headers.server, refused.body]).toEqual([502, 'awselb/2.0', page(502, 'Bad Gateway')]);
    // Broken after its response head: the head already went out, so the client connection is cut.
    await alb.useTargets([targets[1]!]);
    targets[1]!.behaviour = { kind: 'break-mid-response' };
    await expect(alb.send('/broken', { via: 'gateway' })).rejects.toThrow();
    targets[1]!.behaviour = { kind: 'echo' };
    expect(echo(await alb.send('/after', { via: 'gateway' })).target).toBe('target-1');
  });

  it('answers 503 when the target group has no registered target', async () => {
    await alb.useTargets([]);
    const response = await alb.send('/', { via: 'gateway' });
    expect([response.status, response.statusMessage, response.body.length]).toEqual([503, 'Service Temporarily Unavailable', 162]);
  });

  it('answers 504 when the target stays silent past the idle timeout', async () => {
    await alb.setIdleTimeoutSeconds(1);
    await alb.useTargets([targets[0]!]);
    targets[0]!.behaviour = { kind: 'hang' };
    const response = await alb.send('/slow', { via: 'gateway' });
    expect([response.status, response.body]).toEqual([504, page(504, 'Gateway Time-out')]);
  });
});

describe('the gateway port', () => {
  it('routes on Host: <dns-name>:<listener port>, and answers 404 for a host that is no load balancer', async () => {
    expect(echo(await alb.send('/via-gateway', { via: 'gateway' })).headers.host).toBe(`${alb.dnsName}:${alb.listenerPort}`);
    const unknown = await alb.send('/', { via: 'gateway', headers: { Host: 'nobody.example.com' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain("no application load balancer listener for Host 'nobody.example.com'");
  });
});

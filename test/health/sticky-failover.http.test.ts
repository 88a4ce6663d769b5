import { afterEach, describe, expect, it } from 'vitest';
import { DeregisterTargetsCommand, ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { startAlbFixture, type AlbFixture, type AlbResponse } from '../support/alb-fixture.js';

// Issue 5 "sticky failover": a sticky target that turns unhealthy sends its client to a healthy
// one with a rewritten cookie, and the client stays there when the old target returns
// (headers-and-routing.md §4: stickiness overrides the algorithm only while the target is usable).

let targets: TargetServer[] = [];
let alb: AlbFixture | undefined;
afterEach(async () => {
  await alb?.stop();
  await Promise.all(targets.map((target) => target.close()));
});

/** Keeps every cookie between requests, as a browser would (a `_remove_` value deletes it). */
function client(fixture: AlbFixture) {
  const jar = new Map<string, string>();
  return async (path: string): Promise<{ target: string; response: AlbResponse }> => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fixture.send(path, cookie === '' ? {} : { headers: { cookie } });
    for (const line of ([] as string[]).concat(response.headers['set-cookie'] ?? [])) {
      const pair = line.slice(0, line.indexOf(';') === -1 ? undefined : line.indexOf(';'));
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '_remove_') jar.delete(name);
      else jar.set(name, value);
    }
    return { target: (JSON.parse(response.body) as TargetEcho).target, response };
  };
}

async function setHealth(fixture: AlbFixture, target: TargetServer, state: 'unhealthy' | 'clear') {
  const response = await fetch(`${fixture.elbow.endpoint}/_elbow/targets/health`, {
    method: 'POST',
    body: JSON.stringify({ targetGroupArn: fixture.targetGroupArn, targetId: target.host, port: target.port, state }),
  });
  expect(response.status).toBe(200);
}

describe.each([
  { stickiness: 'lb_cookie', cookie: 'AWSALB' },
  { stickiness: 'app_cookie', cookie: 'AWSALBAPP-0' },
] as const)('sticky failover ($stickiness)', ({ stickiness, cookie }) => {
  it('moves a pinned client off its unhealthy target with a new cookie, and keeps it there when the target recovers', async () => {
    targets = await startTargetServers(3);
    if (stickiness === 'app_cookie') for (const target of targets) target.setCookies = () => [`APP_SESSION_ID=${target.name}`];
    alb = await startAlbFixture({ targets, stickiness, ...(stickiness === 'app_cookie' ? { appCookieName: 'APP_SESSION_ID' } : {}) });
    const send = client(alb);
    const pinned = (await send('/first')).target;
    expect((await send('/again')).target).toBe(pinned);

    const old = targets.find((target) => target.name === pinned)!;
    await setHealth(alb, old, 'unhealthy');
    const moved = await send('/moved');
    expect(moved.target).not.toBe(pinned);
    expect(([] as string[]).concat(moved.response.headers['set-cookie'] ?? []).some((line) => line.startsWith(`${cookie}=`))).toBe(true);

    await setHealth(alb, old, 'clear');
    const after = [(await send('/after-1')).target, (await send('/after-2')).target, (await send('/after-3')).target];
    expect(after).toEqual([moved.target, moved.target, moved.target]);
  });
});

describe('group stickiness (AWSALBTG) without a healthy target', () => {
  it('fails open to the pinned group\'s unhealthy targets, and answers 503 once the group has none', async () => {
    targets = await startTargetServers(2);
    alb = await startAlbFixture({ targets: [targets[0]!] });
    const green = await alb.createTargetGroup('green', [targets[1]!]);
    await alb.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: alb.listenerArn,
        DefaultActions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: alb.targetGroupArn, Weight: 1 },
                { TargetGroupArn: green, Weight: 1 },
              ],
              TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
            },
          },
        ],
      }),
    );
    // A client pinned to the fixture's group (target-0) by AWSALBTG.
    let send = client(alb);
    let first = await send('/first');
    while (first.target !== 'target-0') {
      send = client(alb);
      first = await send('/first');
    }
    await setHealth(alb, targets[0]!, 'unhealthy');
    expect((await send('/fail-open')).target).toBe('target-0');

    await alb.elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [{ Id: '127.0.0.1', Port: targets[0]!.port }] }));
    const cookie = ([] as string[]).concat(first.response.headers['set-cookie'] ?? []).map((line) => line.slice(0, line.indexOf(';'))).join('; ');
    const none = await alb.send('/none', { headers: { cookie } });
    expect([none.status, none.headers.server]).toEqual([503, 'awselb/2.0']);
  });
});


import { afterEach, describe, expect, it } from 'vitest';
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

/** Keeps the AWSALB cookie between requests, as a browser would. */
function client(fixture: AlbFixture) {
  let cookie: string | undefined;
  return async (path: string): Promise<{ target: string; response: AlbResponse }> => {
    const response = await fixture.send(path, cookie === undefined ? {} : { headers: { cookie } });
    const line = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((candidate) => candidate.startsWith('AWSALB='));
    if (line !== undefined) cookie = line.slice(0, line.indexOf(';'));
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

describe('sticky failover (lb_cookie)', () => {
  it('moves a pinned client off its unhealthy target with a new cookie, and keeps it there when the target recovers', async () => {
    targets = await startTargetServers(3);
    alb = await startAlbFixture({ targets, stickiness: 'lb_cookie' });
    const send = client(alb);
    const pinned = (await send('/first')).target;
    expect((await send('/again')).target).toBe(pinned);

    const old = targets.find((target) => target.name === pinned)!;
    await setHealth(alb, old, 'unhealthy');
    const moved = await send('/moved');
    expect(moved.target).not.toBe(pinned);
    expect(([] as string[]).concat(moved.response.headers['set-cookie'] ?? []).some((line) => line.startsWith('AWSALB='))).toBe(true);

    await setHealth(alb, old, 'clear');
    const after = await Promise.all([send('/after-1'), send('/after-2'), send('/after-3')].map((pending) => pending.then((result) => result.target)));
    expect(after).toEqual([moved.target, moved.target, moved.target]);
  });
});

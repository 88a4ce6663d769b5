import { afterEach, describe, expect, it } from 'vitest';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';

// Slow start (headers-and-routing.md §4 [D7]): a newly healthy target's share rises linearly over
// `slow_start.duration_seconds`; the first registration batch of an empty group does not ramp.

let targets: TargetServer[] = [];
let alb: AlbFixture | undefined;
afterEach(async () => {
  await alb?.stop();
  await Promise.all(targets.map((target) => target.close()));
});

async function shares(fixture: AlbFixture, count: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const { target } = JSON.parse((await fixture.send('/')).body) as TargetEcho;
    counts.set(target, (counts.get(target) ?? 0) + 1);
  }
  return counts;
}

describe('slow start', () => {
  it.each(['round_robin', 'weighted_random'])('keeps a target added to a %s group at a small share at the start of its 300 s window', async (algorithm) => {
    targets = await startTargetServers(3);
    alb = await startAlbFixture({
      targets: targets.slice(0, 2),
      targetGroupAttributes: [
        { Key: 'slow_start.duration_seconds', Value: '300' },
        { Key: 'load_balancing.algorithm.type', Value: algorithm },
      ],
      elbow: { seed: 5 },
    });
    // The first batch does not ramp: even shares at once.
    const first = await shares(alb, 40);
    expect([...first.keys()].sort()).toEqual(['target-0', 'target-1']);
    expect(Math.min(...first.values())).toBeGreaterThan(10);

    await alb.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: alb.targetGroupArn, Targets: [{ Id: '127.0.0.1', Port: targets[2]!.port, AvailabilityZone: 'all' }] }));
    // A few seconds into a 300 s window the newcomer weighs about 1 % of the others: far below its even third of 60.
    const after = await shares(alb, 60);
    expect(after.get('target-2') ?? 0).toBeLessThan(10);
    expect((after.get('target-0') ?? 0) + (after.get('target-1') ?? 0)).toBeGreaterThan(50);
  });
});

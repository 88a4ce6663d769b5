import { afterEach, describe, expect, it } from 'vitest';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';

// Issue 5 "time control": `--seed` makes every random choice repeatable.

const fixtures: AlbFixture[] = [];
const servers: TargetServer[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.stop()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The targets (by position) 40 sequential weighted_random requests reach on an emulator with this seed. */
async function choicesWithSeed(seed: number | undefined): Promise<string[]> {
  const targets = await startTargetServers(4);
  servers.push(...targets);
  const fixture = await startAlbFixture({
    targets,
    targetGroupAttributes: [{ Key: 'load_balancing.algorithm.type', Value: 'weighted_random' }],
    elbow: seed === undefined ? {} : { seed },
  });
  fixtures.push(fixture);
  const choices: string[] = [];
  for (let index = 0; index < 40; index++) choices.push((JSON.parse((await fixture.send('/')).body) as TargetEcho).target);
  return choices;
}

describe('--seed', () => {
  it('repeats the same weighted_random choices on two emulators with the same seed', async () => {
    const first = await choicesWithSeed(7);
    expect(await choicesWithSeed(7)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
    // Random, not round robin: the sequence does not cycle through the four targets.
    expect(first.some((target, index) => index >= 4 && target !== first[index - 4])).toBe(true);
  });
});

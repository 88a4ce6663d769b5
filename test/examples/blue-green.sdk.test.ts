import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

interface Step {
  step: number;
  weights: [number, number];
  newRequests: [number, number];
  sessions: [number, number];
  moved: number;
}

function parseSteps(stdout: string): Step[] {
  const pattern =
    /^step +(\d+): weights blue +(\d+) \/ green +(\d+) \| new requests: blue +(\d+), green +(\d+) \| sticky sessions: +(\d+) on blue, +(\d+) on green, (\d+) moved$/gm;
  return [...stdout.matchAll(pattern)].map((match) => {
    const [step, blueWeight, greenWeight, blueRequests, greenRequests, blueSessions, greenSessions, moved] = match.slice(1).map(Number) as number[];
    return {
      step: step!,
      weights: [blueWeight!, greenWeight!],
      newRequests: [blueRequests!, greenRequests!],
      sessions: [blueSessions!, greenSessions!],
      moved: moved!,
    };
  });
}

// Example 03 (examples/03-blue-green/blue-green.mjs) run as its README says.
describe('example 03: blue/green with weighted target groups and group stickiness', () => {
  it('shifts 10% a step, keeps every sticky session on its group, releases them when group stickiness goes off, and shows the two AWS errors', { timeout: 120_000 }, async () => {
    const run = await runExample(process.execPath, ['examples/03-blue-green/blue-green.mjs']);
    expect(run.exitCode, run.stderr).toBe(0);
    const steps = parseSteps(run.stdout);
    expect(steps.map((step) => step.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    steps.forEach((step, index) => {
      expect(step.weights).toEqual([100 - 10 * index, 10 * index]);
      expect(step.newRequests[0] + step.newRequests[1]).toBe(100);
      // Ten new sessions per step; sessions never change group while group stickiness is on.
      expect(step.sessions[0] + step.sessions[1]).toBe(10 * (index + 1));
      expect(step.moved).toBe(0);
    });
    // Weight 0 gets no new requests (shared spec elbv2-validation.md §2 (d)).
    expect(steps[0]?.newRequests).toEqual([100, 0]);
    expect(steps[10]?.newRequests).toEqual([0, 100]);
    // Once a session is on blue it stays there through the whole shift, so blue never loses any.
    for (let index = 1; index < steps.length; index++) expect(steps[index]!.sessions[0]).toBeGreaterThanOrEqual(steps[index - 1]!.sessions[0]);

    const onBlue = steps[10]!.sessions[0];
    expect(run.stdout).toContain(`group stickiness off: ${onBlue} of ${onBlue} sessions pinned to blue moved to green`);
    expect(run.stdout).toContain(
      'weighted forward without group stickiness, target stickiness on green: InvalidConfigurationRequest: You must enable group stickiness on a rule if you enabled target stickiness on one of its target groups\n',
    );
    expect(run.stdout).toContain(
      "weighted forward to green and a canary group with app_cookie stickiness: InvalidLoadBalancerAction: When configuring a rule with multiple target groups, none of them can have stickiness of type 'app_cookie' enabled.\n",
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc } from '../support/default-vpc.js';

const running: ElbowUnderTest[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((harness) => harness.stop()));
});

/** Creates ALBs with these names, in this order, on a new emulator; returns name → DNS name. */
async function dnsNames(seed: number | undefined, names: readonly string[]): Promise<Map<string, string>> {
  const harness = await startElbowUnderTest(seed === undefined ? {} : { seed });
  running.push(harness);
  const { subnetIds } = await defaultVpc(harness.elbow);
  const found = new Map<string, string>();
  for (const name of names) {
    const { LoadBalancers = [] } = await harness.elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnetIds.slice(0, 2) }));
    found.set(name, LoadBalancers[0]?.DNSName ?? '');
  }
  return found;
}

// Issue 8 (Docker): a compose file lists the load balancers' DNS names as network aliases, so with
// --seed they must be the same on every start, whatever order the bootstrap creates them in.
describe('ALB DNS names under --seed', () => {
  it('are the same for the same seed and name, in any creation order, and of AWS shape', async () => {
    const first = await dnsNames(42, ['web', 'api']);
    const second = await dnsNames(42, ['api', 'web']);
    expect(second).toEqual(first);
    for (const [name, dnsName] of first) expect(dnsName).toMatch(new RegExp(`^${name}-\\d{9,10}\\.us-east-1\\.elb\\.amazonaws\\.com$`));
  });

  it('differ with another seed', async () => {
    const [one, other] = await Promise.all([dnsNames(42, ['web']), dnsNames(43, ['web'])]);
    expect(one.get('web')).not.toBe(other.get('web'));
  });
});

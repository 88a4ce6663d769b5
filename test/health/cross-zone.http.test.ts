import { afterEach, describe, expect, it } from 'vitest';
import {
  CreateTargetGroupCommand,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  SetSubnetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { ec2ClientFor } from '../support/default-vpc.js';
import { startTargetServers, type TargetEcho, type TargetServer } from '../support/target-servers.js';
import { startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';

// Cross-zone load balancing off on a target group (issue 5; elbv2-attributes.md
// `load_balancing.cross_zone.enabled`): each request reaches one zone's node, which routes only to
// that zone's targets, so with 1, 1 and 2 targets in three zones the shares are 1/3, 1/3, 1/6, 1/6.

let targets: TargetServer[] = [];
let alb: AlbFixture | undefined;
afterEach(async () => {
  await alb?.stop();
  await Promise.all(targets.map((target) => target.close()));
});

const REQUESTS = 600;

async function shares(fixture: AlbFixture): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let index = 0; index < REQUESTS; index++) {
    const { target } = JSON.parse((await fixture.send('/')).body) as TargetEcho;
    counts[target] = (counts[target] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, count / REQUESTS]));
}

describe('cross-zone load balancing off', () => {
  it('splits load per zone (1/3, 1/3, 1/6, 1/6), and evenly again once cross-zone is back on', async () => {
    const placeholder = await startTargetServers(1, 'placeholder');
    targets = [...placeholder, ...(await startTargetServers(4, 'zonal'))];
    alb = await startAlbFixture({ targets: placeholder, elbow: { seed: 11 } });
    const subnets = alb.subnetIds.slice(0, 3);
    expect(subnets).toHaveLength(3);
    await alb.elbv2.send(new SetSubnetsCommand({ LoadBalancerArn: alb.loadBalancerArn, Subnets: subnets }));

    // Four instances on 127.0.0.1: one in the first zone, one in the second, two in the third.
    const ec2 = ec2ClientFor(alb.elbow);
    const zonal = targets.slice(1);
    const instanceIds: string[] = [];
    for (const [index, subnet] of [subnets[0], subnets[1], subnets[2], subnets[2]].entries()) {
      const launched = await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12345678',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnet,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'elbow:host', Value: zonal[index]!.host }] }],
        }),
      );
      instanceIds.push(launched.Instances?.[0]?.InstanceId ?? '');
    }
    ec2.destroy();
    const group = (await alb.elbv2.send(new CreateTargetGroupCommand({ Name: 'zonal', Protocol: 'HTTP', Port: 80, VpcId: alb.vpcId, TargetType: 'instance' })))
      .TargetGroups?.[0]?.TargetGroupArn ?? '';
    await alb.elbv2.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: group, Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }] }),
    );
    await alb.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: instanceIds.map((Id, index) => ({ Id, Port: zonal[index]!.port })) }));
    await alb.elbv2.send(new ModifyListenerCommand({ ListenerArn: alb.listenerArn, DefaultActions: [{ Type: 'forward', TargetGroupArn: group }] }));

    const off = await shares(alb);
    expect(Object.keys(off).sort()).toEqual(['zonal-0', 'zonal-1', 'zonal-2', 'zonal-3']);
    for (const [name, expected] of [['zonal-0', 1 / 3], ['zonal-1', 1 / 3], ['zonal-2', 1 / 6], ['zonal-3', 1 / 6]] as const) {
      expect(Math.abs(off[name]! - expected)).toBeLessThan(0.07);
    }

    await alb.elbv2.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: group, Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }] }),
    );
    const on = await shares(alb);
    for (const name of ['zonal-0', 'zonal-1', 'zonal-2', 'zonal-3']) expect(on[name]).toBe(0.25);
  });

  it('refuses stickiness with cross-zone off, and cross-zone off with stickiness, with the same error', async () => {
    targets = await startTargetServers(1);
    alb = await startAlbFixture({ targets });
    const set = (Key: string, Value: string) =>
      alb!.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: alb!.targetGroupArn, Attributes: [{ Key, Value }] }));
    const refusal = async (pending: Promise<unknown>) => {
      const error = (await pending.then(() => undefined, (caught: unknown) => caught)) as { name?: string; message?: string } | undefined;
      return [error?.name, error?.message];
    };
    await set('load_balancing.cross_zone.enabled', 'false');
    const stickinessAfter = await refusal(set('stickiness.enabled', 'true'));
    await set('load_balancing.cross_zone.enabled', 'true');
    await set('stickiness.enabled', 'true');
    const crossZoneAfter = await refusal(set('load_balancing.cross_zone.enabled', 'false'));
    expect(stickinessAfter).toEqual(['InvalidConfigurationRequestException', 'Target stickiness is not supported when cross-zone load balancing is off.']);
    expect(crossZoneAfter).toEqual(stickinessAfter);
  });
});

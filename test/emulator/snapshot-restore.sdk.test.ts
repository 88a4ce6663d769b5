import { afterEach, describe, expect, it } from 'vitest';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  waitUntilLoadBalancerAvailable,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startAlbFixture, type AlbFixture } from '../support/alb-fixture.js';
import { startTargetServers, type TargetServer } from '../support/target-servers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fixtureWithTargets(count: number): Promise<{ alb: AlbFixture; targets: TargetServer[] }> {
  const targets = await startTargetServers(count);
  cleanups.push(async () => void (await Promise.all(targets.map((target) => target.close()))));
  const alb = await startAlbFixture({ targets: targets.slice(0, 1) });
  cleanups.push(() => alb.stop());
  // A new load balancer is `provisioning` for its first second, a state read from the clock; the
  // describe answers compared below are taken once it is `active`, so only restored state differs.
  await waitUntilLoadBalancerAvailable({ client: alb.elbv2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { LoadBalancerArns: [alb.loadBalancerArn] });
  return { alb, targets };
}

/** Everything the elbv2 API says about the account, as a client would compare it. */
async function describeEverything(elbv2: ElasticLoadBalancingV2Client) {
  const loadBalancers = (await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  const targetGroups = (await elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const listeners = [];
  const rules = [];
  for (const loadBalancer of loadBalancers) {
    const found = (await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancer.LoadBalancerArn }))).Listeners ?? [];
    listeners.push(...found);
    for (const listener of found) rules.push(...((await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? []));
  }
  const attributes = [];
  const health = [];
  for (const group of targetGroups) {
    attributes.push((await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.TargetGroupArn }))).Attributes);
    health.push((await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }))).TargetHealthDescriptions);
  }
  const arns = [...loadBalancers.map((lb) => lb.LoadBalancerArn ?? ''), ...targetGroups.map((group) => group.TargetGroupArn ?? '')];
  const tags = arns.length === 0 ? [] : (await elbv2.send(new DescribeTagsCommand({ ResourceArns: arns }))).TagDescriptions;
  return { loadBalancers, targetGroups, listeners, rules, attributes, health, tags };
}

describe('snapshot and restore (programmatic)', () => {
  it('restore after creating, modifying, tagging and deleting gives identical describe answers', async () => {
    const { alb } = await fixtureWithTargets(1);
    await alb.elbv2.send(new AddTagsCommand({ ResourceArns: [alb.loadBalancerArn], Tags: [{ Key: 'stage', Value: 'fixture' }] }));
    const before = await describeEverything(alb.elbv2);
    const snapshot = alb.elbow.snapshot();

    await alb.elbv2.send(new CreateTargetGroupCommand({ Name: 'added-later', Protocol: 'HTTP', Port: 80, VpcId: alb.vpcId }));
    await alb.elbv2.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: alb.targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }] }),
    );
    await alb.elbv2.send(new AddTagsCommand({ ResourceArns: [alb.loadBalancerArn], Tags: [{ Key: 'stage', Value: 'changed' }] }));
    await alb.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: alb.loadBalancerArn }));
    expect(await describeEverything(alb.elbv2)).not.toEqual(before);

    await alb.elbow.restore(snapshot);
    expect(await describeEverything(alb.elbv2)).toEqual(before);
  });

  it('the data plane follows the restored state: registered targets, and listeners bound again or closed', async () => {
    const { alb, targets } = await fixtureWithTargets(2);
    const [first, second] = targets as [TargetServer, TargetServer];
    expect(JSON.parse((await alb.send('/')).body).target).toBe(first.name);
    const snapshot = alb.elbow.snapshot();

    // After the snapshot: the group serves the second target, and the load balancer (with its
    // listener) is deleted, so its port is closed.
    await alb.useTargets([second]);
    expect(JSON.parse((await alb.send('/')).body).target).toBe(second.name);
    await alb.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: alb.loadBalancerArn }));
    expect(await alb.listenerStates()).toEqual([]);
    await expect(alb.send('/')).rejects.toThrow(/ECONNREFUSED/);

    await alb.elbow.restore(snapshot);
    expect((await alb.listenerStates()).map((listener) => [listener.listenerArn, listener.state])).toEqual([[alb.listenerArn, 'bound']]);
    const answers = await Promise.all([0, 1, 2, 3].map(() => alb.send('/')));
    expect(answers.map((answer) => JSON.parse(answer.body).target)).toEqual([first.name, first.name, first.name, first.name]);
  });

  it('a listener created after the snapshot is closed by the restore', async () => {
    const { alb } = await fixtureWithTargets(1);
    const snapshot = alb.elbow.snapshot();
    const created = await alb.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: alb.loadBalancerArn, Protocol: 'HTTP', Port: alb.listenerPort + 1, DefaultActions: [{ Type: 'forward', TargetGroupArn: alb.targetGroupArn }] }),
    );
    const createdArn = created.Listeners?.[0]?.ListenerArn;
    expect((await alb.listenerStates()).map((listener) => listener.listenerArn)).toContain(createdArn);

    await alb.elbow.restore(snapshot);
    expect((await alb.listenerStates()).map((listener) => listener.listenerArn)).toEqual([alb.listenerArn]);
  });
});

describe('snapshot and restore (admin API)', () => {
  async function admin(alb: AlbFixture, method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${alb.elbow.endpoint}${path}`, { method });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('POST /_elbow/snapshots keeps the state under an id that POST /_elbow/snapshots/<id>/restore brings back', async () => {
    const { alb, targets } = await fixtureWithTargets(2);
    const before = await describeEverything(alb.elbv2);
    const taken = await admin(alb, 'POST', '/_elbow/snapshots');
    expect(taken.status).toBe(201);
    expect(taken.body).toEqual({ id: expect.stringMatching(/^snapshot-\d+$/), bytes: expect.any(Number) });

    await alb.useTargets([targets[1] as TargetServer]);
    await alb.elbv2.send(new CreateTargetGroupCommand({ Name: 'added-later', Protocol: 'HTTP', Port: 80, VpcId: alb.vpcId }));

    const restored = await admin(alb, 'POST', `/_elbow/snapshots/${String(taken.body.id)}/restore`);
    expect(restored).toEqual({ status: 200, body: { restored: taken.body.id } });
    expect(await describeEverything(alb.elbv2)).toEqual(before);
    expect(JSON.parse((await alb.send('/')).body).target).toBe(targets[0]?.name);
  });

  it('an unknown or deleted snapshot id answers 404 JSON, and the state stays as it was', async () => {
    const { alb } = await fixtureWithTargets(1);
    const taken = await admin(alb, 'POST', '/_elbow/snapshots');
    expect(await admin(alb, 'DELETE', `/_elbow/snapshots/${String(taken.body.id)}`)).toEqual({ status: 200, body: { deleted: taken.body.id } });
    const before = await describeEverything(alb.elbv2);
    for (const id of [String(taken.body.id), 'no-such-snapshot']) {
      expect(await admin(alb, 'POST', `/_elbow/snapshots/${id}/restore`)).toEqual({ status: 404, body: { error: `no snapshot with id '${id}'` } });
      expect(await admin(alb, 'DELETE', `/_elbow/snapshots/${id}`)).toEqual({ status: 404, body: { error: `no snapshot with id '${id}'` } });
    }
    expect(await describeEverything(alb.elbv2)).toEqual(before);
  });
});

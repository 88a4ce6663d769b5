#!/usr/bin/env node
// Blue/green with two weighted target groups and group stickiness (examples/03-blue-green),
// shifted 10% a step like CodeDeploy's linear deployments. At each step it prints how 100 new
// requests split, and what happened to the sticky sessions (clients keeping their AWSALBTG
// cookie): a session stays on the group it started on, whatever the weights say, until group
// stickiness is turned off. Then the two errors AWS answers for a wrong stickiness configuration.
// Run from the repository root after `npm install && npm run build`: node examples/03-blue-green/blue-green.mjs
import { createServer, request as httpRequest } from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startElbow } from 'elbow';

const NEW_REQUESTS_PER_STEP = 100;
const NEW_SESSIONS_PER_STEP = 10;
const LISTENER_PORT = 80;

/** An app that answers with its colour. */
function startApp(colour) {
  const server = createServer((_request, response) => response.end(colour));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port })));
}

// A free API port and in-memory state (startElbow's defaults), plus a gateway port for the traffic.
const elbow = await startElbow({ logLevel: 'silent', gatewayPort: 0 });
const apps = { blue: await startApp('blue'), green: await startApp('green') };
const { endpoint, region, credentials } = elbow;
const elbv2 = new ElasticLoadBalancingV2Client({ endpoint, region, credentials });
const ec2 = new EC2Client({ endpoint, region, credentials });

try {
  const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  const { LoadBalancers = [] } = await elbv2.send(new CreateLoadBalancerCommand({ Name: 'shop', Subnets: Subnets.slice(0, 2).map((subnet) => subnet.SubnetId) }));
  const [loadBalancer] = LoadBalancers;
  const groups = {};
  for (const colour of ['blue', 'green']) {
    const { TargetGroups = [] } = await elbv2.send(
      new CreateTargetGroupCommand({ Name: colour, Protocol: 'HTTP', Port: 80, VpcId: Subnets[0]?.VpcId, TargetType: 'ip' }),
    );
    groups[colour] = TargetGroups[0]?.TargetGroupArn;
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: groups[colour], Targets: [{ Id: '127.0.0.1', Port: apps[colour].port, AvailabilityZone: 'all' }] }));
  }
  const forward = (greenPercent, isGroupSticky = true) => [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: groups.blue, Weight: 100 - greenPercent },
          { TargetGroupArn: groups.green, Weight: greenPercent },
        ],
        TargetGroupStickinessConfig: isGroupSticky ? { Enabled: true, DurationSeconds: 3600 } : { Enabled: false },
      },
    },
  ];
  const { Listeners = [] } = await elbv2.send(
    new CreateListenerCommand({ LoadBalancerArn: loadBalancer.LoadBalancerArn, Protocol: 'HTTP', Port: LISTENER_PORT, DefaultActions: forward(0) }),
  );
  const listenerArn = Listeners[0]?.ListenerArn;

  // Traffic goes through elbow's gateway port, `Host: <DNS name>:<listener port>` naming the
  // listener, so the walkthrough needs no privileged port.
  const send = (cookie) =>
    new Promise((resolve, reject) => {
      const headers = { host: `${loadBalancer.DNSName}:${LISTENER_PORT}`, ...(cookie ? { cookie } : {}) };
      const request = httpRequest({ host: '127.0.0.1', port: elbow.gatewayPort, path: '/', headers, agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          const groupCookie = (response.headers['set-cookie'] ?? []).find((line) => line.startsWith('AWSALBTG='));
          resolve({ colour: body, cookie: groupCookie?.split(';')[0] ?? cookie });
        });
      });
      request.on('error', reject);
      request.end();
    });

  /** Each sticky session: the group it started on and the AWSALBTG cookie it sends back. */
  const sessions = [];
  console.log(`blue/green on ${loadBalancer.DNSName}: ${NEW_REQUESTS_PER_STEP} new requests and ${NEW_SESSIONS_PER_STEP} new sticky sessions per step`);
  for (let greenPercent = 0; greenPercent <= 100; greenPercent += 10) {
    await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(greenPercent) }));
    const split = { blue: 0, green: 0 };
    for (let index = 0; index < NEW_REQUESTS_PER_STEP; index++) split[(await send(undefined)).colour] += 1;
    let moved = 0;
    for (const session of sessions) {
      const { colour, cookie } = await send(session.cookie);
      if (colour !== session.colour) moved += 1;
      session.cookie = cookie;
    }
    for (let index = 0; index < NEW_SESSIONS_PER_STEP; index++) sessions.push(await send(undefined));
    const onBlue = sessions.filter((session) => session.colour === 'blue').length;
    console.log(
      `step ${String(greenPercent / 10).padStart(2)}: weights blue ${String(100 - greenPercent).padStart(3)} / green ${String(greenPercent).padStart(3)}` +
        ` | new requests: blue ${String(split.blue).padStart(3)}, green ${String(split.green).padStart(3)}` +
        ` | sticky sessions: ${String(onBlue).padStart(3)} on blue, ${String(sessions.length - onBlue).padStart(3)} on green, ${moved} moved`,
    );
  }

  // The shift is complete; group stickiness off releases the sessions still pinned to blue.
  await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(100, false) }));
  let moved = 0;
  for (const session of sessions) if ((await send(session.cookie)).colour !== session.colour) moved += 1;
  const pinnedToBlue = sessions.filter((session) => session.colour === 'blue').length;
  console.log(`group stickiness off: ${moved} of ${pinnedToBlue} sessions pinned to blue moved to green`);

  // The two errors of a wrong configuration, with AWS's messages (shared spec elbv2-validation.md §2 (a), (b)).
  console.log('\nwrong configurations:');
  const tryCall = async (what, command) => {
    try {
      await elbv2.send(command);
      console.log(`${what}: accepted`);
    } catch (error) {
      console.log(`${what}: ${error.Code ?? error.name}: ${error.message}`);
    }
  };
  // (b) Target stickiness on a group of a weighted forward needs group stickiness on the forward.
  await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(100) }));
  await elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: groups.green,
      Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }, { Key: 'stickiness.type', Value: 'lb_cookie' }],
    }),
  );
  await tryCall('weighted forward without group stickiness, target stickiness on green', new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward(50, false) }));
  // (a) A group with app_cookie stickiness cannot be one of several in a forward: a canary group
  // with app_cookie stickiness, then a forward splitting between green and it.
  const { TargetGroups: [canary] = [] } = await elbv2.send(
    new CreateTargetGroupCommand({ Name: 'canary', Protocol: 'HTTP', Port: 80, VpcId: Subnets[0]?.VpcId, TargetType: 'ip' }),
  );
  await elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: canary?.TargetGroupArn,
      Attributes: [
        { Key: 'stickiness.enabled', Value: 'true' },
        { Key: 'stickiness.type', Value: 'app_cookie' },
        { Key: 'stickiness.app_cookie.cookie_name', Value: 'SESSION' },
      ],
    }),
  );
  const withCanary = [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: groups.green, Weight: 90 },
          { TargetGroupArn: canary?.TargetGroupArn, Weight: 10 },
        ],
        TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
      },
    },
  ];
  await tryCall('weighted forward to green and a canary group with app_cookie stickiness', new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: withCanary }));
} finally {
  elbv2.destroy();
  ec2.destroy();
  await elbow.stop();
  for (const { server } of Object.values(apps)) server.close();
}

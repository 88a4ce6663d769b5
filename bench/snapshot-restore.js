#!/usr/bin/env node
// Benchmark (prints figures, asserts nothing): how long restoring a snapshot takes for a fixture
// of N resources (target groups with attributes and tags, load balancers with a listener each),
// programmatically and through POST /_elbow/snapshots/<id>/restore, beside what a suite would
// otherwise do: /_elbow/reset and replaying the API calls. Needs a build (`npm run build`).
// BENCH_RESOURCES=200 (default 100), BENCH_ROUNDS=20 (default 15).
import { startElbow } from 'elbow';
import { query } from './support.js';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ELBV2 = { Version: '2015-12-01' };
const EC2 = { Version: '2016-11-15' };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const msSince = (started) => Number(process.hrtime.bigint() - started) / 1e6;

async function defaultNetwork(endpoint) {
  const vpcs = await query(endpoint, 'ec2', { ...EC2, Action: 'DescribeVpcs' });
  const vpcId = /<vpcId>([^<]+)<\/vpcId>/.exec(vpcs)[1];
  const subnets = await query(endpoint, 'ec2', { ...EC2, Action: 'DescribeSubnets' });
  const subnetIds = [...subnets.matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map((match) => match[1]);
  return { vpcId, subnetIds };
}

/** Creates the fixture through the API: RESOURCES target groups (each tagged, with an attribute) and RESOURCES/10 ALBs with a listener. */
async function buildFixture(endpoint) {
  const { vpcId, subnetIds } = await defaultNetwork(endpoint);
  const groupArns = [];
  for (let index = 0; index < RESOURCES; index++) {
    const created = await query(endpoint, 'elasticloadbalancing', {
      ...ELBV2, Action: 'CreateTargetGroup', Name: `tg-${index}`, Protocol: 'HTTP', Port: '80', VpcId: vpcId, TargetType: 'ip',
      'Tags.member.1.Key': 'index', 'Tags.member.1.Value': String(index),
    });
    const arn = /<TargetGroupArn>([^<]+)<\/TargetGroupArn>/.exec(created)[1];
    groupArns.push(arn);
    await query(endpoint, 'elasticloadbalancing', {
      ...ELBV2, Action: 'ModifyTargetGroupAttributes', TargetGroupArn: arn, 'Attributes.member.1.Key': 'deregistration_delay.timeout_seconds', 'Attributes.member.1.Value': '10',
    });
  }
  for (let index = 0; index < Math.max(1, RESOURCES / 10); index++) {
    const created = await query(endpoint, 'elasticloadbalancing', {
      ...ELBV2, Action: 'CreateLoadBalancer', Name: `alb-${index}`, 'Subnets.member.1': subnetIds[0], 'Subnets.member.2': subnetIds[1],
    });
    const loadBalancerArn = /<LoadBalancerArn>([^<]+)<\/LoadBalancerArn>/.exec(created)[1];
    // A taken port only marks the listener failed (GET /_elbow/listeners); the restore cost is the same.
    await query(endpoint, 'elasticloadbalancing', {
      ...ELBV2, Action: 'CreateListener', LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: String(40000 + index),
      'DefaultActions.member.1.Type': 'forward', 'DefaultActions.member.1.TargetGroupArn': groupArns[index],
    });
  }
}

const elbow = await startElbow({ logLevel: 'silent' });
try {
  let started = process.hrtime.bigint();
  await buildFixture(elbow.endpoint);
  const buildMs = msSince(started);
  const snapshot = elbow.snapshot();
  const { id } = await (await fetch(`${elbow.endpoint}/_elbow/snapshots`, { method: 'POST' })).json();

  const programmatic = [];
  const overHttp = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Each restore starts from an empty state, the most it ever has to rewrite.
    await fetch(`${elbow.endpoint}/_elbow/reset`, { method: 'POST' });
    started = process.hrtime.bigint();
    await elbow.restore(snapshot);
    programmatic.push(msSince(started));
    await fetch(`${elbow.endpoint}/_elbow/reset`, { method: 'POST' });
    started = process.hrtime.bigint();
    await fetch(`${elbow.endpoint}/_elbow/snapshots/${id}/restore`, { method: 'POST' });
    overHttp.push(msSince(started));
  }
  console.log(`fixture: ${RESOURCES} target groups (tags, attributes), ${Math.max(1, RESOURCES / 10)} ALBs with a listener; snapshot ${(snapshot.image.byteLength / 1024).toFixed(0)} KiB`);
  console.log(`building it through the API (what a suite replays after /_elbow/reset): ${buildMs.toFixed(1)} ms`);
  console.log(`running.restore(snapshot), median of ${ROUNDS}: ${median(programmatic).toFixed(2)} ms`);
  console.log(`POST /_elbow/snapshots/${id}/restore, median of ${ROUNDS}: ${median(overHttp).toFixed(2)} ms`);
} finally {
  await elbow.stop();
}

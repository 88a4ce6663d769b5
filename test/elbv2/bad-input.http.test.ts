import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ELBV2_VERSION, formBody, parseErrorXml, startElbowUnderTest, type ElbowUnderTest } from '../support/elbow-under-test.js';
import { defaultVpc } from '../support/default-vpc.js';

// Each bad request is sent as raw bytes, as a hand-rolled or broken client would. Every answer
// must be AWS's XML error with the expected code and status, never a 500 or a stack trace, and
// the state must be exactly as before. Wordings: ../shared/spec/elbv2-attributes.md §3,
// elbv2-validation.md §4, query-protocol.md §6; unverified ones are listed in
// packages/elbv2/UNVERIFIED.md and packages/query-protocol/src/common-errors.ts.

let harness: ElbowUnderTest;
let targetGroupArn: string;
let stateBefore: string;

async function snapshot(): Promise<string> {
  const groups = await harness.elbv2.send(new DescribeTargetGroupsCommand({}));
  const attributes = await harness.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }));
  const tags = await harness.elbv2.send(new DescribeTagsCommand({ ResourceArns: [targetGroupArn] }));
  return JSON.stringify([groups.TargetGroups, attributes.Attributes, tags.TagDescriptions]);
}

/** The emulator's default VPC (target groups need a VPC that exists). */
let vpcId: string;
beforeAll(async () => {
  harness = await startElbowUnderTest();
  ({ vpcId } = await defaultVpc(harness.elbow));
  const { TargetGroups } = await harness.elbv2.send(
    new CreateTargetGroupCommand({ Name: 'my-targets', Protocol: 'HTTP', Port: 80, VpcId: vpcId, Tags: [{ Key: 'k', Value: 'v' }] }),
  );
  targetGroupArn = TargetGroups![0]!.TargetGroupArn!;
  stateBefore = await snapshot();
});
afterAll(async () => {
  await harness?.stop();
});

const modifyAttributes = (pairs: [string, string][]) =>
  formBody({
    Action: 'ModifyTargetGroupAttributes',
    Version: ELBV2_VERSION,
    TargetGroupArn: targetGroupArn,
    ...Object.fromEntries(pairs.flatMap(([key, value], index) => [
      [`Attributes.member.${index + 1}.Key`, key],
      [`Attributes.member.${index + 1}.Value`, value],
    ])),
  });

const createGroup = (name: string) =>
  formBody({ Action: 'CreateTargetGroup', Version: ELBV2_VERSION, Name: name, Protocol: 'HTTP', Port: '80', VpcId: vpcId });

interface BadRequest {
  what: string;
  body: () => string | Buffer;
  status: number;
  code: string;
  message?: string | RegExp;
}

const BAD_REQUESTS: BadRequest[] = [
  {
    what: 'a reserved app cookie name (AWSALB prefix)',
    body: () => modifyAttributes([['stickiness.enabled', 'true'], ['stickiness.type', 'app_cookie'], ['stickiness.app_cookie.cookie_name', 'AWSALBTG']]),
    status: 400,
    code: 'ValidationError',
    message: "Application cookie name 'AWSALBTG' cannot start with a reserved prefix: 'AWSALB', 'AWSALBAPP' or 'AWSALBTG'",
  },
  {
    what: 'an lb_cookie duration of 0',
    body: () => modifyAttributes([['stickiness.lb_cookie.duration_seconds', '0']]),
    status: 400,
    code: 'ValidationError',
    message: "'stickiness.lb_cookie.duration_seconds' value '0' must be between '1-604800' inclusive",
  },
  {
    what: 'an app_cookie duration of 604801',
    body: () => modifyAttributes([['stickiness.app_cookie.duration_seconds', '604801']]),
    status: 400,
    code: 'ValidationError',
    message: "'stickiness.app_cookie.duration_seconds' value '604801' must be between '1-604800' inclusive",
  },
  {
    what: 'app_cookie stickiness without a cookie name',
    body: () => modifyAttributes([['stickiness.enabled', 'true'], ['stickiness.type', 'app_cookie']]),
    status: 400,
    code: 'InvalidConfigurationRequest',
    message: "You must set an application cookie name to enable stickiness of type 'app_cookie'",
  },
  {
    what: 'an unknown attribute key, even beside a valid one',
    body: () => modifyAttributes([['stickiness.enabled', 'true'], ['tcp_keepalive.enabled', 'true']]),
    status: 400,
    code: 'ValidationError',
    message: "Target group attribute key 'tcp_keepalive.enabled' is not recognized",
  },
  {
    what: 'a target group name of 33 characters',
    body: () => createGroup('a'.repeat(33)),
    status: 400,
    code: 'ValidationError',
    message: `Target group name '${'a'.repeat(33)}' cannot be longer than '32' characters`,
  },
  {
    what: 'a target group name with bad characters',
    body: () => createGroup('my_targets!'),
    status: 400,
    code: 'ValidationError',
    message: "Target group name 'my_targets!' can only contain characters that are alphanumeric characters or hyphens(-)",
  },
  {
    what: 'a port out of the model range',
    body: () => formBody({ Action: 'CreateTargetGroup', Version: ELBV2_VERSION, Name: 'x', Protocol: 'HTTP', Port: '0', VpcId: vpcId }),
    status: 400,
    code: 'ValidationError',
    message: "1 validation error detected: Value '0' at 'port' failed to satisfy constraint: Member must have value greater than or equal to 1",
  },
  {
    what: 'a malformed percent escape',
    body: () => `Action=CreateTargetGroup&Version=${ELBV2_VERSION}&Name=bad%zzname`,
    status: 404,
    code: 'MalformedQueryString',
  },
  {
    what: 'a body truncated inside a percent escape',
    body: () => `Action=CreateTargetGroup&Version=${ELBV2_VERSION}&Name=trunc%2`,
    status: 404,
    code: 'MalformedQueryString',
  },
  {
    what: 'a body truncated inside an enum value',
    body: () => `Action=CreateTargetGroup&Version=${ELBV2_VERSION}&Name=trunc&Port=80&VpcId=${vpcId}&Protocol=HT`,
    status: 400,
    code: 'ValidationError',
    message: /^1 validation error detected: Value 'HT' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: \[/,
  },
  {
    what: 'invalid UTF-8, percent-encoded',
    body: () => `Action=CreateTargetGroup&Version=${ELBV2_VERSION}&Name=%FF%FE&Protocol=HTTP&Port=80&VpcId=${vpcId}`,
    status: 404,
    code: 'MalformedQueryString',
  },
  {
    what: 'invalid UTF-8, as raw bytes',
    body: () => Buffer.concat([Buffer.from(`Action=CreateTargetGroup&Version=${ELBV2_VERSION}&Name=`), Buffer.from([0xc3, 0x28])]),
    status: 404,
    code: 'MalformedQueryString',
  },
  {
    what: 'an unknown Action',
    body: () => `Action=CreateTargetGroupz&Version=${ELBV2_VERSION}`,
    status: 400,
    code: 'InvalidAction',
    message: `Could not find operation CreateTargetGroupz for version ${ELBV2_VERSION}`,
  },
  {
    what: 'a wrong Version',
    body: () => 'Action=DescribeTargetGroups&Version=2015-12-02',
    status: 400,
    code: 'InvalidAction',
    message: 'Could not find operation DescribeTargetGroups for version 2015-12-02',
  },
  {
    what: 'no Action at all',
    body: () => `Version=${ELBV2_VERSION}`,
    status: 400,
    code: 'MissingAction',
  },
  {
    what: 'a list index gap (member.1, member.3)',
    body: () => `Action=DescribeTargetGroups&Version=${ELBV2_VERSION}&Names.member.1=my-targets&Names.member.3=other`,
    status: 400,
    code: 'InvalidQueryParameter',
  },
  {
    what: 'a parameter given twice',
    body: () => `Action=DeleteTargetGroup&Version=${ELBV2_VERSION}&TargetGroupArn=a&TargetGroupArn=b`,
    status: 404,
    code: 'MalformedQueryString',
  },
  {
    what: 'an unknown parameter',
    body: () => `Action=DescribeTargetGroups&Version=${ELBV2_VERSION}&Bogus=1`,
    status: 400,
    code: 'InvalidQueryParameter',
  },
  {
    what: 'a non-numeric integer',
    body: () => `Action=DescribeTargetGroups&Version=${ELBV2_VERSION}&PageSize=12abc`,
    status: 400,
    code: 'InvalidParameterValue',
  },
  {
    what: 'a delete of the group with a malformed ARN',
    body: () => `Action=DeleteTargetGroup&Version=${ELBV2_VERSION}&TargetGroupArn=not-an-arn`,
    status: 400,
    code: 'ValidationError',
    message: "'not-an-arn' is not a valid target group ARN",
  },
  {
    what: 'a body over the size limit',
    body: () => `Action=DescribeTargetGroups&Version=${ELBV2_VERSION}&Names.member.1=${'a'.repeat(2 * 1024 * 1024)}`,
    status: 413,
    code: 'RequestEntityTooLarge',
  },
];

describe('bad input over raw HTTP', () => {
  it.each(BAD_REQUESTS)('answers $what with $code ($status) and changes nothing', async ({ body, status, code, message }) => {
    const response = await harness.post(body());
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    const error = parseErrorXml(response.body);
    expect(error.code).toBe(code);
    expect(error.type).toBe('Sender');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else if (message) expect(error.message).toMatch(message);
    else expect(error.message?.length).toBeGreaterThan(0);
    expect(response.body).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules/);
    expect(await snapshot()).toBe(stateBefore);
  });

  it('survives a client that announces a body and hangs up half way, and keeps serving', async () => {
    const { port } = new URL(harness.elbow.endpoint);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nAction=CreateTargetGroup&Version=2015-12-01&Name=half',
        );
        socket.end();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    expect(await snapshot()).toBe(stateBefore);
  });

  it('answers a request that is not form-encoded with an AWS error, not a 415', async () => {
    const response = await harness.post('{"Action":"DescribeTargetGroups"}', { 'content-type': 'application/json' });
    expect(response.status).toBeLessThan(500);
    expect(parseErrorXml(response.body).code).toBeDefined();
    expect(await snapshot()).toBe(stateBefore);
  });
});

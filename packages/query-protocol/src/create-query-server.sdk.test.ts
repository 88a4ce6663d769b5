/**
 * Round trips through the real AWS SDK for JavaScript v3 serde (STYLE "Tests"): the SDK
 * serializes a command, a capturing request handler hands the signed HttpRequest to our server,
 * a test handler answers, and the SDK parses our XML. What the SDK sends is recorded so the tests
 * also pin the wire format we accept (aws-sdk-js-v3 QueryShapeSerializer, serializeEmptyLists: true).
 */
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  SetSecurityGroupsCommand,
  AddTrustStoreRevocationsCommand,
  TargetGroupNotFoundException,
  ElasticLoadBalancingV2ServiceException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { loadServiceModel, type elbv2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { createQueryServer } from './create-query-server.js';
import { defineQueryService } from './define-query-service.js';
import type { HandlerTable } from './handler-table.js';
import type { RequestContext } from './request-context.js';
import { ServiceError } from './service-error.js';
import { unbuiltTable } from './testing/unbuilt-table.js';

type Ops = elbv2.Elbv2Operations;

interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query?: Record<string, string | string[] | null>;
  body?: unknown;
}

function harness(handlers: Partial<HandlerTable<Ops>>) {
  const bundle = loadServiceModel('elbv2');
  const calls: Array<{ input: unknown; context: RequestContext }> = [];
  const record = <I, O>(handler: (input: I, context: RequestContext) => O | Promise<O>) => (input: I, context: RequestContext) => {
    calls.push({ input, context });
    return handler(input, context);
  };
  const table = { ...(unbuiltTable(bundle.model) as HandlerTable<Ops>) };
  for (const [name, handler] of Object.entries(handlers)) {
    (table as Record<string, unknown>)[name] = typeof handler === 'function' ? record(handler as (i: unknown, c: RequestContext) => unknown) : handler;
  }
  let counter = 0;
  const server = createQueryServer({
    services: [defineQueryService<Ops>({ bundle, handlers: table })],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
    clock: () => new Date('2026-11-21T10:00:00.000Z'),
    newRequestId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
  });
  const sent: string[] = [];
  const client = new ElasticLoadBalancingV2Client({
    region: 'us-west-2',
    endpoint: 'http://elbow.test',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: SentRequest) {
        const body = String(request.body ?? '');
        sent.push(body);
        const rawQuery = new URLSearchParams(
          Object.entries(request.query ?? {}).flatMap(([k, v]) => (v == null ? [] : [v].flat().map((x): [string, string] => [k, x]))),
        ).toString();
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const response = await server.handle({ method: request.method, headers, rawQuery, body: Buffer.from(body) });
        return {
          response: {
            statusCode: response.statusCode,
            headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v])),
            body: Buffer.from(response.body),
          },
        };
      },
    },
  });
  return { client, calls, sent };
}

/** The parsed output without the SDK's response metadata, to compare with what the handler returned. */
function withoutMetadata<T extends { $metadata: unknown }>(result: T): Omit<T, '$metadata'> {
  const { $metadata, ...output } = result;
  expect($metadata).toBeDefined();
  return output;
}

describe('SDK v3 round trip', () => {
  it('CreateTargetGroup: tags, matcher, numbers and booleans go in typed and come back equal', async () => {
    const output: Ops['CreateTargetGroup']['output'] = {
      TargetGroups: [
        {
          TargetGroupArn: 'arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web/0123456789abcdef',
          TargetGroupName: 'web',
          Protocol: 'HTTP',
          Port: 8080,
          VpcId: 'vpc-1',
          HealthCheckEnabled: false,
          HealthCheckIntervalSeconds: 30,
          HealthCheckPath: '/health?x=1&y=<2>',
          Matcher: { HttpCode: '200-299' },
          LoadBalancerArns: [],
          TargetType: 'ip',
        },
      ],
    };
    const { client, calls, sent } = harness({ CreateTargetGroup: () => output });
    const result = await client.send(
      new CreateTargetGroupCommand({
        Name: 'web',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-1',
        HealthCheckEnabled: false,
        HealthCheckIntervalSeconds: 30,
        HealthCheckPath: '/health?x=1&y=<2>',
        Matcher: { HttpCode: '200-299' },
        TargetType: 'ip',
        Tags: [
          { Key: 'env', Value: 'dev test' },
          { Key: 'team', Value: 'équipe 名前 +=' },
        ],
      }),
    );
    expect(sent[0]).toContain('Action=CreateTargetGroup&Version=2015-12-01');
    expect(sent[0]).toContain('Tags.member.2.Value=');
    expect(calls).toEqual([
      {
        input: {
          Name: 'web',
          Protocol: 'HTTP',
          Port: 8080,
          VpcId: 'vpc-1',
          HealthCheckEnabled: false,
          HealthCheckIntervalSeconds: 30,
          HealthCheckPath: '/health?x=1&y=<2>',
          Matcher: { HttpCode: '200-299' },
          TargetType: 'ip',
          Tags: [
            { Key: 'env', Value: 'dev test' },
            { Key: 'team', Value: 'équipe 名前 +=' },
          ],
        },
        context: {
          requestId: '00000000-0000-4000-8000-000000000001',
          accountId: '000000000000',
          region: 'us-west-2',
          now: new Date('2026-11-21T10:00:00.000Z'),
        },
      },
    ]);
    const { $metadata, ...parsed } = result;
    expect(parsed).toEqual(output);
    expect($metadata.httpStatusCode).toBe(200);
    expect($metadata.requestId).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('DescribeLoadBalancers: timestamps come back as equal Dates, nested lists and structures intact', async () => {
    const output: Ops['DescribeLoadBalancers']['output'] = {
      LoadBalancers: [
        {
          LoadBalancerArn: 'arn:lb',
          DNSName: 'lb-1.us-west-2.elb.amazonaws.com',
          CreatedTime: new Date('2017-08-25T21:26:12.920Z'),
          LoadBalancerName: 'lb',
          Scheme: 'internet-facing',
          VpcId: 'vpc-1',
          State: { Code: 'active' },
          Type: 'application',
          AvailabilityZones: [
            { ZoneName: 'us-west-2a', SubnetId: 'subnet-a', LoadBalancerAddresses: [{ IpAddress: '10.0.0.1', AllocationId: 'eipalloc-1' }] },
            { ZoneName: 'us-west-2b', SubnetId: 'subnet-b' },
          ],
          SecurityGroups: ['sg-1', 'sg-2'],
          IpAddressType: 'ipv4',
        },
      ],
      NextMarker: 'opaque-2',
    };
    const { client, calls } = harness({ DescribeLoadBalancers: () => output });
    const parsed = withoutMetadata(await client.send(new DescribeLoadBalancersCommand({ Names: ['lb'], PageSize: 400 })));
    expect(calls[0]?.input).toEqual({ Names: ['lb'], PageSize: 400 });
    expect(parsed).toEqual(output);
    expect(parsed.LoadBalancers?.[0]?.CreatedTime).toBeInstanceOf(Date);
  });

  it('ModifyTargetGroupAttributes: a list of Key/Value structures', async () => {
    const attributes = [
      { Key: 'stickiness.enabled', Value: 'true' },
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
    ];
    const { client, calls } = harness({ ModifyTargetGroupAttributes: () => ({ Attributes: attributes }) });
    const parsed = withoutMetadata(await client.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: 'arn:tg', Attributes: attributes })));
    expect(calls[0]?.input).toEqual({ TargetGroupArn: 'arn:tg', Attributes: attributes });
    expect(parsed).toEqual({ Attributes: attributes });
  });

  it('SetSecurityGroups: the SDK sends an empty list as a bare key, read as []', async () => {
    const { client, calls, sent } = harness({ SetSecurityGroups: () => ({ SecurityGroupIds: [] }) });
    const parsed = withoutMetadata(await client.send(new SetSecurityGroupsCommand({ LoadBalancerArn: 'arn:lb', SecurityGroups: [] })));
    expect(sent[0]).toContain('&SecurityGroups=');
    expect(calls[0]?.input).toEqual({ LoadBalancerArn: 'arn:lb', SecurityGroups: [] });
    // The SDK reads an empty <SecurityGroupIds/> as an empty list.
    expect(parsed).toEqual({ SecurityGroupIds: [] });
  });

  it('CreateRule: an entry.N.key/value map and nested action configuration', async () => {
    const { client, calls, sent } = harness({ CreateRule: () => ({ Rules: [{ RuleArn: 'arn:rule', Priority: '5', IsDefault: false }] }) });
    const parsed = withoutMetadata(
      await client.send(
        new CreateRuleCommand({
          ListenerArn: 'arn:listener',
          Priority: 5,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
          Actions: [
            {
              Type: 'authenticate-oidc',
              Order: 1,
              AuthenticateOidcConfig: {
                Issuer: 'https://issuer',
                AuthorizationEndpoint: 'https://issuer/auth',
                TokenEndpoint: 'https://issuer/token',
                UserInfoEndpoint: 'https://issuer/userinfo',
                ClientId: 'client',
                AuthenticationRequestExtraParams: { prompt: 'login', display: 'page' },
              },
            },
            { Type: 'forward', Order: 2, TargetGroupArn: 'arn:tg' },
          ],
        }),
      ),
    );
    expect(sent[0]).toContain('AuthenticationRequestExtraParams.entry.1.key=prompt');
    expect(calls[0]?.input).toMatchObject({
      Priority: 5,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
      Actions: [
        { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { AuthenticationRequestExtraParams: { prompt: 'login', display: 'page' } } },
        { Type: 'forward', Order: 2, TargetGroupArn: 'arn:tg' },
      ],
    });
    expect(parsed).toEqual({ Rules: [{ RuleArn: 'arn:rule', Priority: '5', IsDefault: false }] });
  });

  it('a modelled error surfaces as its SDK exception class with status, message and request id', async () => {
    const { client } = harness({
      DescribeTargetGroups: () => {
        throw new ServiceError('TargetGroupNotFound', 'One or more target groups not found');
      },
    });
    const error = await client.send(new DescribeTargetGroupsCommand({ Names: ['missing'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetGroupNotFoundException);
    const notFound = error as TargetGroupNotFoundException;
    expect(notFound.name).toBe('TargetGroupNotFoundException');
    expect(notFound.message).toBe('One or more target groups not found');
    expect(notFound.$metadata.httpStatusCode).toBe(400);
    expect(notFound.$metadata.requestId).toBe('00000000-0000-4000-8000-000000000001');
    expect(notFound.$fault).toBe('client');
  });

  it('a validation failure surfaces as ValidationError with the Coral message (JS v3 does not check ranges itself)', async () => {
    const { client } = harness({ DescribeTargetGroups: () => ({ TargetGroups: [] }) });
    const error = (await client.send(new DescribeTargetGroupsCommand({ PageSize: 0 })).catch((e: unknown) => e)) as ElasticLoadBalancingV2ServiceException;
    expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      "1 validation error detected: Value '0' at 'pageSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('an unbuilt operation surfaces as InvalidAction naming the operation', async () => {
    const { client } = harness({});
    const error = (await client
      .send(new AddTrustStoreRevocationsCommand({ TrustStoreArn: 'arn:ts' }))
      .catch((e: unknown) => e)) as ElasticLoadBalancingV2ServiceException;
    expect(error.name).toBe('InvalidAction');
    expect(error.message).toBe('elbow does not support AddTrustStoreRevocations yet');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});

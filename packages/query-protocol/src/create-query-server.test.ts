import { loadServiceModel } from '@elbow/api-models';
import { describe, expect, it, vi } from 'vitest';
import { createQueryServer, type QueryServerOptions } from './create-query-server.js';
import type { QueryServiceDefinition } from './handler-table.js';
import type { QueryHttpRequest } from './query-http.js';
import type { RequestContext } from './request-context.js';
import { ServiceError } from './service-error.js';
import { unbuiltTable } from './testing/unbuilt-table.js';

const elbv2 = loadServiceModel('elbv2');
const elb = loadServiceModel('elb');
const V2_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
const CLASSIC_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/';
const FAULT_NS = 'http://webservices.amazon.com/AWSFault/2005-15-09';
const NOW = new Date('2026-11-21T10:00:00.000Z');

function service(bundle: typeof elbv2, handlers: Record<string, unknown>): QueryServiceDefinition {
  return { bundle, handlers: { ...unbuiltTable(bundle.model), ...handlers } } as unknown as QueryServiceDefinition;
}

function server(
  v2Handlers: Record<string, unknown> = {},
  classicHandlers: Record<string, unknown> = {},
  extra: Partial<QueryServerOptions> = {},
) {
  let counter = 0;
  return createQueryServer({
    services: [service(elbv2, v2Handlers), service(elb, classicHandlers)],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
    clock: () => NOW,
    newRequestId: () => `req-${++counter}`,
    ...extra,
  });
}

function post(body: string, headers: QueryHttpRequest['headers'] = {}): QueryHttpRequest {
  return { method: 'POST', headers, rawQuery: '', body: Buffer.from(body) };
}

function errorBody(namespace: string, type: string, code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

describe('createQueryServer dispatch', () => {
  const shared = Object.keys(elbv2.model.operations).filter((name) => Object.hasOwn(elb.model.operations, name));

  it('finds the nine action names both APIs have', () => {
    expect(shared.sort()).toEqual([
      'AddTags',
      'CreateLoadBalancer',
      'DeleteLoadBalancer',
      'DescribeAccountLimits',
      'DescribeLoadBalancerAttributes',
      'DescribeLoadBalancers',
      'DescribeTags',
      'ModifyLoadBalancerAttributes',
      'RemoveTags',
    ]);
  });

  it.each(shared)('sends %s to the API its Version names', async (action) => {
    const v2 = vi.fn(() => ({}));
    const classic = vi.fn(() => ({}));
    const qs = server({ [action]: v2 }, { [action]: classic });
    // Required members are not sent, so most of these answer a ValidationError; either way the
    // namespace shows which API took the request, and the other API's handler is never called.
    const v2Response = await qs.handle(post(`Action=${action}&Version=2015-12-01`));
    expect(v2Response.body).toContain(`xmlns="${V2_NS}"`);
    expect(classic).not.toHaveBeenCalled();
    const classicResponse = await qs.handle(post(`Action=${action}&Version=2012-06-01`));
    expect(classicResponse.body).toContain(`xmlns="${CLASSIC_NS}"`);
    expect(v2).toHaveBeenCalledTimes(v2Response.statusCode === 200 ? 1 : 0);
    expect(classic).toHaveBeenCalledTimes(classicResponse.statusCode === 200 ? 1 : 0);
  });

  it('answers DescribeLoadBalancers from each API with that API’s handler and XML', async () => {
    const qs = server(
      { DescribeLoadBalancers: () => ({ LoadBalancers: [{ LoadBalancerName: 'v2' }] }) },
      { DescribeLoadBalancers: () => ({ LoadBalancerDescriptions: [{ LoadBalancerName: 'classic' }] }) },
    );
    const v2 = await qs.handle(post('Action=DescribeLoadBalancers&Version=2015-12-01'));
    const classic = await qs.handle(post('Action=DescribeLoadBalancers&Version=2012-06-01'));
    expect(v2).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': 'req-1' },
      body:
        `<DescribeLoadBalancersResponse xmlns="${V2_NS}"><DescribeLoadBalancersResult><LoadBalancers><member>` +
        '<LoadBalancerName>v2</LoadBalancerName></member></LoadBalancers></DescribeLoadBalancersResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>',
    });
    expect(classic.body).toBe(
      `<DescribeLoadBalancersResponse xmlns="${CLASSIC_NS}"><DescribeLoadBalancersResult><LoadBalancerDescriptions><member>` +
        '<LoadBalancerName>classic</LoadBalancerName></member></LoadBalancerDescriptions></DescribeLoadBalancersResult>' +
        '<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>',
    );
  });

  it('reads Action and Version from a GET query string too', async () => {
    const qs = server({ DescribeAccountLimits: () => ({ Limits: [] }) });
    const response = await qs.handle({ method: 'GET', headers: {}, rawQuery: 'Action=DescribeAccountLimits&Version=2015-12-01', body: Buffer.alloc(0) });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<DescribeAccountLimitsResult><Limits/></DescribeAccountLimitsResult>');
  });
});

describe('createQueryServer handler calls', () => {
  it('passes the typed input and a context from the SigV4 scope, clock and request id; awaits async handlers', async () => {
    const seen: Array<[unknown, RequestContext]> = [];
    const accountIdFor = vi.fn((key: string | undefined) => (key === 'AKIDALICE' ? '111111111111' : '222222222222'));
    const qs = server(
      {
        SetRulePriorities: async (input: unknown, context: RequestContext) => {
          seen.push([input, context]);
          return { Rules: [] };
        },
      },
      {},
      { accountIdFor },
    );
    const response = await qs.handle(
      post(
        'Action=SetRulePriorities&Version=2015-12-01&RulePriorities.member.1.RuleArn=arn%3Arule&RulePriorities.member.1.Priority=5',
        { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDALICE/20261121/eu-west-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=x' },
      ),
    );
    expect(response.statusCode).toBe(200);
    expect(seen).toEqual([
      [
        { RulePriorities: [{ RuleArn: 'arn:rule', Priority: 5 }] },
        { requestId: 'req-1', accountId: '111111111111', region: 'eu-west-1', now: NOW },
      ],
    ]);
    expect(accountIdFor).toHaveBeenCalledWith('AKIDALICE');
  });

  it('uses the default region and account for unsigned requests', async () => {
    const handler = vi.fn(() => ({ Rules: [] }));
    await server({ SetRulePriorities: handler }).handle(post('Action=SetRulePriorities&Version=2015-12-01&RulePriorities='));
    expect(handler).toHaveBeenCalledWith({ RulePriorities: [] }, { requestId: 'req-1', accountId: '000000000000', region: 'us-east-1', now: NOW });
  });
});

describe('createQueryServer protocol errors', () => {
  it.each([
    ['no Action', 'Version=2015-12-01', 400, 'MissingAction', 'The request must contain the parameter Action', FAULT_NS],
    ['no Version', 'Action=DescribeLoadBalancers', 400, 'MissingParameter', 'The request must contain the parameter Version', FAULT_NS],
    ['an unknown Version', 'Action=DescribeLoadBalancers&Version=2011-01-01', 400, 'InvalidAction', 'Could not find operation DescribeLoadBalancers for version 2011-01-01', FAULT_NS],
    ['an unknown Action', 'Action=DescribeLoadBalancer&Version=2015-12-01', 400, 'InvalidAction', 'Could not find operation DescribeLoadBalancer for version 2015-12-01', V2_NS],
    ['a classic-only Action with the elbv2 Version', 'Action=ConfigureHealthCheck&Version=2015-12-01', 400, 'InvalidAction', 'Could not find operation ConfigureHealthCheck for version 2015-12-01', V2_NS],
    ['an inherited property name as Action', 'Action=toString&Version=2015-12-01', 400, 'InvalidAction', 'Could not find operation toString for version 2015-12-01', V2_NS],
    ['an unbuilt operation', 'Action=CreateTrustStore&Version=2015-12-01', 400, 'InvalidAction', 'elbow does not support CreateTrustStore yet', V2_NS],
    ['a malformed escape', 'Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.1=%E0', 404, 'MalformedQueryString', 'The request body contains a malformed percent-encoded sequence: %E0', FAULT_NS],
    ['an unknown parameter', 'Action=DescribeTargetGroups&Version=2015-12-01&Name=x', 400, 'InvalidQueryParameter', 'The parameter Name is not recognized', V2_NS],
    ['a bad integer', 'Action=DescribeTargetGroups&Version=2015-12-01&PageSize=ten', 400, 'InvalidParameterValue', 'Value &apos;ten&apos; for parameter PageSize is invalid: expected a 32-bit integer', V2_NS],
    ['a model constraint', 'Action=DescribeTargetGroups&Version=2015-12-01&PageSize=0', 400, 'ValidationError', '1 validation error detected: Value &apos;0&apos; at &apos;pageSize&apos; failed to satisfy constraint: Member must have value greater than or equal to 1', V2_NS],
  ])('answers %s', async (_label, body, statusCode, code, message, namespace) => {
    const response = await server({ DescribeTargetGroups: () => ({}), DescribeLoadBalancers: () => ({}) }).handle(post(body));
    expect(response).toEqual({
      statusCode,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': 'req-1' },
      body: errorBody(namespace, 'Sender', code, message, 'req-1'),
    });
  });

  it('reports a missing required member as a ValidationError (classic wording)', async () => {
    const response = await server({}, { DescribeLoadBalancerPolicies: () => ({}), DescribeInstanceHealth: () => ({}) }).handle(
      post('Action=DescribeInstanceHealth&Version=2012-06-01'),
    );
    expect(response.body).toBe(
      errorBody(CLASSIC_NS, 'Sender', 'ValidationError', '1 validation error detected: Value null at &apos;loadBalancerName&apos; failed to satisfy constraint: Member must not be null', 'req-1'),
    );
  });
});

describe('createQueryServer handler errors', () => {
  it('takes status and fault type from the model exception with the thrown code', async () => {
    const qs = server(
      {
        DescribeTargetHealth: () => {
          throw new ServiceError('HealthUnavailable', 'Health is unavailable');
        },
        DescribeTargetGroups: () => {
          throw new ServiceError('InvalidConfigurationRequest', 'no');
        },
      },
      {
        DescribeLoadBalancers: () => {
          throw new ServiceError('InvalidConfigurationRequest', 'no');
        },
      },
    );
    const health = await qs.handle(post('Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn'));
    expect(health.statusCode).toBe(500);
    expect(health.body).toBe(errorBody(V2_NS, 'Receiver', 'HealthUnavailable', 'Health is unavailable', 'req-1'));
    // InvalidConfigurationRequest is 400 in elbv2 but 409 in classic elb.
    expect((await qs.handle(post('Action=DescribeTargetGroups&Version=2015-12-01'))).statusCode).toBe(400);
    expect((await qs.handle(post('Action=DescribeLoadBalancers&Version=2012-06-01'))).statusCode).toBe(409);
  });

  it('uses the ServiceError status for codes the model does not declare', async () => {
    const response = await server({
      DescribeTargetGroups: async () => {
        throw new ServiceError('Throttling', 'Rate exceeded', { statusCode: 400 });
      },
    }).handle(post('Action=DescribeTargetGroups&Version=2015-12-01'));
    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(errorBody(V2_NS, 'Sender', 'Throttling', 'Rate exceeded', 'req-1'));
  });

  it('reports any other failure to onInternalError and answers InternalFailure without details', async () => {
    const onInternalError = vi.fn();
    const bug = new Error('secret stack detail');
    const qs = server(
      {
        DescribeTargetGroups: () => {
          throw bug;
        },
        DescribeListeners: () => ({ Listeners: 'not a list' }),
      },
      {},
      { onInternalError },
    );
    const response = await qs.handle(post('Action=DescribeTargetGroups&Version=2015-12-01'));
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe(
      errorBody(V2_NS, 'Receiver', 'InternalFailure', 'elbow failed to process the request because of an internal error; the emulator log has the details.', 'req-1'),
    );
    expect(response.body).not.toContain('secret');
    expect(onInternalError).toHaveBeenCalledWith(bug, { action: 'DescribeTargetGroups', requestId: 'req-1' });

    const badOutput = await qs.handle(post('Action=DescribeListeners&Version=2015-12-01'));
    expect(badOutput.statusCode).toBe(500);
    expect(onInternalError).toHaveBeenLastCalledWith(expect.any(TypeError), { action: 'DescribeListeners', requestId: 'req-2' });
  });
});

describe('createQueryServer start-up', () => {
  it('refuses a handler table that does not match its model', () => {
    const handlers = unbuiltTable(elbv2.model);
    delete handlers.AddTags;
    expect(() =>
      createQueryServer({
        services: [{ bundle: elbv2, handlers: { ...handlers, Frobnicate: 'unbuilt' } } as unknown as QueryServiceDefinition],
        defaultRegion: 'us-east-1',
        defaultAccountId: '000000000000',
      }),
    ).toThrow('The Elastic Load Balancing v2 2015-12-01 handler table does not match its model: missing entries for AddTags; entries for operations the model does not have: Frobnicate');
  });

  it('refuses two services with the same API version', () => {
    expect(() =>
      createQueryServer({ services: [service(elbv2, {}), service(elbv2, {})], defaultRegion: 'us-east-1', defaultAccountId: '0' }),
    ).toThrow('Two services declare the API version 2015-12-01');
  });

  it('lists the unbuilt operations', () => {
    const qs = server({ DescribeTargetGroups: () => ({}) });
    expect(qs.unbuiltOperations).toContainEqual({ apiVersion: '2015-12-01', operation: 'CreateTrustStore' });
    expect(qs.unbuiltOperations).not.toContainEqual({ apiVersion: '2015-12-01', operation: 'DescribeTargetGroups' });
    expect(qs.unbuiltOperations).toHaveLength(51 - 1 + 29);
  });

  it('writes errors for other routes with a fresh request id', () => {
    expect(server().errorResponse({ code: 'NotFound', message: 'No route', statusCode: 404 })).toEqual({
      statusCode: 404,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': 'req-1' },
      body: errorBody(FAULT_NS, 'Sender', 'NotFound', 'No route', 'req-1'),
    });
  });
});

/**
 * The EC2 protocol strategy through the real `@aws-sdk/client-ec2` serde: the SDK serializes a
 * command, a capturing request handler hands it to our server, a test handler answers, and the
 * SDK parses our XML (success and error). What the SDK sends is recorded, pinning the EC2 wire
 * format we accept: `Filter.1.Value.1`, `InstanceId.1`, `TagSpecification.1.Tag.1.Key`, no `.member`.
 */
import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteVpcCommand,
  DescribeInstancesCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { loadServiceModel, type ec2 } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { createQueryServer } from './create-query-server.js';
import { defineQueryService } from './define-query-service.js';
import type { HandlerTable } from './handler-table.js';
import { ServiceError } from './service-error.js';
import { unbuiltTable } from './testing/unbuilt-table.js';

type Ops = ec2.Ec2Operations;

interface SentRequest {
  method: string;
  headers: Record<string, string>;
  query?: Record<string, string | string[] | null>;
  body?: unknown;
}

function harness(handlers: Partial<HandlerTable<Ops>>) {
  const bundle = loadServiceModel('ec2');
  const inputs: unknown[] = [];
  const table = { ...(unbuiltTable(bundle.model) as HandlerTable<Ops>) };
  for (const [name, handler] of Object.entries(handlers)) {
    (table as Record<string, unknown>)[name] = (input: unknown, context: unknown) => {
      inputs.push(input);
      return (handler as (i: unknown, c: unknown) => unknown)(input, context);
    };
  }
  const server = createQueryServer({
    services: [defineQueryService<Ops>({ bundle, handlers: table })],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
    newRequestId: () => '59dbff89-35bd-4eac-99ed-be587EXAMPLE',
  });
  const sent: string[] = [];
  const bodies: string[] = [];
  const client = new EC2Client({
    region: 'us-east-1',
    endpoint: 'http://elbow.test',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: SentRequest) {
        const body = String(request.body ?? '');
        sent.push(decodeURIComponent(body));
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const response = await server.handle({ method: request.method, headers, rawQuery: '', body: Buffer.from(body) });
        bodies.push(response.body);
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
  return { client, inputs, sent, bodies };
}

describe('EC2 protocol round trip through @aws-sdk/client-ec2', () => {
  it('DescribeVpcs: Filter.N.Name / Filter.N.Value.N and VpcId.N in, vpcSet/item out', async () => {
    const vpcs: Ops['DescribeVpcs']['output'] = {
      Vpcs: [
        {
          VpcId: 'vpc-0123456789abcdef0',
          CidrBlock: '172.31.0.0/16',
          State: 'available',
          IsDefault: true,
          InstanceTenancy: 'default',
          Tags: [{ Key: 'Name', Value: 'a & <b>' }],
          CidrBlockAssociationSet: [{ AssociationId: 'vpc-cidr-assoc-1', CidrBlock: '172.31.0.0/16', CidrBlockState: { State: 'associated' } }],
        },
      ],
    };
    const { client, inputs, sent, bodies } = harness({ DescribeVpcs: () => vpcs });
    const result = await client.send(
      new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'], Filters: [{ Name: 'is-default', Values: ['true', 'false'] }] }),
    );
    expect(sent[0]).toContain('Action=DescribeVpcs&Version=2016-11-15');
    expect(sent[0]).toContain('Filter.1.Name=is-default&Filter.1.Value.1=true&Filter.1.Value.2=false');
    expect(sent[0]).toContain('VpcId.1=vpc-0123456789abcdef0');
    expect(inputs[0]).toEqual({ VpcIds: ['vpc-0123456789abcdef0'], Filters: [{ Name: 'is-default', Values: ['true', 'false'] }] });
    expect(bodies[0]).toMatch(/^<DescribeVpcsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE<\/requestId><vpcSet><item><instanceTenancy>default<\/instanceTenancy>/);
    expect(bodies[0]).toContain('<tagSet><item><key>Name</key><value>a &amp; &lt;b&gt;</value></item></tagSet>');
    const { $metadata, ...output } = result;
    expect($metadata.requestId).toBe('59dbff89-35bd-4eac-99ed-be587EXAMPLE');
    expect(output).toEqual(vpcs);
  });

  it('RunInstances: TagSpecification.N.Tag.N, SecurityGroupId.N and numbers in; a Reservation with dates and nested sets out', async () => {
    const launchTime = new Date('2024-05-01T12:00:00.000Z');
    const reservation: Ops['RunInstances']['output'] = {
      ReservationId: 'r-0123456789abcdef0',
      OwnerId: '123456789012',
      Groups: [],
      Instances: [
        {
          InstanceId: 'i-0123456789abcdef0',
          ImageId: 'ami-12345678',
          State: { Code: 0, Name: 'pending' },
          LaunchTime: launchTime,
          Placement: { AvailabilityZone: 'us-east-1a' },
          SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'default' }],
          Tags: [{ Key: 'elbow:host', Value: '127.0.0.1' }],
          PrivateIpAddress: '172.31.0.4',
        },
      ],
    };
    const { client, inputs, sent } = harness({ RunInstances: () => reservation });
    const result = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-12345678',
        MinCount: 1,
        MaxCount: 2,
        SecurityGroupIds: ['sg-1'],
        ClientToken: 'token-1',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'elbow:host', Value: '127.0.0.1' }] }],
      }),
    );
    expect(sent[0]).toContain('TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=elbow:host&TagSpecification.1.Tag.1.Value=127.0.0.1');
    expect(sent[0]).toContain('SecurityGroupId.1=sg-1');
    expect(inputs[0]).toMatchObject({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 2, SecurityGroupIds: ['sg-1'] });
    const { $metadata, ...output } = result;
    expect($metadata).toBeDefined();
    expect(output).toEqual(reservation);
  });

  it('CreateTags and DescribeInstances: ResourceId.N, Tag.N, InstanceId.N, MaxResults', async () => {
    const { client, inputs, sent } = harness({ CreateTags: () => ({}), DescribeInstances: () => ({ Reservations: [] }) });
    await client.send(new CreateTagsCommand({ Resources: ['i-1', 'vpc-2'], Tags: [{ Key: 'k', Value: '' }] }));
    expect(sent[0]).toContain('ResourceId.1=i-1&ResourceId.2=vpc-2&Tag.1.Key=k&Tag.1.Value=');
    expect(inputs[0]).toEqual({ Resources: ['i-1', 'vpc-2'], Tags: [{ Key: 'k', Value: '' }] });
    const described = await client.send(new DescribeInstancesCommand({ InstanceIds: ['i-1'], MaxResults: 5 }));
    expect(sent[1]).toContain('InstanceId.1=i-1&MaxResults=5');
    expect(described.Reservations).toEqual([]);
  });

  it('a handler ServiceError arrives as EC2ServiceException with EC2 code, message, status and request id', async () => {
    const { client, bodies } = harness({
      DeleteVpc: (input) => {
        throw new ServiceError('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId}' does not exist`, { statusCode: 400 });
      },
    });
    const failure = await client.send(new DeleteVpcCommand({ VpcId: 'vpc-1' })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EC2ServiceException);
    const error = failure as EC2ServiceException;
    expect(error.name).toBe('InvalidVpcID.NotFound');
    expect(error.message).toBe(`The vpc ID 'vpc-1' does not exist`);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.requestId).toBe('59dbff89-35bd-4eac-99ed-be587EXAMPLE');
    expect(bodies[0]).toBe(
      `<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID &apos;vpc-1&apos; does not exist</Message></Error></Errors>` +
        `<RequestID>59dbff89-35bd-4eac-99ed-be587EXAMPLE</RequestID></Response>`,
    );
  });

  it('a missing required parameter is MissingParameter, named as EC2 names it', async () => {
    const { client } = harness({ CreateSecurityGroup: () => ({ GroupId: 'sg-1' }) });
    // The SDK does not enforce `required`, so the server's check is what a caller sees.
    const failure = (await client
      .send(new CreateSecurityGroupCommand({ GroupName: 'web' } as unknown as ConstructorParameters<typeof CreateSecurityGroupCommand>[0]))
      .catch((error: unknown) => error)) as EC2ServiceException;
    expect(failure.name).toBe('MissingParameter');
    expect(failure.message).toBe('The request must contain the parameter GroupDescription');
  });

  it('an enum value outside the model is InvalidParameterValue', async () => {
    const { client } = harness({ RunInstances: () => ({}) });
    const failure = (await client
      .send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, InstanceType: 'x9.huge' as never }))
      .catch((error: unknown) => error)) as EC2ServiceException;
    expect(failure.name).toBe('InvalidParameterValue');
    expect(failure.message).toBe('Value (x9.huge) for parameter InstanceType is invalid.');
  });
});

import type { ServiceModel } from '@elbow/api-models';

/**
 * A small hand-written model in the botocore format, covering every shape type the protocol
 * engine handles, for unit tests that should not depend on the ELB models' details.
 */
export const tinyModel: ServiceModel = {
  metadata: {
    apiVersion: '2020-01-01',
    endpointPrefix: 'tiny',
    protocol: 'query',
    serviceId: 'Tiny',
    xmlNamespace: 'http://tiny.example.com/doc/2020-01-01/',
  },
  operations: {
    PutThing: {
      name: 'PutThing',
      http: { method: 'POST', requestUri: '/' },
      input: { shape: 'PutThingInput' },
      output: { shape: 'PutThingOutput', resultWrapper: 'PutThingResult' },
      errors: [{ shape: 'ThingNotFoundException' }],
    },
    Ping: {
      name: 'Ping',
      http: { method: 'POST', requestUri: '/' },
      input: { shape: 'PingInput' },
      output: { shape: 'PingOutput', resultWrapper: 'PingResult' },
    },
  },
  shapes: {
    PutThingInput: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'Name' },
        Kind: { shape: 'Kind' },
        Count: { shape: 'Count' },
        Big: { shape: 'Big' },
        Ratio: { shape: 'Ratio' },
        Enabled: { shape: 'Flag' },
        At: { shape: 'When' },
        Labels: { shape: 'Labels' },
        Tags: { shape: 'TagList' },
        Params: { shape: 'Params' },
        Nested: { shape: 'Nested' },
      },
    },
    PutThingOutput: {
      type: 'structure',
      members: {
        Things: { shape: 'Things' },
        NextMarker: { shape: 'Name' },
      },
    },
    PingInput: { type: 'structure', members: {} },
    PingOutput: { type: 'structure', members: {} },
    Thing: {
      type: 'structure',
      members: {
        Name: { shape: 'Name' },
        Count: { shape: 'Count' },
        Ratio: { shape: 'Ratio' },
        Enabled: { shape: 'Flag' },
        At: { shape: 'When' },
        Labels: { shape: 'Labels' },
        Tags: { shape: 'TagList' },
        Params: { shape: 'Params' },
        Nested: { shape: 'Nested' },
      },
    },
    Things: { type: 'list', member: { shape: 'Thing' } },
    Nested: {
      type: 'structure',
      members: { Inner: { shape: 'Name' }, Deeper: { shape: 'Deeper' } },
    },
    Deeper: { type: 'structure', required: ['Value'], members: { Value: { shape: 'Count' } } },
    Name: { type: 'string', min: 1, max: 8 },
    Kind: { type: 'string', enum: ['small', 'large'] },
    Count: { type: 'integer', min: 1, max: 10 },
    Big: { type: 'long' },
    Ratio: { type: 'double' },
    Flag: { type: 'boolean' },
    When: { type: 'timestamp' },
    Labels: { type: 'list', member: { shape: 'Name' }, max: 3 },
    TagList: { type: 'list', member: { shape: 'Tag' }, min: 1 },
    Tag: {
      type: 'structure',
      required: ['Key'],
      members: { Key: { shape: 'TagKey' }, Value: { shape: 'TagValue' } },
    },
    TagKey: { type: 'string', min: 1, max: 128, pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$' },
    TagValue: { type: 'string', max: 256 },
    Params: { type: 'map', key: { shape: 'Name' }, value: { shape: 'TagValue' } },
    ThingNotFoundException: {
      type: 'structure',
      members: {},
      exception: true,
      error: { code: 'ThingNotFound', httpStatusCode: 404, senderFault: true },
    },
    BusyException: {
      type: 'structure',
      members: {},
      exception: true,
      error: { code: 'Busy', httpStatusCode: 503 },
    },
  },
};

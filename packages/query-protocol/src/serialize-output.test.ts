import { loadServiceModel } from '@elbow/api-models';
import { describe, expect, it } from 'vitest';
import { serializeOutput } from './serialize-output.js';
import { tinyModel } from './testing/tiny-model.js';

const NS = 'http://tiny.example.com/doc/2020-01-01/';
const META = '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>';

describe('serializeOutput', () => {
  it('writes every member kind in model member order, leaving out absent members', () => {
    const xml = serializeOutput(
      tinyModel,
      'PutThing',
      {
        NextMarker: 'm2',
        Things: [
          {
            Params: { a: '1', b: '2' },
            Tags: [{ Value: 'v', Key: 'k' }],
            Labels: ['x', 'y'],
            At: new Date('2017-08-25T21:26:12.920Z'),
            Enabled: true,
            Ratio: 0.25,
            Count: 7,
            Name: 'one',
            Nested: { Inner: undefined, Deeper: { Value: 3 } },
          },
          { Name: 'two', Enabled: false, Labels: [], Nested: {} },
        ],
      },
      'req-1',
    );
    expect(xml).toBe(
      `<PutThingResponse xmlns="${NS}"><PutThingResult>` +
        '<Things>' +
        '<member><Name>one</Name><Count>7</Count><Ratio>0.25</Ratio><Enabled>true</Enabled>' +
        '<At>2017-08-25T21:26:12.920Z</At><Labels><member>x</member><member>y</member></Labels>' +
        '<Tags><member><Key>k</Key><Value>v</Value></member></Tags>' +
        '<Params><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></Params>' +
        '<Nested><Deeper><Value>3</Value></Deeper></Nested></member>' +
        '<member><Name>two</Name><Enabled>false</Enabled><Labels/><Nested/></member>' +
        '</Things><NextMarker>m2</NextMarker>' +
        `</PutThingResult>${META}</PutThingResponse>`,
    );
  });

  it('writes timestamps in UTC with milliseconds', () => {
    const xml = serializeOutput(tinyModel, 'PutThing', { Things: [{ At: new Date(Date.UTC(2015, 2, 19, 3, 24, 2)) }] }, 'req-1');
    expect(xml).toContain('<At>2015-03-19T03:24:02.000Z</At>');
  });

  it('escapes text, keeps empty strings as empty elements', () => {
    const xml = serializeOutput(tinyModel, 'PutThing', { Things: [{ Name: `a&b<c>"d'e` }], NextMarker: '' }, 'req-1');
    expect(xml).toContain('<Name>a&amp;b&lt;c&gt;&quot;d&apos;e</Name>');
    expect(xml).toContain('<NextMarker></NextMarker>');
  });

  it('writes <XResult/> for an output without members, and for an empty output', () => {
    expect(serializeOutput(tinyModel, 'Ping', {}, 'req-1')).toBe(`<PingResponse xmlns="${NS}"><PingResult/>${META}</PingResponse>`);
    expect(serializeOutput(tinyModel, 'PutThing', undefined, 'req-1')).toBe(
      `<PutThingResponse xmlns="${NS}"><PutThingResult/>${META}</PutThingResponse>`,
    );
  });

  it('writes an empty list as <Name/>', () => {
    expect(serializeOutput(tinyModel, 'PutThing', { Things: [] }, 'req-1')).toContain('<PutThingResult><Things/></PutThingResult>');
  });

  it('writes a real elbv2 answer with the service namespace (DescribeTargetGroupAttributes)', () => {
    const { model } = loadServiceModel('elbv2');
    expect(
      serializeOutput(model, 'DescribeTargetGroupAttributes', { Attributes: [{ Key: 'stickiness.enabled', Value: 'false' }] }, 'r'),
    ).toBe(
      '<DescribeTargetGroupAttributesResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">' +
        '<DescribeTargetGroupAttributesResult><Attributes><member><Key>stickiness.enabled</Key><Value>false</Value></member></Attributes>' +
        '</DescribeTargetGroupAttributesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTargetGroupAttributesResponse>',
    );
  });

  it.each([
    ['a string member given a number', { Things: [{ Name: 5 }] }, 'Output shape Name needs a string, got number'],
    ['an integer member given a fraction', { Things: [{ Count: 1.5 }] }, 'Output shape Count needs an integer, got number'],
    ['a timestamp given a string', { Things: [{ At: '2017-01-01' }] }, 'Output shape When needs a valid Date, got string'],
    ['a list given an object', { Things: {} }, 'Output shape Things needs an array, got object'],
  ])('throws on %s (a handler bug)', (_label, output, message) => {
    expect(() => serializeOutput(tinyModel, 'PutThing', output, 'r')).toThrow(message);
  });
});

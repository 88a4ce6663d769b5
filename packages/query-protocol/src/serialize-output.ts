import type { ServiceModel, Shape } from '@elbow/api-models';
import { escapeXml } from './escape-xml.js';

/** Writes a value's element content (without its own tags); '' means an empty element. */
type ContentWriter = (value: unknown) => string;

interface CompiledModel {
  readonly writers: Map<string, ContentWriter>;
}

// Writers are built once per shape and model and reused by every response (plain string
// building, no DOM): DescribeTargetGroups must sustain thousands of responses a second.
const compiledModels = new WeakMap<ServiceModel, CompiledModel>();

/**
 * The awsQuery success body, as AWS writes it:
 * `<XResponse xmlns="…"><XResult>…</XResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></XResponse>`.
 * Members follow the model's member order; absent (`undefined`/`null`) members are left out;
 * lists are `<Name><member>…</member></Name>` (empty: `<Name/>`); maps are
 * `<entry><key>…</key><value>…</value></entry>`; timestamps are ISO 8601 UTC with milliseconds
 * (`2017-08-25T21:26:12.920Z`, /work/shared/spec/query-protocol.md §3). A value of the wrong type
 * is a bug in the handler and throws a plain Error (answered InternalFailure).
 */
export function serializeOutput(model: ServiceModel, operation: string, output: unknown, requestId: string): string {
  const op = operationOf(model, operation);
  const responseName = `${operation}Response`;
  const resultName = op.output?.resultWrapper ?? `${operation}Result`;
  const content = op.output ? writerFor(model, op.output.shape)(output ?? {}) : '';
  const result = content === '' ? `<${resultName}/>` : `<${resultName}>${content}</${resultName}>`;
  return (
    `<${responseName} xmlns="${escapeXml(model.metadata.xmlNamespace)}">${result}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${responseName}>`
  );
}

/**
 * The EC2 success body: `<XResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>…</requestId>…</XResponse>`
 * — no Result wrapper, `requestId` first, members and list items named by the model's
 * `locationName` (`<vpcSet><item>…</item></vpcSet>`), as in the EC2 API Reference examples
 * (e.g. DescribeVpcs "Example response") and botocore parsers.py EC2QueryParser. The namespace
 * ends with a slash on the wire, though the model's `xmlNamespace` does not.
 */
export function serializeEc2Output(model: ServiceModel, operation: string, output: unknown, requestId: string): string {
  const op = operationOf(model, operation);
  const responseName = `${operation}Response`;
  const content = op.output ? writerFor(model, op.output.shape)(output ?? {}) : '';
  const namespace = model.metadata.xmlNamespace.endsWith('/') ? model.metadata.xmlNamespace : `${model.metadata.xmlNamespace}/`;
  return `<${responseName} xmlns="${escapeXml(namespace)}"><requestId>${escapeXml(requestId)}</requestId>${content}</${responseName}>`;
}

function operationOf(model: ServiceModel, operation: string) {
  const op = model.operations[operation];
  if (!op) throw new Error(`The model has no operation ${operation}`);
  return op;
}

function writerFor(model: ServiceModel, shapeName: string): ContentWriter {
  let compiled = compiledModels.get(model);
  if (!compiled) {
    compiled = { writers: new Map() };
    compiledModels.set(model, compiled);
  }
  const cached = compiled.writers.get(shapeName);
  if (cached) return cached;
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`The model has no shape ${shapeName}`);
  const writer = buildWriter(model, shapeName, shape);
  compiled.writers.set(shapeName, writer);
  return writer;
}

/**
 * A writer for a member's shape, looked up on first use rather than while building the
 * enclosing writer, so that recursive shapes terminate; later calls skip the lookup.
 */
function lazyWriter(model: ServiceModel, shapeName: string): ContentWriter {
  let resolved: ContentWriter | undefined;
  return (value) => (resolved ??= writerFor(model, shapeName))(value);
}

/** `<Name>content</Name>`, or `<Name/>` for an empty list, map or structure. */
function element(name: string, content: string, isAggregate: boolean): string {
  return content === '' && isAggregate ? `<${name}/>` : `<${name}>${content}</${name}>`;
}

function isAggregate(shape: Shape | undefined): boolean {
  return shape?.type === 'structure' || shape?.type === 'list' || shape?.type === 'map';
}

function buildWriter(model: ServiceModel, shapeName: string, shape: Shape): ContentWriter {
  switch (shape.type) {
    case 'structure': {
      // An element is named by the member's locationName when the model gives one (EC2), else its name.
      const members = Object.entries(shape.members ?? {}).map(([name, ref]) => ({
        name,
        elementName: ref.locationName ?? name,
        aggregate: isAggregate(model.shapes[ref.shape]),
        write: lazyWriter(model, ref.shape),
      }));
      return (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(shapeName, 'an object', value);
        const record = value as Record<string, unknown>;
        let out = '';
        for (const member of members) {
          const field = record[member.name];
          if (field === undefined || field === null) continue;
          out += element(member.elementName, member.write(field), member.aggregate);
        }
        return out;
      };
    }
    case 'list': {
      const memberShape = shape.member.shape;
      // List items are `<member>` unless the model names them (EC2: `<item>`), as botocore's QueryParser reads them.
      const itemName = shape.member.locationName ?? 'member';
      const aggregate = isAggregate(model.shapes[memberShape]);
      const write = lazyWriter(model, memberShape);
      return (value) => {
        if (!Array.isArray(value)) throw wrongType(shapeName, 'an array', value);
        let out = '';
        for (const item of value) out += element(itemName, write(item), aggregate);
        return out;
      };
    }
    case 'map': {
      const keyShape = shape.key.shape;
      const valueShape = shape.value.shape;
      const aggregate = isAggregate(model.shapes[valueShape]);
      const writeKey = lazyWriter(model, keyShape);
      const writeValue = lazyWriter(model, valueShape);
      return (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(shapeName, 'an object', value);
        let out = '';
        for (const [key, entryValue] of Object.entries(value)) {
          if (entryValue === undefined || entryValue === null) continue;
          out +=
            `<entry><key>${writeKey(key)}</key>` + `${element('value', writeValue(entryValue), aggregate)}</entry>`;
        }
        return out;
      };
    }
    case 'string':
      return (value) => {
        if (typeof value !== 'string') throw wrongType(shapeName, 'a string', value);
        return escapeXml(value);
      };
    case 'boolean':
      return (value) => {
        if (typeof value !== 'boolean') throw wrongType(shapeName, 'a boolean', value);
        return value ? 'true' : 'false';
      };
    case 'integer':
    case 'long':
      return (value) => {
        if (!Number.isInteger(value)) throw wrongType(shapeName, 'an integer', value);
        return String(value);
      };
    case 'double':
    case 'float':
      return (value) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(shapeName, 'a finite number', value);
        return String(value);
      };
    case 'timestamp':
      return (value) => {
        if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw wrongType(shapeName, 'a valid Date', value);
        return value.toISOString();
      };
    default:
      throw new Error(`serializeOutput does not handle ${shape.type} shapes (${shapeName})`);
  }
}

function wrongType(shapeName: string, expected: string, value: unknown): Error {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new TypeError(`Output shape ${shapeName} needs ${expected}, got ${actual}`);
}

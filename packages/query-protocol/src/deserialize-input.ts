import type { ListShape, MapShape, ServiceModel, Shape, ShapeRef, StructureShape } from '@elbow/api-models';
import { commonError } from './common-errors.js';

/**
 * How a protocol names input parameters: awsQuery uses the member's `locationName` (else its
 * name) and `X.member.N` lists; EC2 uses `queryName`, else the capitalized `locationName`, else
 * the member name, and `X.N` lists (botocore serialize.py QuerySerializer / EC2Serializer).
 */
export interface InputNaming {
  /** The parameter segment of a structure member. */
  memberName(memberName: string, ref: ShapeRef): string;
  /** The segment between a list's name and its index (`member`), or undefined when items are `X.N`. */
  readonly listItemSegment: 'member' | undefined;
}

export const QUERY_INPUT_NAMING: InputNaming = {
  memberName: (memberName, ref) => ref.locationName ?? memberName,
  listItemSegment: 'member',
};

export const EC2_INPUT_NAMING: InputNaming = {
  memberName: (memberName, ref) => {
    if (ref.queryName !== undefined) return ref.queryName;
    if (ref.locationName !== undefined) return ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1);
    return memberName;
  },
  listItemSegment: undefined,
};

/** Per naming and structure shape: wire segment → member name, built once. */
const wireNameTables = new WeakMap<InputNaming, WeakMap<StructureShape, ReadonlyMap<string, string>>>();

function wireNamesOf(naming: InputNaming, shape: StructureShape): ReadonlyMap<string, string> {
  let perShape = wireNameTables.get(naming);
  if (!perShape) {
    perShape = new WeakMap();
    wireNameTables.set(naming, perShape);
  }
  let table = perShape.get(shape);
  if (!table) {
    table = new Map(Object.entries(shape.members ?? {}).map(([name, ref]) => [naming.memberName(name, ref), name]));
    perShape.set(shape, table);
  }
  return table;
}

/** One dotted segment of the parameter names, e.g. `Tags` → `member` → `1` → `Key`. */
interface ParamNode {
  /** The full parameter name up to this node, for error messages. */
  readonly name: string;
  value: string | undefined;
  children: Map<string, ParamNode> | undefined;
}

/**
 * Protocol parameters that are not members of any input shape: the operation selectors and the
 * SigV4 query-auth parameters (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Signature`, …,
 * AWS SigV4 "authenticating requests: using query parameters").
 */
function isProtocolParameter(name: string): boolean {
  return name === 'Action' || name === 'Version' || name.startsWith('X-Amz-');
}

const INTEGER = /^-?\d+$/;
const DOUBLE = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// botocore sends `%Y-%m-%dT%H:%M:%SZ`; SDK v3 sends `toISOString()` without `.000`.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;
const INDEX = /^[1-9]\d*$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Walks the input shape over the flat awsQuery parameters and returns the typed input:
 * `X.member.N` lists (N = 1..count, contiguous), `X.entry.N.key/value` maps, dotted nested
 * structures, `X=` as an empty list, and scalars converted by their shape type.
 * Unknown parameters, index gaps and unparsable scalars are ServiceErrors (STYLE rule 3);
 * model constraints (required, lengths, ranges, patterns, enums) are checked afterwards by the
 * input validator.
 */
export function deserializeInput(
  model: ServiceModel,
  inputShapeName: string | undefined,
  params: ReadonlyMap<string, string>,
  naming: InputNaming = QUERY_INPUT_NAMING,
): Record<string, unknown> {
  const root: ParamNode = { name: '', value: undefined, children: new Map() };
  for (const [name, value] of params) {
    if (isProtocolParameter(name)) continue;
    if (inputShapeName === undefined) throw unknownParameter(name);
    insertParameter(root, name, value);
  }
  if (inputShapeName === undefined) return {};
  return readStructure({ model, naming }, shapeOf(model, inputShapeName) as StructureShape, root);
}

interface Reader {
  readonly model: ServiceModel;
  readonly naming: InputNaming;
}

function insertParameter(root: ParamNode, name: string, value: string): void {
  let node = root;
  for (const segment of name.split('.')) {
    if (segment === '') throw unknownParameter(name);
    node.children ??= new Map();
    let child = node.children.get(segment);
    if (!child) {
      child = { name: node.name === '' ? segment : `${node.name}.${segment}`, value: undefined, children: undefined };
      node.children.set(segment, child);
    }
    node = child;
  }
  node.value = value;
}

function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`The model has no shape ${name}`);
  return shape;
}

function readValue(reader: Reader, shapeName: string, node: ParamNode): unknown {
  const shape = shapeOf(reader.model, shapeName);
  switch (shape.type) {
    case 'structure':
      return readStructure(reader, shape, node);
    case 'list':
      return readList(reader, shape, node);
    case 'map':
      return readMap(reader, shape, node);
    default:
      return readScalar(shape.type, node);
  }
}

function readStructure(reader: Reader, shape: StructureShape, node: ParamNode): Record<string, unknown> {
  if (node.value !== undefined && node.name !== '') {
    throw commonError('invalidQueryParameter', `The parameter ${node.name} is a structure and cannot take a value`);
  }
  const result: Record<string, unknown> = {};
  const members = shape.members ?? {};
  const wireNames = wireNamesOf(reader.naming, shape);
  for (const [segment, child] of node.children ?? []) {
    const memberName = wireNames.get(segment);
    const member = memberName === undefined ? undefined : members[memberName];
    if (memberName === undefined || !member) throw unknownParameter(firstLeafName(child));
    result[memberName] = readValue(reader, member.shape, child);
  }
  return result;
}

function readList(reader: Reader, shape: ListShape, node: ParamNode): unknown[] {
  const wrapper = reader.naming.listItemSegment;
  const itemsAs = wrapper === undefined ? `${node.name}.N` : `${node.name}.${wrapper}.N`;
  if (node.value !== undefined) {
    // botocore serializes an empty list as the bare key with an empty value (`SecurityGroups=`).
    if (node.value !== '' || node.children) {
      throw commonError(
        'invalidQueryParameter',
        `The parameter ${node.name} is a list: give its items as ${itemsAs}, or an empty value for an empty list`,
      );
    }
    return [];
  }
  const items = indexedChildren(node, wrapper);
  return items.map((item) => readValue(reader, shape.member.shape, item));
}

function readMap(reader: Reader, shape: MapShape, node: ParamNode): Record<string, unknown> {
  if (node.value !== undefined) {
    if (node.value !== '' || node.children) {
      throw commonError(
        'invalidQueryParameter',
        `The parameter ${node.name} is a map: give its entries as ${node.name}.entry.N.key and ${node.name}.entry.N.value`,
      );
    }
    return {};
  }
  const result: Record<string, unknown> = {};
  for (const entry of indexedChildren(node, 'entry')) {
    if (entry.value !== undefined) throw unknownParameter(entry.name);
    const keyNode = entry.children?.get('key');
    const valueNode = entry.children?.get('value');
    for (const [name, child] of entry.children ?? []) {
      if (name !== 'key' && name !== 'value') throw unknownParameter(firstLeafName(child));
    }
    if (!keyNode || !valueNode) {
      throw commonError('invalidQueryParameter', `The map entry ${entry.name} needs both ${entry.name}.key and ${entry.name}.value`);
    }
    const key = readValue(reader, shape.key.shape, keyNode) as string;
    if (Object.hasOwn(result, key)) {
      throw commonError('invalidQueryParameter', `The map ${node.name} has the key '${key}' more than once`);
    }
    // defineProperty, so that a key such as `__proto__` stays an ordinary entry.
    Object.defineProperty(result, key, {
      value: readValue(reader, shape.value.shape, valueNode),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

/**
 * The children of `<node>.<wrapper>.N` (or `<node>.N` without a wrapper, EC2's lists), ordered by
 * N, which must run 1..count without gaps.
 */
function indexedChildren(node: ParamNode, wrapper: 'member' | 'entry' | undefined): ParamNode[] {
  const children = node.children ?? new Map<string, ParamNode>();
  if (wrapper !== undefined) {
    for (const [name, child] of children) {
      if (name !== wrapper) throw unknownParameter(firstLeafName(child));
    }
  }
  const wrapperNode = wrapper === undefined ? node : children.get(wrapper);
  if (!wrapperNode) return [];
  if (wrapper !== undefined && wrapperNode.value !== undefined) {
    throw commonError('invalidQueryParameter', `The parameter ${wrapperNode.name} needs an index: ${wrapperNode.name}.1, ${wrapperNode.name}.2, …`);
  }
  const indexed: Array<[number, ParamNode]> = [];
  for (const [segment, child] of wrapperNode.children ?? []) {
    if (!INDEX.test(segment)) {
      throw commonError('invalidQueryParameter', `The parameter ${child.name} has an invalid index: indexes are whole numbers starting at 1`);
    }
    indexed.push([Number(segment), child]);
  }
  indexed.sort((a, b) => a[0] - b[0]);
  indexed.forEach(([index, child], position) => {
    if (index !== position + 1) {
      throw commonError(
        'invalidQueryParameter',
        `The parameter ${child.name} is out of sequence: expected ${wrapperNode.name}.${position + 1} (indexes start at 1 and have no gaps)`,
      );
    }
  });
  return indexed.map(([, child]) => child);
}

function readScalar(type: Shape['type'], node: ParamNode): unknown {
  if (node.children) {
    const [first] = node.children.values();
    throw unknownParameter(firstLeafName(first as ParamNode));
  }
  const raw = node.value as string;
  switch (type) {
    case 'string':
      return raw;
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw commonError('invalidParameterValue', raw, node.name, 'true or false');
    case 'integer':
    case 'long': {
      const value = INTEGER.test(raw) ? Number(raw) : Number.NaN;
      const inRange =
        type === 'integer' ? value >= INT32_MIN && value <= INT32_MAX : Number.isSafeInteger(value);
      if (!inRange) {
        throw commonError('invalidParameterValue', raw, node.name, type === 'integer' ? 'a 32-bit integer' : 'a 64-bit integer');
      }
      return value;
    }
    case 'double':
    case 'float': {
      const value = DOUBLE.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) throw commonError('invalidParameterValue', raw, node.name, 'a number');
      return value;
    }
    case 'timestamp': {
      const time = ISO_8601.test(raw) ? Date.parse(raw) : Number.NaN;
      if (Number.isNaN(time)) {
        throw commonError('invalidParameterValue', raw, node.name, 'an ISO 8601 timestamp such as 2017-08-25T21:26:12Z');
      }
      return new Date(time);
    }
    default:
      // No ELB model uses blob; refuse loudly rather than guess an encoding.
      throw new Error(`deserializeInput does not handle ${type} shapes`);
  }
}

/** The first complete parameter name at or under a node, to name an unknown parameter. */
function firstLeafName(node: ParamNode): string {
  let current = node;
  while (current.value === undefined && current.children) {
    const [first] = current.children.values();
    if (!first) break;
    current = first;
  }
  return current.name;
}

function unknownParameter(name: string) {
  return commonError('invalidQueryParameter', `The parameter ${name} is not recognized`);
}

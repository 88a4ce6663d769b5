import type { ServiceModel, Shape } from '@elbow/api-models';

/** A JSON Schema (draft-07 subset) as ajv takes it. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * Wraps a model pattern so that it must match the whole value, as AWS (Java `Matcher.matches`)
 * checks it; JSON Schema `pattern` only searches. Kept beside `modelPatternOf` so the validator
 * can report the pattern as the model writes it.
 */
export function anchorPattern(pattern: string): string {
  return `^(?:${pattern})$`;
}

/**
 * The JSON Schema of one input shape: `$ref` to it plus a `$defs` entry per reachable shape.
 * It carries the constraints the model declares (`required`, `min`/`max` as length, item count
 * or value, `pattern`, `enum`) plus the JSON type each shape maps to (ajv's strict mode wants it
 * beside those keywords). deserializeInput already enforces the types, so a type failure means a
 * caller bypassed it. Timestamps (Date objects) and booleans carry no constraints.
 */
export function buildInputSchema(model: ServiceModel, inputShapeName: string): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const pending = [inputShapeName];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (Object.hasOwn(defs, name)) continue;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`The model has no shape ${name}`);
    defs[name] = shapeSchema(shape, pending);
  }
  return { $ref: refTo(inputShapeName), $defs: defs };
}

function refTo(shapeName: string): string {
  return `#/$defs/${shapeName}`;
}

function shapeSchema(shape: Shape, pending: string[]): JsonSchema {
  switch (shape.type) {
    case 'structure': {
      const properties: Record<string, JsonSchema> = {};
      for (const [memberName, member] of Object.entries(shape.members ?? {})) {
        properties[memberName] = { $ref: refTo(member.shape) };
        pending.push(member.shape);
      }
      const schema: JsonSchema = { type: 'object', properties };
      if (shape.required && shape.required.length > 0) schema.required = [...shape.required];
      return schema;
    }
    case 'list': {
      pending.push(shape.member.shape);
      const schema: JsonSchema = { type: 'array', items: { $ref: refTo(shape.member.shape) } };
      if (shape.min !== undefined) schema.minItems = shape.min;
      if (shape.max !== undefined) schema.maxItems = shape.max;
      return schema;
    }
    case 'map': {
      pending.push(shape.key.shape, shape.value.shape);
      const schema: JsonSchema = {
        type: 'object',
        propertyNames: { $ref: refTo(shape.key.shape) },
        additionalProperties: { $ref: refTo(shape.value.shape) },
      };
      if (shape.min !== undefined) schema.minProperties = shape.min;
      if (shape.max !== undefined) schema.maxProperties = shape.max;
      return schema;
    }
    case 'string': {
      const schema: JsonSchema = { type: 'string' };
      if (shape.min !== undefined) schema.minLength = shape.min;
      if (shape.max !== undefined) schema.maxLength = shape.max;
      if (shape.pattern !== undefined) schema.pattern = anchorPattern(shape.pattern);
      if (shape.enum !== undefined) schema.enum = [...shape.enum];
      return schema;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const schema: JsonSchema = { type: shape.type === 'integer' || shape.type === 'long' ? 'integer' : 'number' };
      if (shape.min !== undefined) schema.minimum = shape.min;
      if (shape.max !== undefined) schema.maximum = shape.max;
      return schema;
    }
    default:
      return {};
  }
}

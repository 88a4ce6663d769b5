import type { ServiceModel, Shape } from '@elbow/api-models';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { buildInputSchema } from './build-input-schema.js';
import type { Constraint, ValidationFailure } from './validation-failure.js';

/** Checks a deserialized input against its operation's model constraints. */
export interface InputValidator {
  /** Failures in model member order; empty when the input is valid. */
  validate(operation: string, input: unknown): ValidationFailure[];
}

/**
 * One ajv instance per model; each operation's validator is compiled on its first request and
 * reused afterwards (never per request). `allErrors` so that one response lists every failure,
 * as AWS does ("2 validation errors detected"); `verbose` so that each error carries the value.
 * ajv's default `unicodeRegExp` compiles patterns with the `u` flag, which the model's
 * `\p{L}`-style classes need; its default `unicode` counts string length in code points (the
 * Smithy definition of length).
 */
export function createInputValidator(model: ServiceModel): InputValidator {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, unicodeRegExp: true });
  const compiled = new Map<string, ValidateFunction | null>();

  function validatorFor(operation: string): ValidateFunction | null {
    let validate = compiled.get(operation);
    if (validate === undefined) {
      const inputShape = model.operations[operation]?.input?.shape;
      validate = inputShape === undefined ? null : ajv.compile(buildInputSchema(model, inputShape));
      compiled.set(operation, validate);
    }
    return validate;
  }

  return {
    validate(operation, input) {
      const validate = validatorFor(operation);
      if (validate === null || validate(input)) return [];
      const inputShape = model.operations[operation]?.input?.shape as string;
      return (validate.errors ?? []).map((error) => toFailure(model, inputShape, error));
    },
  };
}

function toFailure(model: ServiceModel, inputShape: string, error: ErrorObject): ValidationFailure {
  const segments = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescapePointer);
  let shape = model.shapes[inputShape] as Shape;
  const path: string[] = [];
  for (const segment of segments) {
    if (shape.type === 'structure') {
      path.push(lowerFirst(segment));
      shape = model.shapes[shape.members?.[segment]?.shape as string] as Shape;
    } else if (shape.type === 'list') {
      path.push(String(Number(segment) + 1), 'member');
      shape = model.shapes[shape.member.shape] as Shape;
    } else if (shape.type === 'map') {
      path.push(segment);
      shape = model.shapes[shape.value.shape] as Shape;
    }
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    path.push(lowerFirst(missing));
    return { path: path.join('.'), constraint: { kind: 'required' }, value: undefined };
  }
  return { path: path.join('.'), constraint: constraintOf(error, shape), value: error.data };
}

function constraintOf(error: ErrorObject, shape: Shape): Constraint {
  const limit = (error.params as { limit?: number }).limit as number;
  switch (error.keyword) {
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { kind: 'minLength', limit };
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return { kind: 'maxLength', limit };
    case 'minimum':
      return { kind: 'minimum', limit };
    case 'maximum':
      return { kind: 'maximum', limit };
    case 'pattern':
      // Report the model's own pattern, not the anchored form given to ajv.
      return { kind: 'pattern', pattern: shape.pattern as string };
    case 'enum':
      return { kind: 'enum', values: shape.enum ?? [] };
    default:
      throw new Error(`No AWS wording for the JSON Schema keyword ${error.keyword}`);
  }
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

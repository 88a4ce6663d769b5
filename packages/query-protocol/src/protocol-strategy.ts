import type { ServiceModel, Shape, StructureShape } from '@elbow/api-models';
import { EC2_INPUT_NAMING, QUERY_INPUT_NAMING, type InputNaming } from './deserialize-input.js';
import { formatValidationMessage } from './format-validation-message.js';
import type { QueryHttpResponse } from './query-http.js';
import { serializeEc2Output, serializeOutput } from './serialize-output.js';
import { ServiceError, validationError } from './service-error.js';
import type { ValidationFailure } from './validation-failure.js';
import { writeEc2ErrorResponse, writeErrorResponse, type ErrorResponseFields } from './write-error-response.js';

/**
 * What differs between awsQuery (elbv2, elb) and EC2's variant of it, chosen from the model's
 * `metadata.protocol`. Everything else — form decoding, dispatch on Version and Action, model
 * validation, handler call, the one error path — is the same engine (STYLE rule 3).
 */
export interface ProtocolStrategy {
  readonly protocol: 'query' | 'ec2';
  /** Parameter names and list encoding on input. */
  readonly inputNaming: InputNaming;
  /** The ServiceError for failures of the model's constraints. */
  validationFailure(model: ServiceModel, operation: string, failures: readonly ValidationFailure[]): ServiceError;
  writeSuccess(model: ServiceModel, operation: string, output: unknown, requestId: string): string;
  writeError(fields: ErrorResponseFields): QueryHttpResponse;
}

export const QUERY_PROTOCOL: ProtocolStrategy = {
  protocol: 'query',
  inputNaming: QUERY_INPUT_NAMING,
  validationFailure: (_model, _operation, failures) => validationError(formatValidationMessage(failures)),
  writeSuccess: serializeOutput,
  writeError: writeErrorResponse,
};

/**
 * EC2 answers bad input with its own codes, not Coral's ValidationError: `MissingParameter` for
 * a required parameter and `InvalidParameterValue` for a value out of the model's range or enum
 * (EC2 API Reference, "Common client error codes"). It reports one problem at a time.
 * Wording: "The request must contain the parameter X" is EC2's form as quoted by public tools
 * (e.g. CreateKeyPair/KeyName) and "Value (v) for parameter x is invalid." as CloudFormation
 * relays RunInstances' instanceType failure (code index) — both unverified for these operations;
 * see packages/ec2/UNVERIFIED.md.
 */
export const EC2_PROTOCOL: ProtocolStrategy = {
  protocol: 'ec2',
  inputNaming: EC2_INPUT_NAMING,
  validationFailure(model, operation, failures) {
    const [first] = failures;
    if (!first) throw new Error('validationFailure needs at least one failure');
    const parameter = ec2ParameterName(model, operation, first.path);
    if (first.constraint.kind === 'required') {
      return new ServiceError('MissingParameter', `The request must contain the parameter ${parameter}`, { statusCode: 400 });
    }
    return new ServiceError('InvalidParameterValue', `Value (${String(first.value)}) for parameter ${parameter} is invalid.`, {
      statusCode: 400,
    });
  },
  writeSuccess: serializeEc2Output,
  writeError: writeEc2ErrorResponse,
};

export function protocolStrategyFor(protocol: string): ProtocolStrategy | undefined {
  if (protocol === 'query') return QUERY_PROTOCOL;
  if (protocol === 'ec2') return EC2_PROTOCOL;
  return undefined;
}

/**
 * The EC2 parameter name of a failure path (`tagSpecifications.1.member.tags.1.member.key` →
 * `TagSpecification.1.Tag.1.Key`), walking the input shape as the validator did.
 */
function ec2ParameterName(model: ServiceModel, operation: string, path: string): string {
  const inputShape = model.operations[operation]?.input?.shape;
  let shape: Shape | undefined = inputShape === undefined ? undefined : model.shapes[inputShape];
  const names: string[] = [];
  for (const segment of path.split('.')) {
    if (!shape) return path;
    if (shape.type === 'structure') {
      const found = memberBySegment(shape, segment);
      if (!found) return path;
      names.push(EC2_INPUT_NAMING.memberName(found[0], found[1]));
      shape = model.shapes[found[1].shape];
    } else if (shape.type === 'list') {
      if (segment === 'member') {
        shape = model.shapes[shape.member.shape];
      } else {
        names.push(segment);
      }
    } else {
      names.push(segment);
    }
  }
  return names.join('.');
}

function memberBySegment(shape: StructureShape, segment: string) {
  return Object.entries(shape.members ?? {}).find(([name]) => name.charAt(0).toLowerCase() + name.slice(1) === segment);
}

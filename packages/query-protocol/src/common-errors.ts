import { ServiceError } from './service-error.js';

/**
 * The namespace Coral-based Query services put on an ErrorResponse when they cannot tell which
 * API version was meant. Observed: SES answered an unknown Version with
 * `<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09">`
 * (github.com/django-ses/django-ses/issues/158). elbow also uses it for answers given before
 * any service is known (fastify 404/413/415).
 */
export const AWS_FAULT_NAMESPACE = 'http://webservices.amazon.com/AWSFault/2005-15-09';

/**
 * Protocol-level failures that no service model declares: one row per failure, with the code and
 * status written on the wire, how the message reads, and where that came from. "verified" means
 * seen in a real AWS response; "unverified" means chosen by elbow (reason given).
 *
 * Sources:
 * - [CE] AWS API Reference "Common Errors", the page shared by the Query services (re-read for this
 *   table in the Redshift, RDS and CloudSearch API references, identical there): MalformedQueryString
 *   404; InvalidQueryParameter, InvalidParameterValue, MissingAction, MissingParameter, InvalidAction
 *   400; InternalFailure 500. Codes and statuses verified; the messages below are elbow's.
 * - [SES] real Coral Query answers for an unknown Version: `InvalidAction` / Sender /
 *   "Could not find operation GetSendStatistics for version 2012-12-01" (github.com/aws/aws-cli/issues/37) and
 *   "Could not find operation GetSendQuota for version 2009-10-16", HTTP 400 (github.com/django-ses/django-ses/issues/158).
 */
export const COMMON_ERRORS = {
  /** Code/status from [CE]; message wording unverified (EC2-style "must contain the parameter"). */
  missingAction: {
    code: 'MissingAction',
    statusCode: 400,
    message: () => 'The request must contain the parameter Action',
  },
  /** Code/status from [CE]; what ELB answers without a Version is unverified. */
  missingVersion: {
    code: 'MissingParameter',
    statusCode: 400,
    message: () => 'The request must contain the parameter Version',
  },
  /**
   * Verified [SES]: the same code and message whether the Version or the Action is unknown
   * (Coral looks the operation up by the pair).
   */
  unknownOperation: {
    code: 'InvalidAction',
    statusCode: 400,
    message: (action: string, version: string) => `Could not find operation ${action} for version ${version}`,
  },
  /**
   * An operation of the model that elbow has not built yet. InvalidAction/400 because, to a
   * client, the endpoint does not offer that action: SDKs do not retry a 4xx (a 5xx such as 501
   * would be retried), and callers that probe for support already handle InvalidAction.
   */
  unbuiltOperation: {
    code: 'InvalidAction',
    statusCode: 400,
    message: (operation: string) => `elbow does not support ${operation} yet`,
  },
  /**
   * Body or query string that cannot be decoded (invalid UTF-8, malformed percent escape) or
   * names a parameter twice. Code and 404 status from [CE] ("MalformedQueryString"); what ELB
   * itself answers is unverified (Coral is believed to keep the last duplicate; elbow refuses).
   */
  malformedQueryString: {
    code: 'MalformedQueryString',
    statusCode: 404,
    message: (detail: string) => detail,
  },
  /**
   * A parameter the input shape does not have, or a list/map whose indexes are not 1..N.
   * Code/status from [CE] ("InvalidQueryParameter"). Unverified: real Query services are
   * believed to ignore unknown parameters; elbow is strict on purpose (STYLE rule 3).
   */
  invalidQueryParameter: {
    code: 'InvalidQueryParameter',
    statusCode: 400,
    message: (detail: string) => detail,
  },
  /** A scalar that does not parse as its shape's type. Code/status from [CE]; wording unverified. */
  invalidParameterValue: {
    code: 'InvalidParameterValue',
    statusCode: 400,
    message: (value: string, parameter: string, expected: string) =>
      `Value '${value}' for parameter ${parameter} is invalid: expected ${expected}`,
  },
  /** Anything that is not a ServiceError. Code/status from [CE]; the generic message is elbow's. */
  internalFailure: {
    code: 'InternalFailure',
    statusCode: 500,
    message: () => 'elbow failed to process the request because of an internal error; the emulator log has the details.',
  },
} as const satisfies Record<string, { code: string; statusCode: number; message: (...args: string[]) => string }>;

export type CommonErrorKind = keyof typeof COMMON_ERRORS;

/** Builds the ServiceError for one row of COMMON_ERRORS. */
export function commonError<Kind extends CommonErrorKind>(
  kind: Kind,
  ...args: Parameters<(typeof COMMON_ERRORS)[Kind]['message']>
): ServiceError {
  const row = COMMON_ERRORS[kind];
  const message = (row.message as (...a: string[]) => string)(...args);
  return new ServiceError(row.code, message, { statusCode: row.statusCode });
}

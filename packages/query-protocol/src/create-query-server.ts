import { randomUUID } from 'node:crypto';
import type { ServiceModel } from '@elbow/api-models';
import { AWS_FAULT_NAMESPACE, commonError } from './common-errors.js';
import { checkHandlerTable } from './check-handler-table.js';
import { createInputValidator, type InputValidator } from './create-input-validator.js';
import { deserializeInput } from './deserialize-input.js';
import type { OperationHandler, QueryServiceDefinition } from './handler-table.js';
import { buildModelErrorIndex, type ModelError } from './model-error-index.js';
import { parseFormBody } from './parse-form-body.js';
import type { QueryHttpRequest, QueryHttpResponse } from './query-http.js';
import { protocolStrategyFor, QUERY_PROTOCOL, type ProtocolStrategy } from './protocol-strategy.js';
import { readSigV4Scope } from './read-sigv4-scope.js';
import type { RequestContext } from './request-context.js';
import { ServiceError } from './service-error.js';
import { responseHeaders, writeErrorResponse } from './write-error-response.js';

export interface QueryServerOptions {
  /** The APIs served on the endpoint (e.g. elbv2 and elb), dispatched on `Version` and `Action`. */
  services: QueryServiceDefinition[];
  defaultRegion: string;
  defaultAccountId: string;
  /** The account a request acts in; default: always `defaultAccountId`. */
  accountIdFor?: (accessKeyId: string | undefined) => string;
  clock?: () => Date;
  newRequestId?: () => string;
  /** Told about every failure that is not a ServiceError (with its stack), before InternalFailure is answered. */
  onInternalError?: (error: unknown, details: { action?: string; requestId: string }) => void;
}

export interface QueryServer {
  handle(request: QueryHttpRequest): Promise<QueryHttpResponse>;
  /** An awsQuery error answer for failures outside the Query route (fastify 404/413/415). */
  errorResponse(fields: { code: string; message: string; statusCode: number; requestId?: string }): QueryHttpResponse;
  /** The operations answered with "elbow does not support … yet", per API version. */
  readonly unbuiltOperations: ReadonlyArray<{ apiVersion: string; operation: string }>;
}

interface ServedApi {
  readonly model: ServiceModel;
  readonly protocol: ProtocolStrategy;
  readonly handlers: Record<string, OperationHandler<unknown, unknown> | 'unbuilt'>;
  readonly validator: InputValidator;
  readonly errors: ReadonlyMap<string, ModelError>;
}

/**
 * The generic awsQuery server: decode the form, pick the API by `Version` and the operation by
 * `Action` (nine action names exist in both elbv2 and classic elb), deserialize and validate the
 * input against the model, call the handler, and write the XML answer. Every failure goes through
 * one path (STYLE rule 5): a ServiceError becomes an ErrorResponse with the model's status and
 * fault type for its code; anything else is reported to onInternalError and answered
 * InternalFailure (500) without details.
 */
export function createQueryServer(options: QueryServerOptions): QueryServer {
  const clock = options.clock ?? (() => new Date());
  const newRequestId = options.newRequestId ?? randomUUID;
  const accountIdFor = options.accountIdFor ?? (() => options.defaultAccountId);
  const apis = new Map<string, ServedApi>();
  const unbuiltOperations: Array<{ apiVersion: string; operation: string }> = [];

  for (const service of options.services) {
    const { model } = service.bundle;
    const { apiVersion } = model.metadata;
    const protocol = protocolStrategyFor(model.metadata.protocol);
    if (!protocol) {
      throw new Error(`${model.metadata.serviceId} ${apiVersion} uses the ${model.metadata.protocol} protocol, not query or ec2`);
    }
    if (apis.has(apiVersion)) throw new Error(`Two services declare the API version ${apiVersion}`);
    const { unbuilt } = checkHandlerTable(service);
    for (const operation of unbuilt) unbuiltOperations.push({ apiVersion, operation });
    apis.set(apiVersion, {
      model,
      protocol,
      handlers: service.handlers as ServedApi['handlers'],
      validator: createInputValidator(model),
      errors: buildModelErrorIndex(model),
    });
  }

  function errorFor(error: ServiceError, api: ServedApi | undefined, requestId: string, xmlNamespace?: string) {
    const modelled = api?.errors.get(error.code);
    const statusCode = modelled?.statusCode ?? error.statusCode ?? 400;
    return (api?.protocol ?? QUERY_PROTOCOL).writeError({
      code: error.code,
      message: error.message,
      statusCode,
      faultType: modelled?.faultType ?? error.faultType ?? (statusCode < 500 ? 'Sender' : 'Receiver'),
      xmlNamespace: xmlNamespace ?? api?.model.metadata.xmlNamespace ?? AWS_FAULT_NAMESPACE,
      requestId,
    });
  }

  async function handle(request: QueryHttpRequest): Promise<QueryHttpResponse> {
    const requestId = newRequestId();
    const now = clock();
    let api: ServedApi | undefined;
    let action: string | undefined;
    try {
      const params = parseFormBody(request.body, request.rawQuery);
      action = params.get('Action');
      const version = params.get('Version');
      if (action === undefined || action === '') throw commonError('missingAction');
      if (version === undefined || version === '') throw commonError('missingVersion');
      api = apis.get(version);
      if (!api) {
        // Without a known version there is no service namespace: answer as Coral does (see AWS_FAULT_NAMESPACE).
        return errorFor(commonError('unknownOperation', action, version), undefined, requestId, AWS_FAULT_NAMESPACE);
      }
      const operation = Object.hasOwn(api.model.operations, action) ? api.model.operations[action] : undefined;
      const handler = api.handlers[action];
      if (!operation || handler === undefined) throw commonError('unknownOperation', action, version);
      if (handler === 'unbuilt') throw commonError('unbuiltOperation', action);

      const input = deserializeInput(api.model, operation.input?.shape, params, api.protocol.inputNaming);
      const failures = api.validator.validate(action, input);
      if (failures.length > 0) throw api.protocol.validationFailure(api.model, action, failures);

      const scope = readSigV4Scope(request.headers, params);
      const context: RequestContext = {
        requestId,
        accountId: accountIdFor(scope?.accessKeyId),
        region: scope?.region ?? options.defaultRegion,
        now,
      };
      const output = await handler(input, context);
      const body = api.protocol.writeSuccess(api.model, action, output, requestId);
      return { statusCode: 200, headers: responseHeaders(requestId), body };
    } catch (error) {
      if (error instanceof ServiceError) return errorFor(error, api, requestId);
      options.onInternalError?.(error, action === undefined ? { requestId } : { action, requestId });
      return errorFor(commonError('internalFailure'), api, requestId);
    }
  }

  return {
    handle,
    errorResponse: (fields) =>
      writeErrorResponse({ ...fields, requestId: fields.requestId ?? newRequestId() }),
    unbuiltOperations,
  };
}

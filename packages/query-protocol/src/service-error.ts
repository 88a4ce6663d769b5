/**
 * The one way a handler fails on purpose. `code` is the model's `error.code` (what SDKs map to
 * exception classes), not the shape name. The HTTP status and fault type come from the model's
 * exception shape with that code; codes the model does not declare (ValidationError and the
 * common Query errors) carry their status here.
 * Anything thrown that is not a ServiceError is a bug: it is logged and answered InternalFailure.
 */
export class ServiceError extends Error {
  readonly code: string;
  /** Set only for codes the model does not declare; otherwise the model's httpStatusCode wins. */
  readonly statusCode: number | undefined;
  readonly faultType: 'Sender' | 'Receiver' | undefined;

  constructor(code: string, message: string, options: { statusCode?: number; faultType?: 'Sender' | 'Receiver' } = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.statusCode = options.statusCode;
    this.faultType = options.faultType;
  }
}

/** `ValidationError` (400, Sender): the code AWS uses for input the model cannot express. */
export function validationError(message: string): ServiceError {
  return new ServiceError('ValidationError', message, { statusCode: 400 });
}

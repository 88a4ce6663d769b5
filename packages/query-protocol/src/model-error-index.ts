import type { ServiceModel } from '@elbow/api-models';

export interface ModelError {
  readonly statusCode: number;
  readonly faultType: 'Sender' | 'Receiver';
}

/**
 * Every exception shape of a model by its wire code (`error.code`, which is what SDKs map to
 * exception classes — not the shape name, e.g. classic `AccessPointNotFoundException` →
 * `LoadBalancerNotFound`). All shapes are searched, not only an operation's declared errors,
 * since AWS returns codes an operation does not list. A shape without `senderFault` (elbv2
 * `HealthUnavailable`, `InsufficientCapacity`, both 500) is a Receiver fault.
 */
export function buildModelErrorIndex(model: ServiceModel): ReadonlyMap<string, ModelError> {
  const index = new Map<string, ModelError>();
  for (const shape of Object.values(model.shapes)) {
    if (shape.type !== 'structure' || !shape.error) continue;
    index.set(shape.error.code, {
      statusCode: shape.error.httpStatusCode,
      faultType: shape.error.senderFault ? 'Sender' : 'Receiver',
    });
  }
  return index;
}

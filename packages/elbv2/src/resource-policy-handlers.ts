import { ServiceError } from '@elbow/query-protocol';
import { isArnInScope } from './arn.js';
import type { SyncHandlers } from './handler-types.js';
import { scopeOf } from './handler-types.js';
import type { TrustStoreRepository } from './trust-store-repository.js';

export interface ResourcePolicyHandlerDependencies {
  readonly trustStores: TrustStoreRepository;
}

/**
 * GetResourcePolicy: elbv2 resource policies exist for trust stores shared through AWS RAM.
 * elbow has no RAM and stores no policies, so an existing trust store answers without a
 * `Policy` (the model's output member is optional), and anything else answers
 * ResourceNotFound (the only error the model lists; wording unverified).
 */
export function resourcePolicyQueries(deps: ResourcePolicyHandlerDependencies): SyncHandlers<'GetResourcePolicy'> {
  return {
    GetResourcePolicy(input, context) {
      const scope = scopeOf(context);
      if (!isArnInScope(input.ResourceArn, 'truststore', scope) || !deps.trustStores.findByArn(scope, input.ResourceArn)) {
        throw new ServiceError('ResourceNotFound', `The specified resource does not exist: '${input.ResourceArn}'`);
      }
      return {};
    },
  };
}

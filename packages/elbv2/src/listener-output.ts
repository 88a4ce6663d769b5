import type { elbv2 } from '@elbow/api-models';
import { actionsOutput } from './action-rules.js';
import type { ListenerRecord } from './listener-repository.js';

/**
 * A listener as AWS returns it (aws-cli `create-listener.rst`, `describe-listeners.rst`):
 * members without a value are left out (a GWLB listener has neither Protocol nor Port),
 * `Certificates` holds only the default certificate, without `IsDefault`.
 * `MutualAuthentication` is shown for HTTPS listeners, `{Mode: off}` until set (unverified:
 * whether AWS shows the `off` block on listeners that never set it).
 */
export function toListenerOutput(
  listener: ListenerRecord,
  defaultActions: readonly elbv2.Action[],
  defaultCertificateArn: string | undefined,
): elbv2.Listener {
  const output: elbv2.Listener = {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    ...(listener.port !== undefined ? { Port: listener.port } : {}),
    ...(listener.protocol !== undefined ? { Protocol: listener.protocol } : {}),
    ...(defaultCertificateArn !== undefined ? { Certificates: [{ CertificateArn: defaultCertificateArn }] } : {}),
    ...(listener.sslPolicy !== undefined ? { SslPolicy: listener.sslPolicy } : {}),
    DefaultActions: actionsOutput(defaultActions),
    ...(listener.alpnPolicy !== undefined ? { AlpnPolicy: [...listener.alpnPolicy] } : {}),
  };
  if (listener.protocol === 'HTTPS') output.MutualAuthentication = mutualAuthenticationOutput(listener);
  return output;
}

function mutualAuthenticationOutput(listener: ListenerRecord): elbv2.MutualAuthenticationAttributes {
  const mutual = listener.mutualAuthentication;
  if (mutual === undefined || mutual.mode === 'off') return { Mode: 'off' };
  return {
    Mode: mutual.mode,
    ...(mutual.trustStoreArn !== undefined ? { TrustStoreArn: mutual.trustStoreArn } : {}),
    ...(mutual.mode === 'verify'
      ? {
          IgnoreClientCertificateExpiry: mutual.ignoreClientCertificateExpiry ?? false,
          TrustStoreAssociationStatus: 'active' as const,
          AdvertiseTrustStoreCaNames: mutual.advertiseTrustStoreCaNames ?? 'off',
        }
      : {}),
  };
}

import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { assertCertificateArn } from './certificate-rules.js';
import type { ListenerMutualAuthentication, ListenerSettings } from './listener-repository.js';
import { DEFAULT_SSL_POLICY, findSslPolicy } from './ssl-policies.js';

/**
 * A listener's protocol, port, security policy, default certificate, ALPN policy and mutual
 * authentication, from CreateListener or ModifyListener input. Pure.
 *
 * Sources: [M1] botocore `CreateListenerInput` docs (protocols per load-balancer type; "You can't
 * specify a protocol/port for a Gateway Load Balancer"; Certificates "You must provide exactly
 * one certificate"; AlpnPolicy values), elbv2-validation.md §3 (`An SSL policy cannot be
 * specified for HTTP listeners.` [G1]), pulumi/pulumi#15712 (`A certificate must be specified for
 * HTTPS listeners`, a real response), the ALB/NLB guides for the default policy.
 */
export interface ResolvedListenerSettings extends ListenerSettings {
  readonly certificateArn: string | undefined;
}

export interface ListenerSettingsInput {
  readonly Protocol?: elbv2.ProtocolEnum;
  readonly Port?: number;
  readonly SslPolicy?: string;
  readonly Certificates?: elbv2.Certificate[];
  readonly AlpnPolicy?: string[];
  readonly MutualAuthentication?: elbv2.MutualAuthenticationAttributes;
}

export const PROTOCOLS_BY_TYPE: Record<elbv2.LoadBalancerTypeEnum, readonly elbv2.ProtocolEnum[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'],
  gateway: ['GENEVE'],
};
const SECURE_PROTOCOLS: ReadonlySet<elbv2.ProtocolEnum> = new Set(['HTTPS', 'TLS']);
/** [M1 CreateListenerInput.AlpnPolicy]. */
export const ALPN_POLICIES = ['HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'] as const;
const MUTUAL_AUTHENTICATION_MODES = ['off', 'passthrough', 'verify'] as const;

export function resolveListenerSettings(
  input: ListenerSettingsInput,
  loadBalancerType: elbv2.LoadBalancerTypeEnum,
  current?: ResolvedListenerSettings,
): ResolvedListenerSettings {
  let protocol = input.Protocol ?? current?.protocol;
  let port = input.Port ?? current?.port;
  if (loadBalancerType === 'gateway') {
    if (input.Port !== undefined || (input.Protocol !== undefined && input.Protocol !== 'GENEVE')) {
      throw validationError('You cannot specify a protocol or a port for a listener of a Gateway Load Balancer');
    }
    protocol = undefined;
    port = undefined;
  } else {
    if (protocol === undefined) throw validationError('A listener protocol must be specified');
    if (port === undefined) throw validationError('A listener port must be specified');
    if (!PROTOCOLS_BY_TYPE[loadBalancerType].includes(protocol)) {
      throw new ServiceError('UnsupportedProtocol', `Protocol '${protocol}' is not supported for load balancers of type '${loadBalancerType}'`);
    }
  }
  const isSecure = protocol !== undefined && SECURE_PROTOCOLS.has(protocol);
  const protocolName = protocol ?? 'GENEVE';

  const certificates = input.Certificates;
  let certificateArn: string | undefined;
  if (certificates !== undefined && certificates.length > 0) {
    if (!isSecure) throw validationError(`A certificate cannot be specified for ${protocolName} listeners`);
    if (certificates.length > 1) throw validationError('You must provide exactly one default certificate');
    certificateArn = assertCertificateArn((certificates[0] as elbv2.Certificate).CertificateArn);
  } else if (isSecure) {
    certificateArn = current?.certificateArn;
    if (certificateArn === undefined) throw validationError(`A certificate must be specified for ${protocolName} listeners`);
  }

  let sslPolicy: string | undefined;
  if (input.SslPolicy !== undefined) {
    if (!isSecure) throw validationError(`An SSL policy cannot be specified for ${protocolName} listeners.`);
    if (!findSslPolicy(input.SslPolicy)) throw new ServiceError('SSLPolicyNotFound', `SSL policy '${input.SslPolicy}' not found`);
    sslPolicy = input.SslPolicy;
  } else if (isSecure) {
    sslPolicy = current?.sslPolicy ?? DEFAULT_SSL_POLICY;
  }

  let alpnPolicy: readonly string[] | undefined;
  if (input.AlpnPolicy !== undefined && input.AlpnPolicy.length > 0) {
    if (protocol !== 'TLS') throw new ServiceError('ALPNPolicyNotSupported', `ALPN policies are supported only on TLS listeners`);
    if (input.AlpnPolicy.length > 1) throw validationError('You can specify only one ALPN policy');
    const name = input.AlpnPolicy[0] as string;
    if (!(ALPN_POLICIES as readonly string[]).includes(name)) {
      throw new ServiceError('ALPNPolicyNotSupported', `ALPN policy '${name}' is not supported; it must be one of ${ALPN_POLICIES.join(', ')}`);
    }
    alpnPolicy = [name];
  } else if (protocol === 'TLS') {
    alpnPolicy = current?.alpnPolicy;
  }

  return {
    protocol,
    port,
    sslPolicy,
    certificateArn,
    alpnPolicy,
    mutualAuthentication: resolveMutualAuthentication(input.MutualAuthentication, protocol, current?.mutualAuthentication),
  };
}

function resolveMutualAuthentication(
  input: elbv2.MutualAuthenticationAttributes | undefined,
  protocol: elbv2.ProtocolEnum | undefined,
  current: ListenerMutualAuthentication | undefined,
): ListenerMutualAuthentication | undefined {
  if (input === undefined) return protocol === 'HTTPS' ? current : undefined;
  if (protocol !== 'HTTPS') throw validationError('Mutual authentication is supported only on HTTPS listeners');
  const mode = input.Mode ?? 'off';
  if (!(MUTUAL_AUTHENTICATION_MODES as readonly string[]).includes(mode)) {
    throw validationError(`Mutual authentication mode '${mode}' is not valid; it must be one of off, passthrough, verify`);
  }
  if (mode === 'verify') {
    if (input.TrustStoreArn === undefined) throw validationError(`A trust store must be specified when the mutual authentication mode is 'verify'`);
    return {
      mode,
      trustStoreArn: input.TrustStoreArn,
      ignoreClientCertificateExpiry: input.IgnoreClientCertificateExpiry ?? false,
      advertiseTrustStoreCaNames: input.AdvertiseTrustStoreCaNames ?? 'off',
    };
  }
  if (input.TrustStoreArn !== undefined || input.IgnoreClientCertificateExpiry !== undefined || input.AdvertiseTrustStoreCaNames !== undefined) {
    throw validationError(`Trust store settings can be specified only when the mutual authentication mode is 'verify'`);
  }
  return { mode, trustStoreArn: undefined, ignoreClientCertificateExpiry: undefined, advertiseTrustStoreCaNames: undefined };
}

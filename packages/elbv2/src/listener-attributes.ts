import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';

/**
 * Listener attributes: the one table for this topic (STYLE rule 2). Source: elbv2-attributes.md
 * §4 ([M1] botocore `ListenerAttribute.Key` documentation): `tcp.idle_timeout.seconds` for
 * Network and Gateway Load Balancers (60-6000, default 350); the header-name and header-value
 * keys for Application Load Balancers. Defaults: `routing.http.response.server.enabled` = `true`
 * [F1]; the header-name keys default to the header they rename (inferred from the key
 * documentation, unverified); header-value keys are empty until set (as unset attribute values
 * are, elbv2-attributes.md §1). Row order = the model documentation's order.
 */
interface ListenerAttributeDefinition {
  readonly key: string;
  readonly types: readonly elbv2.LoadBalancerTypeEnum[];
  readonly defaultValue: string;
  readonly rule: 'idle-timeout' | 'boolean' | 'header-name' | 'header-value';
}

const ALB: readonly elbv2.LoadBalancerTypeEnum[] = ['application'];
const headerName = (key: string, header: string): ListenerAttributeDefinition => ({
  key: `routing.http.request.${key}.header_name`,
  types: ALB,
  defaultValue: header,
  rule: 'header-name',
});
const headerValue = (key: string): ListenerAttributeDefinition => ({
  key: `routing.http.response.${key}.header_value`,
  types: ALB,
  defaultValue: '',
  rule: 'header-value',
});

export const LISTENER_ATTRIBUTES: readonly ListenerAttributeDefinition[] = [
  { key: 'tcp.idle_timeout.seconds', types: ['network', 'gateway'], defaultValue: '350', rule: 'idle-timeout' },
  headerName('x_amzn_mtls_clientcert_serial_number', 'X-Amzn-Mtls-Clientcert-Serial-Number'),
  headerName('x_amzn_mtls_clientcert_issuer', 'X-Amzn-Mtls-Clientcert-Issuer'),
  headerName('x_amzn_mtls_clientcert_subject', 'X-Amzn-Mtls-Clientcert-Subject'),
  headerName('x_amzn_mtls_clientcert_validity', 'X-Amzn-Mtls-Clientcert-Validity'),
  headerName('x_amzn_mtls_clientcert_leaf', 'X-Amzn-Mtls-Clientcert-Leaf'),
  headerName('x_amzn_mtls_clientcert', 'X-Amzn-Mtls-Clientcert'),
  headerName('x_amzn_tls_version', 'X-Amzn-Tls-Version'),
  headerName('x_amzn_tls_cipher_suite', 'X-Amzn-Tls-Cipher-Suite'),
  { key: 'routing.http.response.server.enabled', types: ALB, defaultValue: 'true', rule: 'boolean' },
  headerValue('strict_transport_security'),
  headerValue('access_control_allow_origin'),
  headerValue('access_control_allow_methods'),
  headerValue('access_control_allow_headers'),
  headerValue('access_control_allow_credentials'),
  headerValue('access_control_expose_headers'),
  headerValue('access_control_max_age'),
  headerValue('content_security_policy'),
  headerValue('x_content_type_options'),
  headerValue('x_frame_options'),
];

const BY_KEY = new Map(LISTENER_ATTRIBUTES.map((definition) => [definition.key, definition]));
const MIN_IDLE_TIMEOUT_SECONDS = 60;
const MAX_IDLE_TIMEOUT_SECONDS = 6000;
/** RFC 7230 token, at most 40 characters (as an http-header condition's header name [M1]). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,40}$/;

/** Every attribute of the load balancer's type, stored values over defaults. */
export function describeListenerAttributes(type: elbv2.LoadBalancerTypeEnum, stored: ReadonlyMap<string, string>): elbv2.ListenerAttribute[] {
  return LISTENER_ATTRIBUTES.filter((definition) => definition.types.includes(type)).map((definition) => ({
    Key: definition.key,
    Value: stored.get(definition.key) ?? definition.defaultValue,
  }));
}

/** Validates every change before anything is written; returns the changes to store. */
export function resolveListenerAttributeChanges(type: elbv2.LoadBalancerTypeEnum, attributes: readonly elbv2.ListenerAttribute[]): Map<string, string> {
  const changes = new Map<string, string>();
  for (const attribute of attributes) {
    const key = attribute.Key;
    if (key === undefined) throw validationError('An attribute key must be specified');
    const definition = BY_KEY.get(key);
    // By analogy with the verified load-balancer and target-group wording (elbv2-attributes.md §1).
    if (!definition) throw validationError(`Listener attribute key '${key}' is not recognized`);
    if (!definition.types.includes(type)) {
      throw new ServiceError('InvalidConfigurationRequest', `Listener attribute key '${key}' is not supported on load balancers with type '${type}'`);
    }
    const value = attribute.Value ?? '';
    assertValue(definition, value);
    changes.set(key, value);
  }
  return changes;
}

function assertValue(definition: ListenerAttributeDefinition, value: string): void {
  switch (definition.rule) {
    case 'idle-timeout':
      if (!/^\d+$/.test(value) || Number(value) < MIN_IDLE_TIMEOUT_SECONDS || Number(value) > MAX_IDLE_TIMEOUT_SECONDS) {
        throw validationError(`Listener attribute '${definition.key}' value must be between ${MIN_IDLE_TIMEOUT_SECONDS} and ${MAX_IDLE_TIMEOUT_SECONDS}`);
      }
      return;
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw validationError(`Listener attribute '${definition.key}' must be 'true' or 'false'`);
      return;
    case 'header-name':
      if (!HEADER_NAME.test(value)) throw validationError(`Listener attribute '${definition.key}' value '${value}' is not a valid header name`);
      return;
    case 'header-value':
      if (value.length > 1024) throw validationError(`Listener attribute '${definition.key}' value cannot be longer than 1024 characters`);
      return;
  }
}

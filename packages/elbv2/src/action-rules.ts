import type { elbv2 } from '@elbow/api-models';
import { ServiceError, validationError } from '@elbow/query-protocol';
import { forwardActionOutput, resolveForward } from './forward-config.js';
import type { ResolvedForward } from './forward-config.js';

/**
 * Listener and rule actions: validation, defaults and the stored form. Pure; whether the
 * target groups exist and fit the listener is checked by the handlers (listener-rule-checks.ts).
 *
 * Sources: headers-and-routing.md §3 ([D4] ALB guide "load-balancer-listeners", [M1] botocore
 * `Action`, `RedirectActionConfig`, `FixedResponseActionConfig`, `AuthenticateOidcActionConfig`,
 * `AuthenticateCognitoActionConfig`), elbv2-validation.md §2-3. Verified wording:
 * `Actions of type 'authenticate-cognito' are supported only on HTTPS listeners.` ([G1]);
 * the rest is listed in UNVERIFIED.md.
 */

export interface ActionSubject {
  readonly loadBalancerType: elbv2.LoadBalancerTypeEnum;
  /** The listener's protocol (undefined for a Gateway Load Balancer). */
  readonly protocol: elbv2.ProtocolEnum | undefined;
}

export interface ResolvedActions {
  /** As stored: the read-back form plus what AWS keeps but never returns (an OIDC client secret). */
  readonly actions: elbv2.Action[];
  readonly forward: ResolvedForward | undefined;
}

const TERMINAL_TYPES: ReadonlySet<elbv2.ActionTypeEnum> = new Set(['forward', 'redirect', 'fixed-response']);
const AUTHENTICATION_TYPES: ReadonlySet<elbv2.ActionTypeEnum> = new Set(['authenticate-oidc', 'authenticate-cognito', 'jwt-validation']);
/** The config member each action type takes [M1 Action]. */
const CONFIG_MEMBER: Record<elbv2.ActionTypeEnum, keyof elbv2.Action> = {
  forward: 'ForwardConfig',
  redirect: 'RedirectConfig',
  'fixed-response': 'FixedResponseConfig',
  'authenticate-oidc': 'AuthenticateOidcConfig',
  'authenticate-cognito': 'AuthenticateCognitoConfig',
  'jwt-validation': 'JwtValidationConfig',
};
const CONFIG_MEMBERS = Object.values(CONFIG_MEMBER);

/** [M1 FixedResponseActionConfig.ContentType]. */
export const FIXED_RESPONSE_CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'] as const;

/** Defaults AWS fills in for authenticate actions [M1 Authenticate*ActionConfig docs]. */
const AUTHENTICATION_DEFAULTS = {
  Scope: 'openid',
  SessionCookieName: 'AWSELBAuthSessionCookie',
  SessionTimeout: 604_800,
  OnUnauthenticatedRequest: 'authenticate',
} as const;
const MAX_SESSION_TIMEOUT_SECONDS = 604_800;

/** Which keywords each redirect component may use (headers-and-routing.md §3 [D4]). */
const REDIRECT_KEYWORDS: Record<'Protocol' | 'Port' | 'Host' | 'Path' | 'Query', readonly string[]> = {
  Protocol: ['protocol'],
  Port: ['port'],
  Host: ['host'],
  Path: ['host', 'path', 'port'],
  Query: ['protocol', 'host', 'port', 'path', 'query'],
};
/** What an unset component keeps, as DescribeRules shows it (terraform-provider-aws uses the same defaults). */
const REDIRECT_DEFAULTS = { Protocol: '#{protocol}', Port: '#{port}', Host: '#{host}', Path: '/#{path}', Query: '#{query}' } as const;

export function invalidAction(message: string): ServiceError {
  return new ServiceError('InvalidLoadBalancerAction', message);
}

/**
 * Validates a listener's default actions or a rule's actions and returns them in the stored
 * form, sorted by Order. `previous` are the actions being replaced, for an OIDC action that
 * reuses its client secret (`UseExistingClientSecret`).
 */
export function resolveActions(actions: readonly elbv2.Action[], subject: ActionSubject, previous: readonly elbv2.Action[] = []): ResolvedActions {
  if (actions.length === 0) throw validationError('At least one action must be specified');
  if (actions.length > 1 && actions.some((action) => action.Order === undefined)) {
    throw validationError('An action order must be specified for each action when there are multiple actions');
  }
  const orders = new Set<number>();
  for (const action of actions) {
    if (action.Order === undefined) continue;
    if (orders.has(action.Order)) throw validationError(`Action order '${action.Order}' is specified more than once`);
    orders.add(action.Order);
  }
  const sorted = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));

  if (subject.loadBalancerType !== 'application') {
    const unsupported = sorted.find((action) => action.Type !== 'forward');
    if (unsupported) {
      throw invalidAction(`Actions of type '${unsupported.Type}' are not supported on load balancers of type '${subject.loadBalancerType}'`);
    }
    if (sorted.length > 1) throw new ServiceError('TooManyActions', `You've reached the limit on the number of actions per rule`);
  }
  const terminals = sorted.filter((action) => TERMINAL_TYPES.has(action.Type));
  if (terminals.length !== 1) {
    throw invalidAction(`A rule must contain exactly one action of type 'forward', 'redirect' or 'fixed-response'`);
  }
  const last = sorted[sorted.length - 1] as elbv2.Action;
  if (!TERMINAL_TYPES.has(last.Type)) throw invalidAction(`The action of type '${last.Type}' cannot be the last action of a rule`);
  if (sorted.filter((action) => AUTHENTICATION_TYPES.has(action.Type)).length > 1) {
    throw new ServiceError('TooManyActions', `You've reached the limit on the number of actions per rule`);
  }

  let forward: ResolvedForward | undefined;
  const resolved = sorted.map((action) => {
    for (const member of CONFIG_MEMBERS) {
      if (member !== CONFIG_MEMBER[action.Type] && action[member] !== undefined) {
        throw validationError(`The '${member}' cannot be specified for actions of type '${action.Type}'`);
      }
    }
    if (action.Type !== 'forward' && action.TargetGroupArn !== undefined) {
      throw validationError(`A target group ARN can be specified only for actions of type 'forward'`);
    }
    if (AUTHENTICATION_TYPES.has(action.Type) && subject.protocol !== 'HTTPS') {
      throw invalidAction(`Actions of type '${action.Type}' are supported only on HTTPS listeners.`);
    }
    switch (action.Type) {
      case 'forward':
        forward = resolveForward(action, subject.loadBalancerType);
        return forwardActionOutput(forward, action.Order, subject.loadBalancerType);
      case 'redirect':
        return withOrder({ Type: 'redirect', RedirectConfig: resolveRedirect(action.RedirectConfig, subject) }, action.Order);
      case 'fixed-response':
        return withOrder({ Type: 'fixed-response', FixedResponseConfig: resolveFixedResponse(action.FixedResponseConfig) }, action.Order);
      case 'authenticate-oidc':
        return withOrder({ Type: 'authenticate-oidc', AuthenticateOidcConfig: resolveOidc(action.AuthenticateOidcConfig, previous) }, action.Order);
      case 'authenticate-cognito':
        return withOrder({ Type: 'authenticate-cognito', AuthenticateCognitoConfig: resolveCognito(action.AuthenticateCognitoConfig) }, action.Order);
      case 'jwt-validation':
        return withOrder({ Type: 'jwt-validation', JwtValidationConfig: resolveJwtValidation(action.JwtValidationConfig) }, action.Order);
    }
  });
  return { actions: resolved, forward };
}

/** The stored actions as AWS returns them: without the OIDC client secret (never read back). */
export function actionsOutput(actions: readonly elbv2.Action[]): elbv2.Action[] {
  return actions.map((action) => {
    if (action.AuthenticateOidcConfig === undefined) return structuredClone(action);
    const config = structuredClone(action.AuthenticateOidcConfig);
    delete config.ClientSecret;
    delete config.UseExistingClientSecret;
    return { ...structuredClone(action), AuthenticateOidcConfig: config };
  });
}

/** The forward a stored action list holds, if any. */
export function storedForward(actions: readonly elbv2.Action[], loadBalancerType: elbv2.LoadBalancerTypeEnum): ResolvedForward | undefined {
  const action = actions.find((candidate) => candidate.Type === 'forward');
  return action && resolveForward(action, loadBalancerType);
}

function withOrder(action: elbv2.Action, order: number | undefined): elbv2.Action {
  return order === undefined ? action : { ...action, Order: order };
}

function missingConfig(member: string, type: elbv2.ActionTypeEnum) {
  return validationError(`A '${member}' must be specified for actions of type '${type}'`);
}

function resolveRedirect(config: elbv2.RedirectActionConfig | undefined, subject: ActionSubject): elbv2.RedirectActionConfig {
  if (config === undefined) throw missingConfig('RedirectConfig', 'redirect');
  for (const component of ['Protocol', 'Port', 'Host', 'Path', 'Query'] as const) {
    const value = config[component];
    if (value === undefined) continue;
    for (const match of value.matchAll(/#\{([^}]*)\}/g)) {
      const keyword = match[1] as string;
      if (!REDIRECT_KEYWORDS[component].includes(keyword)) {
        throw validationError(`The keyword '#{${keyword}}' cannot be used in the redirect ${component.toLowerCase()}`);
      }
    }
  }
  if (config.Port !== undefined && config.Port !== '#{port}') {
    if (!/^\d{1,5}$/.test(config.Port) || Number(config.Port) < 1 || Number(config.Port) > 65535) {
      throw validationError(`The redirect port '${config.Port}' must be between 1 and 65535 or '#{port}'`);
    }
  }
  if (config.Path !== undefined && !config.Path.startsWith('/')) throw validationError(`The redirect path must start with a '/'`);
  if (config.Query !== undefined && config.Query.startsWith('?')) throw validationError(`The redirect query must not start with a '?'`);
  // [D4]: "You can redirect ... HTTPS to HTTPS. You cannot redirect HTTPS to HTTP."
  if (subject.protocol === 'HTTPS' && config.Protocol === 'HTTP') throw invalidAction('Redirects from HTTPS to HTTP are not supported');
  const resolved: elbv2.RedirectActionConfig = {
    Protocol: config.Protocol ?? REDIRECT_DEFAULTS.Protocol,
    Port: config.Port ?? REDIRECT_DEFAULTS.Port,
    Host: config.Host ?? REDIRECT_DEFAULTS.Host,
    Path: config.Path ?? REDIRECT_DEFAULTS.Path,
    Query: config.Query ?? REDIRECT_DEFAULTS.Query,
    StatusCode: config.StatusCode,
  };
  // [D4]: "you must modify at least one of the following components to avoid a redirect loop:
  // protocol, hostname, port, or path".
  const isUnchanged =
    (resolved.Protocol === REDIRECT_DEFAULTS.Protocol || resolved.Protocol === subject.protocol) &&
    resolved.Port === REDIRECT_DEFAULTS.Port &&
    resolved.Host === REDIRECT_DEFAULTS.Host &&
    resolved.Path === REDIRECT_DEFAULTS.Path;
  if (isUnchanged) throw invalidAction('The redirect must change at least one of protocol, host, port or path to avoid a redirect loop');
  return resolved;
}

function resolveFixedResponse(config: elbv2.FixedResponseActionConfig | undefined): elbv2.FixedResponseActionConfig {
  if (config === undefined) throw missingConfig('FixedResponseConfig', 'fixed-response');
  if (config.ContentType !== undefined && !(FIXED_RESPONSE_CONTENT_TYPES as readonly string[]).includes(config.ContentType)) {
    throw invalidAction(`The ContentType must be one of:${FIXED_RESPONSE_CONTENT_TYPES.map((type) => `'${type}'`).join(', ')}`);
  }
  return {
    ...(config.MessageBody !== undefined ? { MessageBody: config.MessageBody } : {}),
    StatusCode: config.StatusCode,
    ...(config.ContentType !== undefined ? { ContentType: config.ContentType } : {}),
  };
}

function assertSessionTimeout(timeout: number | undefined): void {
  if (timeout !== undefined && (timeout < 1 || timeout > MAX_SESSION_TIMEOUT_SECONDS)) {
    throw validationError(`The session timeout must be between 1 and ${MAX_SESSION_TIMEOUT_SECONDS} seconds`);
  }
}

function resolveOidc(config: elbv2.AuthenticateOidcActionConfig | undefined, previous: readonly elbv2.Action[]): elbv2.AuthenticateOidcActionConfig {
  if (config === undefined) throw missingConfig('AuthenticateOidcConfig', 'authenticate-oidc');
  assertSessionTimeout(config.SessionTimeout);
  let secret = config.ClientSecret;
  if (config.UseExistingClientSecret === true) {
    if (secret !== undefined) throw validationError('You cannot specify a client secret when using the existing client secret');
    secret = previous.find((action) => action.Type === 'authenticate-oidc')?.AuthenticateOidcConfig?.ClientSecret;
  }
  if (secret === undefined || secret.length === 0) throw validationError(`A client secret must be specified for actions of type 'authenticate-oidc'`);
  const rest = { ...config };
  delete rest.UseExistingClientSecret;
  return {
    ...rest,
    ClientSecret: secret,
    Scope: config.Scope ?? AUTHENTICATION_DEFAULTS.Scope,
    SessionCookieName: config.SessionCookieName ?? AUTHENTICATION_DEFAULTS.SessionCookieName,
    SessionTimeout: config.SessionTimeout ?? AUTHENTICATION_DEFAULTS.SessionTimeout,
    OnUnauthenticatedRequest: config.OnUnauthenticatedRequest ?? AUTHENTICATION_DEFAULTS.OnUnauthenticatedRequest,
  };
}

function resolveCognito(config: elbv2.AuthenticateCognitoActionConfig | undefined): elbv2.AuthenticateCognitoActionConfig {
  if (config === undefined) throw missingConfig('AuthenticateCognitoConfig', 'authenticate-cognito');
  assertSessionTimeout(config.SessionTimeout);
  return {
    ...config,
    Scope: config.Scope ?? AUTHENTICATION_DEFAULTS.Scope,
    SessionCookieName: config.SessionCookieName ?? AUTHENTICATION_DEFAULTS.SessionCookieName,
    SessionTimeout: config.SessionTimeout ?? AUTHENTICATION_DEFAULTS.SessionTimeout,
    OnUnauthenticatedRequest: config.OnUnauthenticatedRequest ?? AUTHENTICATION_DEFAULTS.OnUnauthenticatedRequest,
  };
}

/** [M1 JwtValidationActionConfig]: a full HTTPS JWKS URL and an issuer, each at most 256 characters; at most 10 extra claims. */
function resolveJwtValidation(config: elbv2.JwtValidationActionConfig | undefined): elbv2.JwtValidationActionConfig {
  if (config === undefined) throw missingConfig('JwtValidationConfig', 'jwt-validation');
  if (!/^https:\/\/[^/\s]+/.test(config.JwksEndpoint) || config.JwksEndpoint.length > 256) {
    throw validationError('The JWKS endpoint must be an HTTPS URL of at most 256 characters');
  }
  if (config.Issuer.length === 0 || config.Issuer.length > 256) throw validationError('The issuer must be between 1 and 256 characters');
  if ((config.AdditionalClaims?.length ?? 0) > 10) throw validationError('You can specify at most 10 additional claims');
  return structuredClone(config);
}

import type { elbv2 } from '@elbow/api-models';
import { ipInCidr } from './ip-in-cidr.js';
import { wildcardMatch } from './wildcard-match.js';

/** Header fields in arrival order, repeated names kept (as Node's `rawHeaders`, paired). */
export type HeaderList = readonly (readonly [name: string, value: string])[];

/** What listener rules look at (headers-and-routing.md §2). */
export interface RuleRequest {
  readonly method: string;
  /** The first Host header (rules use the first one [D2]), or HTTP/2 `:authority`. */
  readonly host: string | undefined;
  /** The path component as received, without the query. */
  readonly path: string;
  /** The raw query after `?`, `''` when none. */
  readonly query: string;
  readonly headers: HeaderList;
  /** The TCP peer address: `source-ip` never reads X-Forwarded-For [D4]. */
  readonly sourceIp: string;
}

export interface ConditionOutcome {
  readonly field: string;
  readonly isMatch: boolean;
  readonly reason: string;
}

// Condition `Field` names and the model member holding their values [D4][M1]. The model types
// `Field` as a plain string, so this table is the one place these names live.
const CONFIG_MEMBER_BY_FIELD = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'query-string': 'QueryStringConfig',
  'source-ip': 'SourceIpConfig',
} as const satisfies Record<string, keyof elbv2.RuleCondition>;

type ConditionField = keyof typeof CONFIG_MEMBER_BY_FIELD;

function conditionField(condition: elbv2.RuleCondition): ConditionField | undefined {
  if (condition.Field !== undefined) {
    return Object.hasOwn(CONFIG_MEMBER_BY_FIELD, condition.Field) ? (condition.Field as ConditionField) : undefined;
  }
  const entries = Object.entries(CONFIG_MEMBER_BY_FIELD) as [ConditionField, keyof elbv2.RuleCondition][];
  return entries.find(([, member]) => condition[member] !== undefined)?.[0];
}

/** `example.com:8080` → `example.com`; `[2001:db8::1]:443` → `[2001:db8::1]`. */
export function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close < 0 ? host : host.slice(0, close + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 || host.indexOf(':') !== colon ? host : host.slice(0, colon);
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Query pairs for matching. "Any character can be percentage encoded" [M1], so keys and values
 * are compared percent-decoded; a malformed escape is compared as sent. `+` stays a `+`
 * (RFC 3986, not form encoding) and a component without `=` is a key with an empty value —
 * both decisions, unverified (AWS documents neither).
 */
export function queryPairs(query: string): [key: string, value: string][] {
  if (query === '') return [];
  return query.split('&').map((component) => {
    const equals = component.indexOf('=');
    return equals < 0
      ? [decodeComponent(component), '']
      : [decodeComponent(component.slice(0, equals)), decodeComponent(component.slice(equals + 1))];
  });
}

const caseInsensitive = { isCaseInsensitive: true, hasEscapes: false };
const caseSensitive = { isCaseInsensitive: false, hasEscapes: false };
const queryWildcards = { isCaseInsensitive: true, hasEscapes: true };

const outcome = (field: string, isMatch: boolean, reason: string): ConditionOutcome => ({ field, isMatch, reason });
const list = (values: readonly string[]) => values.map((value) => JSON.stringify(value)).join(', ');

/**
 * One listener-rule condition against a request, with AWS's semantics (headers-and-routing.md
 * §2): values within a condition are ORed. Both the legacy `Field` + `Values` form and the
 * `*Config` structures are read; `RegexValues` (a newer feature whose engine AWS does not
 * name) is not evaluated and never matches.
 */
export function matchCondition(condition: elbv2.RuleCondition, request: RuleRequest): ConditionOutcome {
  const field = conditionField(condition);
  if (field === undefined) return outcome(condition.Field ?? '?', false, `unknown condition field ${JSON.stringify(condition.Field)}`);
  const hasRegex =
    condition.RegexValues !== undefined ||
    condition.HostHeaderConfig?.RegexValues !== undefined ||
    condition.PathPatternConfig?.RegexValues !== undefined ||
    condition.HttpHeaderConfig?.RegexValues !== undefined;
  if (hasRegex) return outcome(field, false, 'RegexValues are not evaluated by elbow');

  switch (field) {
    case 'host-header': {
      const patterns = condition.HostHeaderConfig?.Values ?? condition.Values ?? [];
      if (request.host === undefined) return outcome(field, false, 'the request has no Host');
      const host = stripPort(request.host);
      const hit = patterns.find((pattern) => wildcardMatch(pattern, host, caseInsensitive));
      return hit !== undefined
        ? outcome(field, true, `host ${JSON.stringify(host)} matches ${JSON.stringify(hit)}`)
        : outcome(field, false, `host ${JSON.stringify(host)} matches none of ${list(patterns)}`);
    }
    case 'path-pattern': {
      const patterns = condition.PathPatternConfig?.Values ?? condition.Values ?? [];
      const hit = patterns.find((pattern) => wildcardMatch(pattern, request.path, caseSensitive));
      return hit !== undefined
        ? outcome(field, true, `path ${JSON.stringify(request.path)} matches ${JSON.stringify(hit)}`)
        : outcome(field, false, `path ${JSON.stringify(request.path)} matches none of ${list(patterns)}`);
    }
    case 'http-header': {
      const name = condition.HttpHeaderConfig?.HttpHeaderName ?? '';
      const patterns = condition.HttpHeaderConfig?.Values ?? [];
      const occurrences = request.headers.filter(([headerName]) => headerName.toLowerCase() === name.toLowerCase());
      if (occurrences.length === 0) return outcome(field, false, `no ${name} header`);
      // "If the header repeats, each occurrence is tried in order" [D4].
      for (const [, value] of occurrences) {
        const hit = patterns.find((pattern) => wildcardMatch(pattern, value, caseInsensitive));
        if (hit !== undefined) return outcome(field, true, `${name}: ${JSON.stringify(value)} matches ${JSON.stringify(hit)}`);
      }
      return outcome(field, false, `no ${name} header value matches ${list(patterns)}`);
    }
    case 'http-request-method': {
      const methods = condition.HttpRequestMethodConfig?.Values ?? [];
      return methods.includes(request.method)
        ? outcome(field, true, `method ${request.method} is listed`)
        : outcome(field, false, `method ${request.method} is not one of ${list(methods)} (case-sensitive)`);
    }
    case 'query-string': {
      const wanted = condition.QueryStringConfig?.Values ?? [];
      const pairs = queryPairs(request.query);
      for (const { Key, Value = '' } of wanted) {
        const hit = pairs.find(
          ([key, value]) =>
            (Key === undefined || wildcardMatch(Key, key, queryWildcards)) && wildcardMatch(Value, value, queryWildcards),
        );
        if (hit !== undefined) {
          return outcome(field, true, `query ${JSON.stringify(`${hit[0]}=${hit[1]}`)} matches ${JSON.stringify(`${Key ?? '*'}=${Value}`)}`);
        }
      }
      const patterns = wanted.map(({ Key, Value = '' }) => `${Key ?? '*'}=${Value}`);
      return outcome(field, false, `query ${JSON.stringify(request.query)} matches none of ${list(patterns)}`);
    }
    case 'source-ip': {
      const cidrs = condition.SourceIpConfig?.Values ?? [];
      const hit = cidrs.find((cidr) => ipInCidr(request.sourceIp, cidr));
      return hit !== undefined
        ? outcome(field, true, `source ${request.sourceIp} is in ${hit}`)
        : outcome(field, false, `source ${request.sourceIp} is in none of ${list(cidrs)}`);
    }
  }
}

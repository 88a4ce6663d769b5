/**
 * The application cookie's `Set-Cookie` as the app-cookie stickiness policy reads it
 * (AppCookieStickinessPolicyType, classic-elb.md §3 [D2]).
 */
export interface AppSetCookie {
  readonly value: string;
  /** Attributes in the order the application wrote them: name as written, value (undefined for flags). */
  readonly attributes: readonly (readonly [name: string, value: string | undefined])[];
}

/**
 * The last `Set-Cookie` line of the response that sets `cookieName` (the one a browser keeps),
 * skipping lines that end with a semicolon: "If the application's Set-Cookie has a trailing
 * semicolon, ELB ignores that cookie" [D2]. Names compare exactly (cookie names are
 * case-sensitive, RFC 6265 §5.3). Undefined when no usable line sets it. Never throws.
 */
export function findAppSetCookie(setCookieLines: readonly string[], cookieName: string): AppSetCookie | undefined {
  let found: AppSetCookie | undefined;
  for (const line of setCookieLines) {
    if (/;[ \t]*$/.test(line)) continue;
    const [pair = '', ...rest] = line.split(';');
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== cookieName) continue;
    const attributes = rest.flatMap((part) => {
      const attributeEquals = part.indexOf('=');
      const name = (attributeEquals < 0 ? part : part.slice(0, attributeEquals)).trim();
      if (name === '') return [];
      return [[name, attributeEquals < 0 ? undefined : part.slice(attributeEquals + 1).trim()] as const];
    });
    found = { value: pair.slice(equals + 1).trim(), attributes };
  }
  return found;
}

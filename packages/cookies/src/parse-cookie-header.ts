/**
 * The request's cookies by name, from one or more `Cookie` header values (HTTP/2 clients may
 * send several; RFC 9113 §8.2.3). Pairs are split on `;`, name and value trimmed of spaces and
 * tabs; a pair without `=` or with an empty name is ignored. Values are kept verbatim: ALB
 * cookies are never URL-encoded (cookies.md §1), so nothing is decoded. Never throws.
 *
 * Duplicates (e.g. 20 `AWSALB` cookies from several paths or domains): the first one wins.
 * Decision, unverified: AWS does not document it; "first" matches RFC 6265 §5.4's ordering
 * (longer paths first) and what common servers do.
 */
export function parseCookieHeader(headerValues: string | readonly string[] | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  const values = headerValues === undefined ? [] : typeof headerValues === 'string' ? [headerValues] : headerValues;
  for (const header of values) {
    for (const pair of header.split(';')) {
      const equals = pair.indexOf('=');
      if (equals < 0) continue;
      const name = trimSpaces(pair.slice(0, equals));
      if (name === '' || cookies.has(name)) continue;
      cookies.set(name, trimSpaces(pair.slice(equals + 1)));
    }
  }
  return cookies;
}

function trimSpaces(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

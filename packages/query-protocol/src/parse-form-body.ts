import { commonError } from './common-errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an awsQuery request: the URL query string, then the
 * `application/x-www-form-urlencoded` body, into one ordered map of parameter → value.
 * Strict where the SDKs are exact (STYLE rule 3): invalid UTF-8, a malformed percent escape or a
 * parameter given twice (also across query string and body) is a MalformedQueryString error.
 * `+` decodes to a space (WHATWG urlencoded parsing); a segment without `=` is a parameter with
 * an empty value; empty segments (`&&`, a leading `&`) are skipped.
 */
export function parseFormBody(body: Buffer, rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  addPairs(params, rawQuery, 'query string');
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw commonError('malformedQueryString', 'The request body is not valid UTF-8');
  }
  addPairs(params, text, 'request body');
  return params;
}

function addPairs(params: Map<string, string>, text: string, where: string): void {
  if (text === '') return;
  for (const segment of text.split('&')) {
    if (segment === '') continue;
    const equals = segment.indexOf('=');
    const name = decodeComponent(equals === -1 ? segment : segment.slice(0, equals), where);
    const value = equals === -1 ? '' : decodeComponent(segment.slice(equals + 1), where);
    if (params.has(name)) {
      throw commonError('malformedQueryString', `The parameter ${name} is given more than once`);
    }
    params.set(name, value);
  }
}

function decodeComponent(raw: string, where: string): string {
  const spaced = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    // decodeURIComponent rejects both a malformed escape (`%zz`, a lone `%`) and escapes that
    // do not form valid UTF-8 (`%FF`, a truncated sequence, an encoded surrogate).
    return decodeURIComponent(spaced);
  } catch {
    throw commonError('malformedQueryString', `The ${where} contains a malformed percent-encoded sequence: ${raw}`);
  }
}

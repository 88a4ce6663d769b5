import { OptionError } from './options.js';

/**
 * The `--endpoint` of every subcommand that talks to a running elbow (explain, decode-cookie,
 * import, export): an http URL with a host and nothing after it but an optional `/`. WHATWG URL
 * parsing settles what a hand-written pattern let through (port 99999, `[zz]`), so a bad value is
 * a usage error here rather than `Invalid URL` from the request later. Returns the origin
 * (`http://host:port`, no trailing slash).
 */
export function parseElbowEndpoint(text: string): string {
  const refuse = () => new OptionError(`--endpoint must be http://host:port, got ${JSON.stringify(text)}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse();
  }
  const hasExtras = url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/';
  if (url.protocol !== 'http:' || url.hostname === '' || url.port === '0' || hasExtras) throw refuse();
  return url.origin;
}

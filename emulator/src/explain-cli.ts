import { request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import type { DecodedStickyCookie } from '@elbow/cookies';
import { formatExplanation, targetLabel } from '@elbow/data-plane';
import type { RequestExplanation } from '@elbow/data-plane';
import { parseElbowEndpoint } from './elbow-endpoint.js';
import { OPTION_DEFINITIONS, OptionError } from './options.js';

/**
 * `elbow decode-cookie` and `elbow explain` (issue 7): thin clients of a running emulator's
 * `/_elbow/api/*` routes. Exit codes: 0 answered, 1 the answer is an error (a cookie that does
 * not decode or no longer holds, an unknown listener, no emulator), 2 a usage error.
 */

export const EXPLAIN_USAGE = `  decode-cookie NAME=VALUE [--endpoint URL]
            What an AWSALB, AWSALBTG or AWSALBAPP value this emulator issued holds
  explain   (--listener-arn ARN | --load-balancer NAME --port N) --url URL [--method M]
            [--header 'Name: value']... [--source-ip IP] [--cookie NAME=VALUE]... [--endpoint URL] [--json]
            Which rule, target group and target a request would get, and why (sends no traffic)
  (--endpoint: the emulator's API; default ELBOW_ENDPOINT, else http://127.0.0.1:${OPTION_DEFINITIONS.port.default})`;

class UsageError extends Error {}

interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: Io = { env: process.env, out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

function endpointOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return parseElbowEndpoint(flag ?? env['ELBOW_ENDPOINT'] ?? `http://127.0.0.1:${OPTION_DEFINITIONS.port.default}`);
}

/**
 * POSTs JSON; a failure to reach the emulator or a non-JSON answer is one line. node:http rather
 * than fetch, which refuses "bad ports" (fetch spec) an emulator may well listen on.
 */
function postJson(endpoint: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = httpRequest(`${endpoint}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new AnswerError(`${endpoint} broke off its answer (${error.message})`)));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        try {
          const json: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (typeof json === 'object' && json !== null && !Array.isArray(json)) return resolve({ status, json: json as Record<string, unknown> });
        } catch {
          // Handled below.
        }
        reject(new AnswerError(`${endpoint} answered ${status} without elbow's JSON: is it an elbow with ${path}?`));
      });
    });
    request.on('error', (error: Error & { code?: string }) => reject(new AnswerError(`no emulator answers at ${endpoint} (${error.code ?? error.message})`)));
    request.end(payload);
  });
}

class AnswerError extends Error {}

function run(io: Io, work: () => Promise<number>): Promise<number> {
  return work().catch((error: unknown) => {
    if (error instanceof UsageError || error instanceof OptionError) {
      io.err(`elbow: ${error.message}\n`);
      return 2;
    }
    if (error instanceof AnswerError) {
      io.err(`elbow: ${error.message}\n`);
      return 1;
    }
    // parseArgs' own errors (unknown option, missing value) are usage errors too.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`elbow: ${error.message}\n`);
      return 2;
    }
    throw error;
  });
}

function decodedLines(decoded: DecodedStickyCookie): string[] {
  const row = (label: string, value: string | undefined) => (value === undefined ? [] : [`  ${label.padEnd(13)} ${value}`]);
  return [
    ...row('kind', decoded.kind),
    ...row('fragments', decoded.fragments),
    ...row('target group', decoded.targetGroupArn),
    ...row('target', decoded.target === undefined ? undefined : targetLabel(decoded.target)),
    ...row('issued', decoded.issuedAt),
    ...row('expires', decoded.expiresAt),
    ...row('sticky since', decoded.stickySince),
    ...(decoded.appSessions !== undefined && decoded.appSessions.length > 1
      ? decoded.appSessions.flatMap((session, index) =>
          row(`session ${index + 1}`, `${session.targetGroupArn} → ${targetLabel(session.target)} (app cookie ${session.appCookieName}, since ${session.stickySince})`),
        )
      : []),
  ];
}

export function decodeCookieCommand(argv: readonly string[], io: Io = processIo): Promise<number> {
  return run(io, async () => {
    const { values, positionals } = parseArgs({ args: [...argv], options: { endpoint: { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new UsageError('usage: elbow decode-cookie NAME=VALUE [--endpoint URL]');
    const endpoint = endpointOf(values.endpoint, io.env);
    const { status, json } = await postJson(endpoint, '/_elbow/api/decode-cookie', { cookie: positionals[0] });
    if (status !== 200) throw new AnswerError(String(json['message'] ?? json['error'] ?? `status ${status}`));
    const decoded = json as unknown as DecodedStickyCookie;
    if (decoded.isValid) {
      io.out([`${decoded.name}: valid`, ...decodedLines(decoded), ''].join('\n'));
      return 0;
    }
    // Opened but no longer valid (expired): what it says, then why it no longer counts.
    if (decoded.issuedAt !== undefined) {
      io.out([`${decoded.name}: not valid — ${decoded.reason ?? ''}`, ...decodedLines(decoded), ''].join('\n'));
      return 1;
    }
    throw new AnswerError(`cannot decode ${decoded.name === '' ? 'the cookie' : decoded.name}: ${decoded.reason ?? 'unknown reason'}`);
  });
}

/** `Name: value` → a header pair. */
function headerPair(text: string): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`--header must be 'Name: value', got ${JSON.stringify(text)}`);
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}

function cookiePair(text: string): [string, string] {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new UsageError(`--cookie must be NAME=VALUE, got ${JSON.stringify(text)}`);
  return [text.slice(0, equals).trim(), text.slice(equals + 1).trim()];
}

export function explainCommand(argv: readonly string[], io: Io = processIo): Promise<number> {
  return run(io, async () => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        'listener-arn': { type: 'string' },
        'load-balancer': { type: 'string' },
        port: { type: 'string' },
        url: { type: 'string' },
        method: { type: 'string' },
        header: { type: 'string', multiple: true },
        'source-ip': { type: 'string' },
        cookie: { type: 'string', multiple: true },
        endpoint: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (values.url === undefined) throw new UsageError('--url is required');
    let listener: Record<string, unknown>;
    if (values['listener-arn'] !== undefined) {
      if (values['load-balancer'] !== undefined || values.port !== undefined) throw new UsageError('give --listener-arn, or --load-balancer with --port, not both');
      listener = { listenerArn: values['listener-arn'] };
    } else {
      if (values['load-balancer'] === undefined || values.port === undefined) throw new UsageError('name the listener: --listener-arn ARN, or --load-balancer NAME --port N');
      if (!/^\d{1,5}$/.test(values.port)) throw new UsageError(`--port must be a number, got ${JSON.stringify(values.port)}`);
      listener = { loadBalancerName: values['load-balancer'], port: Number(values.port) };
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of (values.header ?? []).map(headerPair)) (headers[name] ??= []).push(value);
    const cookies = Object.fromEntries((values.cookie ?? []).map(cookiePair));
    const endpoint = endpointOf(values.endpoint, io.env);
    const { status, json } = await postJson(endpoint, '/_elbow/api/explain', {
      ...listener,
      url: values.url,
      ...(values.method === undefined ? {} : { method: values.method }),
      headers,
      ...(values['source-ip'] === undefined ? {} : { sourceIp: values['source-ip'] }),
      cookies,
    });
    if (status !== 200) throw new AnswerError(String(json['message'] ?? json['error'] ?? `status ${status}`));
    io.out(values.json === true ? `${JSON.stringify(json, null, 2)}\n` : formatExplanation(json as unknown as RequestExplanation));
    return 0;
  });
}

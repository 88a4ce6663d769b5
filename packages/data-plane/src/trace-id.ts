/** Injected randomness (STYLE rule 7): `size` random bytes (node:crypto randomBytes fits). */
export type RandomBytes = (size: number) => Uint8Array;

// X-Amzn-Trace-Id (headers-and-routing.md §1 [D5]): `Root=1-<8 hex epoch seconds>-<24 hex>`,
// fields separated by `;` with no spaces.
const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/i;
/** Above 7 KB of request headers the LB replaces the header with a fresh Root [D5]. */
export const TRACE_HEADER_LIMIT_BYTES = 7 * 1024;

export interface TraceIdInput {
  /** The incoming X-Amzn-Trace-Id value (the first one), if any. */
  readonly header: string | undefined;
  readonly nowMs: number;
  readonly randomBytes: RandomBytes;
  /** Size of the whole request header block, for the 7 KB rule. */
  readonly requestHeaderBytes: number;
}

function newTraceId(nowMs: number, randomBytes: RandomBytes): string {
  const epoch = Math.floor(nowMs / 1000).toString(16).padStart(8, '0');
  const id = Buffer.from(randomBytes(12)).toString('hex');
  if (id.length !== 24) throw new RangeError(`randomBytes returned ${id.length / 2} bytes, 12 asked`);
  return `1-${epoch}-${id}`;
}

/**
 * The X-Amzn-Trace-Id the target receives. No header → `Root=…` only. A header with a valid
 * Root → a fresh `Self=…` first (the docs' example order) and the other fields, custom ones
 * included, kept in order; an existing Self is replaced where it stands [D5]. Decision,
 * unverified: a header without a valid Root is treated as absent.
 */
export function traceIdHeader(input: TraceIdInput): string {
  const fresh = newTraceId(input.nowMs, input.randomBytes);
  if (input.header === undefined || input.requestHeaderBytes > TRACE_HEADER_LIMIT_BYTES) return `Root=${fresh}`;
  const fields = input.header.split(';').map((field) => {
    const equals = field.indexOf('=');
    return equals < 0 ? ([field, undefined] as const) : ([field.slice(0, equals), field.slice(equals + 1)] as const);
  });
  const root = fields.find(([name]) => name === 'Root');
  if (root?.[1] === undefined || !TRACE_ID.test(root[1])) return `Root=${fresh}`;
  const hasSelf = fields.some(([name]) => name === 'Self');
  const rewritten = fields.map(([name, value]) =>
    name === 'Self' ? `Self=${fresh}` : value === undefined ? name : `${name}=${value}`,
  );
  return (hasSelf ? rewritten : [`Self=${fresh}`, ...rewritten]).join(';');
}

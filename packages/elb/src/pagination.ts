import { validationError } from '@elbow/query-protocol';

/**
 * Opaque Marker/NextMarker over a creation sequence, so pages stay stable when load balancers are
 * added or deleted between calls. Clients must not parse it.
 */
const PREFIX = 'elbow-classic:v1:';

export const DEFAULT_PAGE_SIZE = 400;

export function encodeMarker(afterSeq: number): string {
  return Buffer.from(`${PREFIX}${afterSeq}`, 'utf8').toString('base64');
}

export function decodeMarker(marker: string | undefined): number {
  if (marker === undefined) return 0;
  const text = Buffer.from(marker, 'base64').toString('utf8');
  const seq = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  // Unverified wording: what AWS answers for a marker it did not issue.
  if (!/^\d{1,15}$/.test(seq) || encodeMarker(Number(seq)) !== marker) throw validationError(`Invalid value for parameter marker: '${marker}'`);
  return Number(seq);
}

export function pageOf<T extends { seq: number }>(items: readonly T[], marker: string | undefined, pageSize: number | undefined): { items: T[]; nextMarker: string | undefined } {
  const afterSeq = decodeMarker(marker);
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  const rest = items.filter((item) => item.seq > afterSeq);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  return { items: page, nextMarker: rest.length > size && last ? encodeMarker(last.seq) : undefined };
}

import { validationError } from '@elbow/query-protocol';

/**
 * Opaque Marker/NextMarker for Describe* pagination. The marker names the position after
 * which the next page starts (the creation sequence of the last item returned), so pages stay
 * stable when groups are added or deleted between calls. Clients must not parse it; the
 * base64 wrapping only keeps them from relying on it.
 */
const PREFIX = 'elbow:v1:';

/** Page size when the caller gives none: the model's maximum PageSize (400). */
export const DEFAULT_PAGE_SIZE = 400;

export function encodeMarker(afterSeq: number): string {
  return Buffer.from(`${PREFIX}${afterSeq}`, 'utf8').toString('base64');
}

export function decodeMarker(marker: string | undefined): number {
  if (marker === undefined) return 0;
  const text = Buffer.from(marker, 'base64').toString('utf8');
  const seq = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^\d{1,15}$/.test(seq) || encodeMarker(Number(seq)) !== marker) {
    // Unverified wording: what AWS answers for a marker it did not issue.
    throw validationError(`Invalid value for parameter marker: '${marker}'`);
  }
  return Number(seq);
}

export interface Page<T> {
  items: T[];
  nextMarker: string | undefined;
}

/** One page of `items` (already in sequence order) after `marker`. */
export function pageOf<T extends { seq: number }>(items: readonly T[], marker: string | undefined, pageSize: number | undefined): Page<T> {
  const afterSeq = decodeMarker(marker);
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  const rest = items.filter((item) => item.seq > afterSeq);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  return { items: page, nextMarker: rest.length > size && last ? encodeMarker(last.seq) : undefined };
}

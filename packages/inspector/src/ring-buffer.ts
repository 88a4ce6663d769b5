/** A fixed-capacity, append-only buffer that numbers what it holds, oldest dropped first. */
export interface RingBuffer<T> {
  /** Appends `item`, dropping the oldest when full; returns its sequence number (1, 2, ...). */
  push(item: T): number;
  /** Held items with a sequence number above `afterSeq`, oldest first, at most `limit`. */
  after(afterSeq: number, limit: number): Array<{ seq: number; item: T }>;
  /** The newest `limit` items, oldest first. */
  latest(limit: number): Array<{ seq: number; item: T }>;
  /** The sequence number of the newest item; 0 before any. */
  lastSeq(): number;
  size(): number;
}

export function createRingBuffer<T>(capacity: number): RingBuffer<T> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
  const slots: Array<T | undefined> = new Array<T | undefined>(capacity);
  let lastSeq = 0;
  const size = () => Math.min(lastSeq, capacity);
  const firstHeldSeq = () => lastSeq - size() + 1;
  const at = (seq: number) => ({ seq, item: slots[(seq - 1) % capacity] as T });
  const range = (fromSeq: number, count: number) => Array.from({ length: Math.max(0, count) }, (_, index) => at(fromSeq + index));
  return {
    push(item) {
      lastSeq += 1;
      slots[(lastSeq - 1) % capacity] = item;
      return lastSeq;
    },
    after(afterSeq, limit) {
      const fromSeq = Math.max(firstHeldSeq(), Math.floor(afterSeq) + 1);
      return range(fromSeq, Math.min(limit, lastSeq - fromSeq + 1));
    },
    latest(limit) {
      const count = Math.min(limit, size());
      return range(lastSeq - count + 1, count);
    },
    lastSeq: () => lastSeq,
    size,
  };
}

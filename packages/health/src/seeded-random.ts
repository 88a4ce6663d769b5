/**
 * Repeatable randomness for `--seed` (issue 5): the same seed gives the same sequence of choices.
 * mulberry32, a 32-bit generator with a full period of 2^32 (public domain, Tommy Ettinger):
 * plenty for picking targets, and not meant for anything secret.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes from the same repeatable generator (trace ids), for the seeded case. */
export function createSeededRandomBytes(random: () => number): (size: number) => Buffer {
  return (size) => {
    const bytes = Buffer.allocUnsafe(size);
    for (let index = 0; index < size; index += 1) bytes[index] = Math.floor(random() * 256);
    return bytes;
  };
}

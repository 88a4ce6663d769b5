import type { CookieKeyRing, RandomBytes } from '@elbow/cookies';
import type { Store } from '@elbow/store';

/** A day: AWS rotates its cookie key but does not say how often (cookies.md §1 [D1]). */
export const DEFAULT_COOKIE_KEY_ROTATION_SECONDS = 24 * 60 * 60;

// AWSALB* cookies live 7 days (cookies.md §1), so enough keys are kept for a cookie minted just
// before a rotation to still open when its Expires comes, plus the current key.
const COOKIE_LIFETIME_SECONDS = 7 * 24 * 60 * 60;
const KEY_BYTES = 32;
const KEY_ID_COUNT = 256;

export interface CookieKeyRingOptions {
  readonly store: Store;
  /** The emulator's clock, epoch milliseconds (STYLE rule 7). */
  readonly nowMs: () => number;
  readonly randomBytes: RandomBytes;
  /** Age after which the current key is replaced by a new one for new cookies. */
  readonly rotationSeconds?: number;
  /** Keys kept (the current one included); older ones are deleted and their cookies no longer open. */
  readonly keptKeyCount?: number;
}

/** The sticky-cookie keys held in the store, rotated on use. */
export interface StoredCookieKeyRing {
  /**
   * The ring to seal and open cookies with now: makes the first key when there is none (a new
   * store, or after /_elbow/reset), and a new current key once the current one is older than the
   * rotation age. Reads the table again only when the store changed.
   */
  current(): CookieKeyRing;
}

interface KeyRow {
  readonly key_id: number;
  readonly key_bytes: Buffer;
  readonly created_at_ms: number;
}

interface LoadedRing {
  readonly ring: CookieKeyRing;
  readonly currentCreatedAtMs: number;
}

export function createCookieKeyRing(options: CookieKeyRingOptions): StoredCookieKeyRing {
  const { store, nowMs, randomBytes } = options;
  const rotationMs = (options.rotationSeconds ?? DEFAULT_COOKIE_KEY_ROTATION_SECONDS) * 1000;
  if (!(rotationMs > 0)) throw new RangeError(`rotationSeconds must be positive: ${options.rotationSeconds}`);
  const keptKeyCount =
    options.keptKeyCount ?? Math.min(KEY_ID_COUNT, Math.ceil((COOKIE_LIFETIME_SECONDS * 1000) / rotationMs) + 1);
  if (!Number.isInteger(keptKeyCount) || keptKeyCount < 1 || keptKeyCount > KEY_ID_COUNT) {
    throw new RangeError(`keptKeyCount must be 1..${KEY_ID_COUNT}: ${keptKeyCount}`);
  }

  // Newest first; created_at_ms ties (a clock that stood still) fall back to the id.
  const selectKeys = store.db.prepare<[], KeyRow>(
    'SELECT key_id, key_bytes, created_at_ms FROM cookie_keys ORDER BY created_at_ms DESC, key_id DESC',
  );
  const upsertKey = store.db.prepare<[number, Buffer, number]>(
    'INSERT OR REPLACE INTO cookie_keys (key_id, key_bytes, created_at_ms) VALUES (?, ?, ?)',
  );
  const deleteKey = store.db.prepare<[number]>('DELETE FROM cookie_keys WHERE key_id = ?');

  let loaded: LoadedRing | undefined;
  let loadedAtChangeCount = -1;

  const load = (): LoadedRing | undefined => {
    const rows = selectKeys.all();
    const newest = rows[0];
    if (newest === undefined) return undefined;
    const keys = new Map<number, Uint8Array>(rows.map((row) => [row.key_id, new Uint8Array(row.key_bytes)]));
    return { ring: { currentKeyId: newest.key_id, keys }, currentCreatedAtMs: newest.created_at_ms };
  };

  const isDue = (ring: LoadedRing | undefined, now: number) =>
    ring === undefined || now - ring.currentCreatedAtMs >= rotationMs;

  return {
    current() {
      if (loaded === undefined || store.changeCount() !== loadedAtChangeCount) {
        loaded = load();
        loadedAtChangeCount = store.changeCount();
      }
      const now = nowMs();
      if (isDue(loaded, now)) {
        loaded = store.transaction(() => {
          // Another store handle on the same file may have rotated meanwhile.
          const fresh = load();
          if (!isDue(fresh, now)) return fresh;
          const key = randomBytes(KEY_BYTES);
          if (key.length !== KEY_BYTES) throw new RangeError(`randomBytes returned ${key.length} bytes, ${KEY_BYTES} asked`);
          // Ids cycle through the one header byte; the id reused is the oldest one's, long deleted.
          const keyId = fresh === undefined ? 0 : (fresh.ring.currentKeyId + 1) % KEY_ID_COUNT;
          upsertKey.run(keyId, Buffer.from(key), now);
          for (const row of selectKeys.all().slice(keptKeyCount)) deleteKey.run(row.key_id);
          return load();
        });
        loadedAtChangeCount = store.changeCount();
      }
      if (loaded === undefined) throw new Error('the cookie key ring is empty after making a key');
      return loaded.ring;
    },
  };
}

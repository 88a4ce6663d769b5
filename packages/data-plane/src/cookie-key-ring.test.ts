import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTargetCookie, sealTargetCookie } from '@elbow/cookies';
import type { CookieKeyRing } from '@elbow/cookies';
import { openStore } from '@elbow/store';
import type { Store } from '@elbow/store';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_COOKIE_KEY_ROTATION_SECONDS, createCookieKeyRing } from './cookie-key-ring.js';
import type { CookieKeyRingOptions } from './cookie-key-ring.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const START_MS = Date.UTC(2025, 0, 1);

const opened: Store[] = [];
const directories: string[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function memoryStore(): Store {
  const store = openStore({ location: ':memory:' });
  opened.push(store);
  return store;
}

function fileLocation(): string {
  const directory = mkdtempSync(join(tmpdir(), 'elbow-keys-'));
  directories.push(directory);
  return join(directory, 'elbow.db');
}

function clock(startMs = START_MS) {
  let nowMs = startMs;
  return {
    nowMs: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

function ringOn(store: Store, time: ReturnType<typeof clock>, extra: Partial<CookieKeyRingOptions> = {}) {
  return createCookieKeyRing({ store, nowMs: time.nowMs, randomBytes, ...extra });
}

const sealWith = (ring: CookieKeyRing) =>
  sealTargetCookie(
    { targetGroupId: 'tg', targetId: '127.0.0.1', port: 8080, issuedAtSeconds: 1, stickySinceSeconds: 1 },
    ring,
    randomBytes,
  );

function keyRows(store: Store) {
  return store.db.prepare('SELECT key_id, length(key_bytes) AS size, created_at_ms FROM cookie_keys ORDER BY key_id').all();
}

describe('createCookieKeyRing', () => {
  it('makes the first key on first use (id 0, 32 bytes, stamped with the clock) and keeps using it', () => {
    const store = memoryStore();
    const time = clock();
    const keyRing = ringOn(store, time);
    expect(keyRows(store)).toEqual([]);
    const ring = keyRing.current();
    expect(ring.currentKeyId).toBe(0);
    expect(ring.keys.get(0)).toHaveLength(32);
    expect(keyRows(store)).toEqual([{ key_id: 0, size: 32, created_at_ms: START_MS }]);
    time.advance(DEFAULT_COOKIE_KEY_ROTATION_SECONDS * 1000 - 1);
    expect(keyRing.current()).toEqual(ring);
    expect(keyRows(store)).toHaveLength(1);
  });

  it('opens cookies sealed before a restart on the same store file', () => {
    const location = fileLocation();
    const time = clock();
    const first = openStore({ location });
    const value = sealWith(ringOn(first, time).current());
    first.close();

    const second = openStore({ location });
    opened.push(second);
    const ring = ringOn(second, time).current();
    expect(openTargetCookie(value, ring)?.targetId).toBe('127.0.0.1');
    expect(keyRows(second)).toHaveLength(1);
  });

  it('rotates to a new current key after the rotation age; cookies of the old key still open', () => {
    const store = memoryStore();
    const time = clock();
    const keyRing = ringOn(store, time, { rotationSeconds: 60 });
    const oldValue = sealWith(keyRing.current());
    time.advance(60_000);
    const rotated = keyRing.current();
    expect(rotated.currentKeyId).toBe(1);
    expect([...rotated.keys.keys()].sort()).toEqual([0, 1]);
    expect(openTargetCookie(oldValue, rotated)?.port).toBe(8080);
    const newValue = sealWith(rotated);
    // The sealed header names the key: format byte, then key id 1.
    expect(Buffer.from(newValue.slice(0, 4), 'base64')[1]).toBe(1);
  });

  it('keeps only the newest keptKeyCount keys; cookies of deleted keys no longer open', () => {
    const store = memoryStore();
    const time = clock();
    const keyRing = ringOn(store, time, { rotationSeconds: 60, keptKeyCount: 2 });
    const valueOfKey0 = sealWith(keyRing.current());
    time.advance(60_000);
    const valueOfKey1 = sealWith(keyRing.current());
    time.advance(60_000);
    const ring = keyRing.current();
    expect(ring.currentKeyId).toBe(2);
    expect(keyRows(store).map((row) => (row as { key_id: number }).key_id)).toEqual([1, 2]);
    expect(openTargetCookie(valueOfKey0, ring)).toBeUndefined();
    expect(openTargetCookie(valueOfKey1, ring)).toBeDefined();
  });

  it('keeps enough keys by default for a cookie to open until its 7-day Expires', () => {
    const store = memoryStore();
    const time = clock();
    const keyRing = ringOn(store, time);
    keyRing.current();
    time.advance(DAY_MS - 1);
    // Sealed one millisecond before the first rotation: the worst case.
    const value = sealWith(keyRing.current());
    for (let day = 1; day <= 7; day++) {
      time.advance(DAY_MS);
      keyRing.current();
    }
    time.advance(-1);
    expect(openTargetCookie(value, keyRing.current())).toBeDefined();
    expect(keyRows(store)).toHaveLength(8);
  });

  it('wraps key ids from 255 back to 0, replacing the oldest key of that id', () => {
    const store = memoryStore();
    const time = clock();
    store.db.prepare('INSERT INTO cookie_keys (key_id, key_bytes, created_at_ms) VALUES (?, ?, ?)').run(255, randomBytes(32), START_MS);
    const keyRing = ringOn(store, time, { rotationSeconds: 60 });
    expect(keyRing.current().currentKeyId).toBe(255);
    time.advance(60_000);
    expect(keyRing.current().currentKeyId).toBe(0);
  });

  it('makes a fresh key after the store is reset (/_elbow/reset): old cookies no longer open', () => {
    const store = memoryStore();
    const time = clock();
    const keyRing = ringOn(store, time);
    const before = keyRing.current();
    const value = sealWith(before);
    store.reset();
    expect(keyRows(store)).toEqual([]);
    const after = keyRing.current();
    expect(after.keys.get(0)).not.toEqual(before.keys.get(0));
    expect(openTargetCookie(value, after)).toBeUndefined();
    expect(keyRows(store)).toHaveLength(1);
  });

  it('picks up a rotation made through another handle on the same store file', () => {
    const location = fileLocation();
    const time = clock();
    const storeA = openStore({ location });
    const storeB = openStore({ location });
    opened.push(storeA, storeB);
    const ringA = ringOn(storeA, time, { rotationSeconds: 60 });
    const ringB = ringOn(storeB, time, { rotationSeconds: 60 });
    const first = ringA.current();
    expect(ringB.current()).toEqual(first);
    time.advance(60_000);
    const rotatedByA = ringA.current();
    // B's cached key is due too; inside its transaction it finds A's new key and makes none.
    expect(ringB.current()).toEqual(rotatedByA);
    expect(keyRows(storeA)).toHaveLength(2);
  });

  it('refuses bad options and a randomBytes that returns the wrong size', () => {
    const store = memoryStore();
    const time = clock();
    expect(() => ringOn(store, time, { rotationSeconds: 0 })).toThrow(RangeError);
    expect(() => ringOn(store, time, { keptKeyCount: 0 })).toThrow(RangeError);
    expect(() => ringOn(store, time, { keptKeyCount: 257 })).toThrow(RangeError);
    const broken = ringOn(store, time, { randomBytes: (size) => new Uint8Array(size - 1) });
    expect(() => broken.current()).toThrow('randomBytes returned 31 bytes, 32 asked');
    expect(keyRows(store)).toEqual([]);
  });
});

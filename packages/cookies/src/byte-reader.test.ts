import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';

describe('ByteReader', () => {
  it('reads back every field ByteWriter wrote, then reports the end', () => {
    const bytes = new ByteWriter().uint8(1).uint16(443).uint32(1_700_000_000).varuint(70_000).string('i-0abc').toBytes();
    const reader = new ByteReader(bytes);
    expect([reader.uint8(), reader.uint16(), reader.uint32(), reader.varuint(), reader.string()]).toEqual([
      1, 443, 1_700_000_000, 70_000, 'i-0abc',
    ]);
    expect(reader.isAtEnd).toBe(true);
  });

  it('answers undefined when a field runs past the end', () => {
    expect(new ByteReader(Uint8Array.of(1)).uint16()).toBeUndefined();
    expect(new ByteReader(Uint8Array.of(0, 0, 0)).uint32()).toBeUndefined();
    expect(new ByteReader(Uint8Array.of(5, 0x41)).string()).toBeUndefined();
    expect(new ByteReader(Uint8Array.of(0x80)).varuint()).toBeUndefined();
  });

  it('refuses a varuint longer than five bytes or above 2^32-1', () => {
    expect(new ByteReader(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0)).varuint()).toBeUndefined();
    expect(new ByteReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x1f)).varuint()).toBeUndefined();
  });

  it('refuses a string that is not valid UTF-8', () => {
    expect(new ByteReader(Uint8Array.of(1, 0xff)).string()).toBeUndefined();
  });
});

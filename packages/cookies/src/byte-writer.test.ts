import { describe, expect, it } from 'vitest';
import { ByteWriter } from './byte-writer.js';

describe('ByteWriter', () => {
  it('writes fixed-width integers big-endian', () => {
    expect([...new ByteWriter().uint8(7).uint16(0x1234).uint32(0xdeadbeef).toBytes()]).toEqual([
      7, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef,
    ]);
  });

  it.each([
    [0, [0]],
    [127, [127]],
    [128, [0x80, 1]],
    [300, [0xac, 2]],
    [0xffff_ffff, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('writes %i as the LEB128 bytes %j', (value, bytes) => {
    expect([...new ByteWriter().varuint(value).toBytes()]).toEqual(bytes);
  });

  it('writes a string as its UTF-8 byte length then the bytes', () => {
    expect([...new ByteWriter().string('é1').toBytes()]).toEqual([3, 0xc3, 0xa9, 0x31]);
  });

  it.each([[-1], [256], [1.5], [Number.NaN]])('refuses %d as a uint8', (value) => {
    expect(() => new ByteWriter().uint8(value)).toThrow(RangeError);
  });
});

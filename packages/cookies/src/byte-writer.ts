// Compact binary layout for cookie payloads: fixed-width big-endian integers and strings as
// a LEB128 length then UTF-8 bytes. Keeps sealed values near AWS's observed sizes (cookies.md §6).
export class ByteWriter {
  private readonly chunks: number[] = [];

  uint8(value: number): this {
    assertInteger(value, 0xff);
    this.chunks.push(value);
    return this;
  }

  uint16(value: number): this {
    assertInteger(value, 0xffff);
    this.chunks.push(value >>> 8, value & 0xff);
    return this;
  }

  uint32(value: number): this {
    assertInteger(value, 0xffff_ffff);
    this.chunks.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
    return this;
  }

  varuint(value: number): this {
    assertInteger(value, 0xffff_ffff);
    let rest = value;
    while (rest >= 0x80) {
      this.chunks.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.chunks.push(rest);
    return this;
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    this.varuint(bytes.length);
    for (const byte of bytes) this.chunks.push(byte);
    return this;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function assertInteger(value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`expected an integer in 0..${max}, got ${value}`);
  }
}

// Reads what ByteWriter wrote. Every read returns undefined past the end or on a malformed
// field, so a decoder can turn any bad input into "no cookie" without try/catch.
export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get isAtEnd(): boolean {
    return this.offset === this.bytes.length;
  }

  uint8(): number | undefined {
    if (this.offset + 1 > this.bytes.length) return undefined;
    return this.bytes[this.offset++];
  }

  uint16(): number | undefined {
    const high = this.uint8();
    const low = this.uint8();
    return high === undefined || low === undefined ? undefined : high * 0x100 + low;
  }

  uint32(): number | undefined {
    const high = this.uint16();
    const low = this.uint16();
    return high === undefined || low === undefined ? undefined : high * 0x1_0000 + low;
  }

  varuint(): number | undefined {
    let value = 0;
    let scale = 1;
    for (let index = 0; index < 5; index++) {
      const byte = this.uint8();
      if (byte === undefined) return undefined;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value <= 0xffff_ffff ? value : undefined;
      scale *= 0x80;
    }
    return undefined;
  }

  string(): string | undefined {
    const length = this.varuint();
    if (length === undefined || this.offset + length > this.bytes.length) return undefined;
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(slice);
    } catch {
      return undefined;
    }
  }
}

/**
 * A batch's string table (model/string-table.ts: every distinct string of a batch once) encoded
 * for RowBinary on first use: length prefix and UTF-8 bytes. Attribute keys, service and span
 * names, resource values repeat on every row; copying their bytes costs a fraction of encoding
 * the string again (profiles of the durable ingest path had string encoding as the largest
 * single cost of the store's encoders).
 */
export class EncodedStrings {
  private readonly encoded: (Uint8Array | undefined)[];

  constructor(private readonly strings: readonly string[]) {
    this.encoded = new Array<Uint8Array | undefined>(strings.length);
  }

  /** The RowBinary String bytes of strings[i] ('' when out of range). */
  get(i: number): Uint8Array {
    const hit = this.encoded[i];
    if (hit) return hit;
    const str = this.strings[i] ?? '';
    const len = Buffer.byteLength(str, 'utf8');
    let prefix = 1;
    for (let n = len; n >= 0x80; n >>>= 7) prefix++;
    const out = Buffer.allocUnsafe(prefix + len);
    let v = len;
    let p = 0;
    while (v >= 0x80) {
      out[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[p++] = v;
    out.write(str, p, 'utf8');
    if (i >= 0 && i < this.encoded.length) this.encoded[i] = out;
    return out;
  }
}

/** Test support: reads back a stream of RowBinary Strings (LEB128 length, UTF-8 bytes). */
export function readStrings(b: Uint8Array): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < b.length) {
    let len = 0;
    let shift = 0;
    for (;;) {
      const x = b[p++]!;
      len += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) break;
      shift += 7;
    }
    out.push(Buffer.from(b.subarray(p, p + len)).toString('utf8'));
    p += len;
  }
  return out;
}

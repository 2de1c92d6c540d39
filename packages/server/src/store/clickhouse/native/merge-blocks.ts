/**
 * Merges Native blocks of the same columns into one block: each stream of each column is the
 * concatenation of that stream over the blocks, except offsets streams, whose cumulative values
 * are shifted by the element count of the blocks before (the last offset of each earlier block).
 * A write-ahead log segment holds one small block per acknowledged request; the engine pays a
 * fixed cost per block and column, so a segment is merged into one block before its insert.
 */
import { RowBinaryWriter } from '../rowbinary.js';
import { columnHeaderBytes, streamKinds, writeU64At, type BlockLayout, type NativeColumn } from './native-block.js';

export interface BlockRef {
  /** Bytes holding the block. */
  src: Uint8Array;
  /** Where the block starts in `src` (its layout is relative to that). */
  at: number;
  rows: number;
  layout: BlockLayout;
}

/**
 * The merged block, built a column at a time with a turn of the event loop between columns: a
 * segment of 100 MB merged in one go would hold up acknowledgements for a noticeable time.
 */
export async function mergeNativeBlocks(columns: readonly NativeColumn[], blocks: readonly BlockRef[]): Promise<Buffer> {
  const m = new BlockMerger(columns, blocks);
  for (let c = 0; c < columns.length; c++) {
    m.column(c);
    await new Promise((r) => setImmediate(r));
  }
  return m.result();
}

class BlockMerger {
  private readonly out: Buffer;
  private p: number;
  private stream = 0;
  private readonly headers: Buffer[];

  constructor(
    private readonly columns: readonly NativeColumn[],
    private readonly blocks: readonly BlockRef[],
  ) {
    const head = new RowBinaryWriter(16);
    let rows = 0;
    for (const b of blocks) rows += b.rows;
    head.varuint(columns.length);
    head.varuint(rows);
    this.headers = columns.map(columnHeaderBytes);
    let size = head.pos;
    for (const h of this.headers) size += h.length;
    for (const b of blocks) for (let k = 0; k < b.layout.length; k += 2) size += b.layout[k + 1]! - b.layout[k]!;
    this.out = Buffer.allocUnsafe(size);
    this.p = head.bytes().copy(this.out, 0);
  }

  result(): Buffer {
    return this.out.subarray(0, this.p);
  }

  /** Appends column `c` (columns must come in order). */
  column(c: number): void {
    const col = this.columns[c]!;
    const out = this.out;
    const blocks = this.blocks;
    let p = this.p;
    p += this.headers[c]!.copy(out, p);
    const kinds = streamKinds(col.type);
    for (let s = 0; s < kinds.length; s++, this.stream++) {
      const stream = this.stream;
      let base = 0;
      for (const b of blocks) {
        const start = b.at + b.layout[2 * stream]!;
        const end = b.at + b.layout[2 * stream + 1]!;
        const src = b.src;
        if (!kinds[s] || base === 0) {
          // most pieces of a small block are a few bytes: a loop beats a native call there
          if (end - start <= 64) for (let q = start; q < end; q++) out[p++] = src[q]!;
          else {
            out.set(new Uint8Array(src.buffer, src.byteOffset + start, end - start), p);
            p += end - start;
          }
        } else {
          for (let q = start; q < end; q += 8, p += 8) writeU64At(out, p, readU64(src, q) + base);
        }
        if (kinds[s] && end > start) base += readU64(b.src, end - 8); // this block's element count
      }
    }
    this.p = p;
  }
}

function readU64(b: Uint8Array, at: number): number {
  const lo = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
  const hi = ((b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16)) + b[at + 7]! * 0x1000000);
  return lo + hi * 4294967296;
}

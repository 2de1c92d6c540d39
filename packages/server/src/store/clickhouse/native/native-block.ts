/**
 * A block of ClickHouse's Native format, built column by column: what the trace and log stores
 * insert. The engine parses Native column-wise (a copy per column) instead of row by row with a
 * type dispatch per value as for RowBinary; measured on otel_traces with 250k-row inserts:
 * ~15 CPU-s per million spans for RowBinary, ~6 for Native in blocks of 1,000+ rows
 * (docs/benchmarks.md). Blocks of ~100 rows cost as much as RowBinary, so small blocks are
 * merged before an insert (merge-blocks.ts).
 *
 * Layout (revision 0, as `FORMAT Native` files are): varint column count, varint row count,
 * then per column its name, its type name, and its data. A column's data is its streams one
 * after another: Array(T) is the cumulative UInt64 end offset of every row's array, then T's
 * data for all elements; Map(K, V) is Array(Tuple(K, V)), a tuple being all K then all V;
 * String is varint length + bytes; numbers little-endian. LowCardinality(String) columns of the
 * tables are sent as String (and maps of them as Map(String, String)): the engine converts
 * (input_format_native_allow_types_conversion, on by default), which cost less than encoding
 * dictionaries here.
 */
import { RowBinaryWriter } from '../rowbinary.js';

export type NativeType =
  | 'String'
  | 'Int8'
  | 'UInt8'
  | 'UInt32'
  | 'Int64'
  | 'UInt64'
  | 'DateTime64(9)'
  | 'Map(String, String)'
  | 'Array(String)'
  | 'Array(UInt32)'
  | 'Array(DateTime64(9))'
  | 'Array(Map(String, String))';

export interface NativeColumn {
  readonly name: string;
  readonly type: NativeType;
}

/** The streams of a type in the order Native writes them: true for an offsets stream. */
export function streamKinds(type: NativeType): readonly boolean[] {
  if (type === 'Map(String, String)') return [true, false, false];
  if (type === 'Array(Map(String, String))') return [true, true, false, false];
  if (type.startsWith('Array(')) return [true, false];
  return [false];
}

/** A non-negative integer below 2^53 as little-endian UInt64 bytes at `p` (no BigInt per value). */
export function writeU64At(b: Uint8Array, p: number, v: number): void {
  const lo = v >>> 0;
  const hi = (v - lo) / 4294967296;
  b[p] = lo & 0xff;
  b[p + 1] = (lo >>> 8) & 0xff;
  b[p + 2] = (lo >>> 16) & 0xff;
  b[p + 3] = lo >>> 24;
  b[p + 4] = hi & 0xff;
  b[p + 5] = (hi >>> 8) & 0xff;
  b[p + 6] = (hi >>> 16) & 0xff;
  b[p + 7] = hi >>> 24;
}

/** Position of each column by name, for encoders (resolved once; a missing name is a bug). */
export function columnIndex(columns: readonly NativeColumn[], table: string): (name: string) => number {
  const byName = new Map(columns.map((c, i) => [c.name, i]));
  return (name) => {
    const i = byName.get(name);
    if (i === undefined) throw new Error(`${table} has no insert column ${name}`);
    return i;
  };
}

/** A column's name and type as a block writes them before its data. */
export function columnHeaderBytes(c: NativeColumn): Buffer {
  const w = new RowBinaryWriter(64);
  w.string(c.name);
  w.string(c.type);
  return Buffer.from(w.bytes());
}

/** An offsets stream: each call appends the running end offset after `n` more elements. */
export class OffsetStream {
  total = 0;
  constructor(readonly w: RowBinaryWriter) {}

  add(n: number): void {
    const t = (this.total += n);
    const w = this.w;
    w.ensure(8);
    writeU64At(w.buf, w.pos, t);
    w.pos += 8;
  }

  /** Appends the bytes another offsets stream of the same row counts wrote (columns of one Nested). */
  copyFrom(other: OffsetStream, fromPos: number): void {
    const src = other.w.buf.subarray(fromPos, other.w.pos);
    this.w.ensure(src.length);
    this.w.buf.set(src, this.w.pos);
    this.w.pos += src.length;
    this.total = other.total;
  }
}

/** Where a built block's streams lie: [start, end) byte pairs relative to the block, column by column. */
export type BlockLayout = Uint32Array;

export interface BuiltBlock {
  /** The block's bytes in order: views into the builder's streams, valid until its next reset. */
  parts: Uint8Array[];
  size: number;
  rows: number;
  layout: BlockLayout;
}

/** A built block's bytes as one buffer (a copy). */
export function blockBytes(b: BuiltBlock): Buffer {
  return Buffer.concat(b.parts, b.size);
}

export class NativeBlock {
  /** Streams per column, in Native order. */
  readonly streams: RowBinaryWriter[][];
  private readonly offsets: (OffsetStream | undefined)[][];
  private readonly header: Buffer[];
  private readonly head = new RowBinaryWriter(16);
  private readonly streamCount: number;
  rows = 0;

  constructor(readonly columns: readonly NativeColumn[]) {
    this.streams = columns.map((c) => streamKinds(c.type).map(() => new RowBinaryWriter(64 * 1024)));
    this.offsets = columns.map((c, i) => streamKinds(c.type).map((isOffsets, s) => (isOffsets ? new OffsetStream(this.streams[i]![s]!) : undefined)));
    this.header = columns.map(columnHeaderBytes);
    this.streamCount = this.streams.reduce((n, col) => n + col.length, 0);
  }


  /** The writer of column `col`'s stream `stream` (0 for a plain column; the data stream of an array is 1). */
  stream(col: number, stream = 0): RowBinaryWriter {
    return this.streams[col]![stream]!;
  }

  /** The offsets stream of column `col` at nesting level `level` (0: the rows' arrays or maps). */
  offsetStream(col: number, level = 0): OffsetStream {
    const o = this.offsets[col]![level];
    if (!o) throw new Error(`column ${this.columns[col]!.name} has no offsets stream ${level}`);
    return o;
  }

  reset(): void {
    this.rows = 0;
    for (const col of this.streams) for (const s of col) s.reset();
    for (const col of this.offsets) for (const o of col) if (o) o.total = 0;
  }

  /**
   * The block as a list of byte views (header, then each column's name, type and streams; no
   * copy: written with one writev) and the position of each stream in the block.
   */
  finish(): BuiltBlock {
    const head = this.head;
    head.reset();
    head.varuint(this.columns.length);
    head.varuint(this.rows);
    const parts: Uint8Array[] = [head.bytes()];
    const layout = new Uint32Array(2 * this.streamCount);
    let p = head.pos;
    let k = 0;
    for (let c = 0; c < this.columns.length; c++) {
      parts.push(this.header[c]!);
      p += this.header[c]!.length;
      for (const s of this.streams[c]!) {
        layout[k++] = p;
        if (s.pos > 0) parts.push(s.bytes());
        p += s.pos;
        layout[k++] = p;
      }
    }
    return { parts, size: p, rows: this.rows, layout };
  }

}

/**
 * Encodes batches into `block` (reset first), as one block. A batch whose encoding throws (a bug:
 * input is validated at ingest) is left out: the block is rebuilt from the batches before it,
 * which encoded a moment ago, so the others are stored and only that one fails. That rebuild
 * happens on the failure path only; the common path encodes each batch once.
 */
export function encodeBatches<B>(block: NativeBlock, batches: readonly B[], encode: (batch: B, block: NativeBlock) => void): { encoded: B[]; failed: { batch: B; error: unknown }[] } {
  block.reset();
  const encoded: B[] = [];
  const failed: { batch: B; error: unknown }[] = [];
  for (const b of batches) {
    try {
      encode(b, block);
      encoded.push(b);
    } catch (error) {
      failed.push({ batch: b, error });
      block.reset();
      for (const e of encoded) encode(e, block);
    }
  }
  return { encoded, failed };
}

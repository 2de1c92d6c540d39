/**
 * The Native block a committed group's samples are inserted as. The WAL and the group hold rows
 * as they were acknowledged (fingerprint, ts, value as a double, metric id: 32 bytes, see
 * sample-encoder.ts); the samples table stores each value as a decimal (decimal-value.ts), so
 * the rows are turned into the columns (fingerprint, ts, mantissa, scale, metric) here, in one
 * pass.
 * Native rather than RowBinary: the engine copies each column instead of parsing row by row.
 *
 * A series should keep one scale (a gauge at 12.3 then 12.34 stored as 1230 and 1234, not 123
 * then 1234), so the scale each series last used is remembered in a small table indexed by the
 * fingerprint's low bits. A collision only costs a fresh search: the hint is never trusted
 * without the exactness check.
 */
import { RowBinaryWriter } from '../../clickhouse/index.js';
import { columnHeaderBytes, type NativeColumn } from '../../clickhouse/native/native-block.js';
import { RAW_SCALE, decimalScale, mantissaAt } from './decimal-value.js';
import { SAMPLE_ROW_BYTES } from './sample-encoder.js';

const COLUMNS: readonly (NativeColumn & { bytes: number })[] = [
  { name: 'fingerprint', type: 'UInt64', bytes: 8 },
  { name: 'ts', type: 'Int64', bytes: 8 },
  { name: 'mantissa', type: 'Int64', bytes: 8 },
  { name: 'scale', type: 'Int8', bytes: 1 },
  { name: 'metric', type: 'UInt32', bytes: 4 },
];
export const SAMPLE_INSERT_COLUMNS = COLUMNS.map((c) => c.name);
const HEADERS = COLUMNS.map(columnHeaderBytes);
const HINT_BITS = 16;

export class SamplesBlockEncoder {
  private readonly hints = new Int8Array(1 << HINT_BITS).fill(RAW_SCALE);
  private fingerprint = new Uint32Array(0);
  private ts = new Uint32Array(0);
  private mantissa = new Uint32Array(0);
  private scale = new Int8Array(0);
  private metric = new Uint32Array(0);
  private aligned = new Uint8Array(0);

  /** The Native block of `rows` (sample rows of SAMPLE_ROW_BYTES, `n` of them). */
  encode(rows: Uint8Array, n: number): Buffer {
    if (rows.length !== n * SAMPLE_ROW_BYTES) throw new Error(`samples block: ${rows.length} bytes for ${n} rows`);
    this.grow(n);
    const src = this.view(rows);
    const u32 = new Uint32Array(src.buffer, src.byteOffset, n * 8);
    const f64 = new Float64Array(src.buffer, src.byteOffset, n * 4);
    const { fingerprint, ts, mantissa, scale, metric, hints } = this;
    const mask = (1 << HINT_BITS) - 1;
    for (let i = 0; i < n; i++) {
      const w = 8 * i;
      const lo = u32[w]!;
      fingerprint[2 * i] = lo;
      fingerprint[2 * i + 1] = u32[w + 1]!;
      ts[2 * i] = u32[w + 2]!;
      ts[2 * i + 1] = u32[w + 3]!;
      metric[i] = u32[w + 6]!;
      const v = f64[4 * i + 2]!;
      const slot = lo & mask;
      const k = decimalScale(v, hints[slot]!);
      hints[slot] = k;
      scale[i] = k;
      if (k === RAW_SCALE) {
        // the value's own bits (read as words: a NaN passed through a double may change its payload)
        mantissa[2 * i] = u32[w + 4]!;
        mantissa[2 * i + 1] = u32[w + 5]!;
      } else {
        const m = mantissaAt(v, k);
        const hi = Math.floor(m / 4294967296);
        mantissa[2 * i] = m - hi * 4294967296;
        mantissa[2 * i + 1] = hi >>> 0;
      }
    }
    const head = new RowBinaryWriter(16);
    head.varuint(COLUMNS.length);
    head.varuint(n);
    const parts: Uint8Array[] = [head.bytes()];
    const data = [fingerprint, ts, mantissa, scale, metric];
    for (let c = 0; c < COLUMNS.length; c++) parts.push(HEADERS[c]!, new Uint8Array(data[c]!.buffer, 0, COLUMNS[c]!.bytes * n));
    return Buffer.concat(parts);
  }

  private grow(n: number): void {
    if (this.scale.length >= n) return;
    const size = Math.max(n, 2 * this.scale.length);
    this.fingerprint = new Uint32Array(2 * size);
    this.ts = new Uint32Array(2 * size);
    this.mantissa = new Uint32Array(2 * size);
    this.scale = new Int8Array(size);
    this.metric = new Uint32Array(size);
  }

  /** `rows` itself when its offset allows 64-bit views, else an aligned copy. */
  private view(rows: Uint8Array): Uint8Array {
    if (rows.byteOffset % 8 === 0) return rows;
    if (this.aligned.length < rows.length) this.aligned = new Uint8Array(Math.max(rows.length, 2 * this.aligned.length));
    this.aligned.set(rows);
    return this.aligned;
  }
}

/**
 * The on-disk format of the embedded TSDB's write-ahead log. A segment file is an 8-byte magic
 * followed by records; a record is one acknowledged write, already encoded as the rows it adds
 * to each table, so that replay appends bytes and re-encodes nothing:
 *
 *   record  = u32 LE payload length | u32 LE CRC-32 of payload | payload
 *   payload = u8 version (2) | 4 x (u32 LE rows | u32 LE bytes | bytes)   -- samples, series, metadata, exemplars
 *
 * Samples are 32-byte rows (sample-encoder.ts), the other tables RowBinary. Version 1 records
 * (24-byte sample rows without the metric id, written before it existed) are still read: their
 * rows are widened with the id unknown (0), which queries read too.
 *
 * A crash (or a failed write) can leave a torn record at a segment's end; the CRC and the length
 * bound find it, and everything before it is replayed.
 */
import { crc32 } from 'node:zlib';

export const SEGMENT_MAGIC = Buffer.from('PTRMWAL1', 'latin1');
import { SAMPLE_ROW_BYTES, widenV1Rows } from './sample-encoder.js';

const VERSION = 2;
/** No record is larger than this (a remote-write body is at most 512 MiB decoded, rows are smaller). */
const MAX_RECORD_BYTES = 1 << 30;

/** The rows one write adds to the four tables, RowBinary-encoded. */
export interface WalRows {
  samples: Uint8Array;
  sampleRows: number;
  series: Uint8Array;
  seriesRows: number;
  metadata: Uint8Array;
  metadataRows: number;
  exemplars: Uint8Array;
  exemplarRows: number;
}

export function encodeRecord(r: WalRows): Buffer {
  const sections: [number, Uint8Array][] = [
    [r.sampleRows, r.samples],
    [r.seriesRows, r.series],
    [r.metadataRows, r.metadata],
    [r.exemplarRows, r.exemplars],
  ];
  const payloadLen = 1 + sections.reduce((n, [, b]) => n + 8 + b.length, 0);
  const out = Buffer.allocUnsafe(8 + payloadLen);
  let p = 8;
  out[p++] = VERSION;
  for (const [rows, bytes] of sections) {
    out.writeUInt32LE(rows, p);
    out.writeUInt32LE(bytes.length, p + 4);
    out.set(bytes, p + 8);
    p += 8 + bytes.length;
  }
  const payload = out.subarray(8);
  out.writeUInt32LE(payloadLen, 0);
  out.writeUInt32LE(crc32(payload), 4);
  return out;
}

export interface DecodedSegment {
  records: WalRows[];
  /** Bytes of valid records (magic included); what follows, if anything, is damaged. */
  validBytes: number;
  /** Why decoding stopped before the end, when it did. */
  damage?: string;
}

/** Decodes a segment's records up to its end or its first damaged record. */
export function decodeSegment(buf: Buffer): DecodedSegment {
  if (buf.length < SEGMENT_MAGIC.length || !buf.subarray(0, SEGMENT_MAGIC.length).equals(SEGMENT_MAGIC)) {
    return { records: [], validBytes: 0, damage: buf.length === 0 ? 'empty segment' : 'bad segment header' };
  }
  const records: WalRows[] = [];
  let p = SEGMENT_MAGIC.length;
  while (p < buf.length) {
    if (buf.length - p < 8) return { records, validBytes: p, damage: `truncated record header at byte ${p}` };
    const len = buf.readUInt32LE(p);
    const crc = buf.readUInt32LE(p + 4);
    if (len > MAX_RECORD_BYTES || p + 8 + len > buf.length) return { records, validBytes: p, damage: `truncated record at byte ${p}` };
    const payload = buf.subarray(p + 8, p + 8 + len);
    if (crc32(payload) !== crc) return { records, validBytes: p, damage: `checksum mismatch at byte ${p}` };
    const rec = decodePayload(payload);
    if (!rec) return { records, validBytes: p, damage: `malformed record at byte ${p}` };
    records.push(rec);
    p += 8 + len;
  }
  return { records, validBytes: p };
}

function decodePayload(b: Buffer): WalRows | undefined {
  const version = b[0];
  if (b.length < 1 || (version !== VERSION && version !== 1)) return undefined;
  let p = 1;
  const sections: [number, Uint8Array][] = [];
  for (let i = 0; i < 4; i++) {
    if (b.length - p < 8) return undefined;
    const rows = b.readUInt32LE(p);
    const len = b.readUInt32LE(p + 4);
    if (b.length - p - 8 < len) return undefined;
    sections.push([rows, b.subarray(p + 8, p + 8 + len)]);
    p += 8 + len;
  }
  if (p !== b.length) return undefined;
  const [s, x, m, e] = sections as [[number, Uint8Array], [number, Uint8Array], [number, Uint8Array], [number, Uint8Array]];
  if (s[1].length !== s[0] * (version === 1 ? 24 : SAMPLE_ROW_BYTES)) return undefined;
  return { sampleRows: s[0], samples: version === 1 ? widenV1Rows(s[1], s[0]) : s[1], seriesRows: x[0], series: x[1], metadataRows: m[0], metadata: m[1], exemplarRows: e[0], exemplars: e[1] };
}

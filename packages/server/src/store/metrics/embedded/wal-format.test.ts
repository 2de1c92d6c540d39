import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEGMENT_MAGIC, decodeSegment, encodeRecord, type WalRows } from './wal-format.js';
import { Wal, listSegments, readSegment } from './wal.js';
import { SampleRowsEncoder } from './sample-encoder.js';

function rows(k: number, n: number): WalRows {
  const e = new SampleRowsEncoder(1);
  for (let i = 0; i < n; i++) e.add(k, i, 1_700_000_000_000 + i * 1000, k + i / 10, 1000 + k);
  const series = Buffer.from(`series-${k}`);
  return { samples: e.bytes(), sampleRows: n, series, seriesRows: 1, metadata: Buffer.alloc(0), metadataRows: 0, exemplars: Buffer.from([k & 255]), exemplarRows: 1 };
}

const same = (a: WalRows, b: WalRows) => {
  expect(Buffer.from(a.samples).equals(Buffer.from(b.samples))).toBe(true);
  expect(Buffer.from(a.series).equals(Buffer.from(b.series))).toBe(true);
  expect(Buffer.from(a.metadata).equals(Buffer.from(b.metadata))).toBe(true);
  expect(Buffer.from(a.exemplars).equals(Buffer.from(b.exemplars))).toBe(true);
  expect([a.sampleRows, a.seriesRows, a.metadataRows, a.exemplarRows]).toEqual([b.sampleRows, b.seriesRows, b.metadataRows, b.exemplarRows]);
};

describe('metric WAL record format', () => {
  it('decodes what it encoded', () => {
    const recs = [rows(1, 3), rows(2, 0), rows(3, 1000)];
    const seg = Buffer.concat([SEGMENT_MAGIC, ...recs.map(encodeRecord)]);
    const d = decodeSegment(seg);
    expect(d.damage).toBeUndefined();
    expect(d.validBytes).toBe(seg.length);
    expect(d.records).toHaveLength(3);
    d.records.forEach((r, i) => same(r, recs[i]!));
  });

  it('reads records of the first format (24-byte sample rows), the metric id unknown', () => {
    const now = rows(4, 3);
    // the same record as version 1 wrote it: rows without the metric id and padding
    const v1Samples = Buffer.concat(Array.from({ length: 3 }, (_, i) => Buffer.from(now.samples).subarray(i * 32, i * 32 + 24)));
    const v1 = encodeRecord({ ...now, samples: v1Samples });
    const payload = v1.subarray(8);
    payload[0] = 1;
    v1.writeUInt32LE(crc32(payload), 4);
    const d = decodeSegment(Buffer.concat([SEGMENT_MAGIC, v1]));
    expect(d.damage).toBeUndefined();
    const widened = Buffer.from(now.samples);
    for (let i = 0; i < 3; i++) widened.writeUInt32LE(0, i * 32 + 24);
    same(d.records[0]!, { ...now, samples: widened });
  });

  it('keeps the valid prefix of a segment with a truncated last record', () => {
    const recs = [rows(1, 5), rows(2, 5), rows(3, 5)];
    const whole = Buffer.concat([SEGMENT_MAGIC, ...recs.map(encodeRecord)]);
    const lastLen = encodeRecord(recs[2]!).length;
    for (const cut of [1, 7, 8, 20, lastLen - 1]) {
      const d = decodeSegment(whole.subarray(0, whole.length - cut));
      expect(d.records).toHaveLength(2);
      expect(d.damage).toMatch(/truncated/);
      expect(d.validBytes).toBe(whole.length - lastLen);
      same(d.records[1]!, recs[1]!);
    }
  });

  it('stops at a record whose bytes were damaged (checksum)', () => {
    const recs = [rows(1, 5), rows(2, 5), rows(3, 5)];
    const whole = Buffer.concat([SEGMENT_MAGIC, ...recs.map(encodeRecord)]);
    const second = SEGMENT_MAGIC.length + encodeRecord(recs[0]!).length;
    const bad = Buffer.from(whole);
    bad[second + 30]! ^= 0xff;
    const d = decodeSegment(bad);
    expect(d.records).toHaveLength(1);
    expect(d.damage).toMatch(/checksum mismatch at byte/);
    expect(d.validBytes).toBe(second);
  });

  it('rejects a file that is not a segment', () => {
    expect(decodeSegment(Buffer.from('hello world')).damage).toBe('bad segment header');
    expect(decodeSegment(Buffer.alloc(0)).records).toEqual([]);
  });
});

describe('metric WAL segment files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'ptr-wal-'));
    dirs.push(d);
    return d;
  };

  it('appends to one segment until rotated or full, and reads every record back', () => {
    const dir = tmp();
    const wal = new Wal({ dir, fsync: true, maxSegmentBytes: 2048 });
    const a = wal.append(rows(1, 10));
    const b = wal.append(rows(2, 10));
    expect(b).toBe(a);
    wal.rotate();
    const c = wal.append(rows(3, 10));
    expect(c).toBe(a + 1);
    // 100 samples = 2.4 kB, over the bound: the segment holding a record is never split, a full one is left
    const d = wal.append(rows(4, 100));
    const e = wal.append(rows(5, 1));
    expect(d).toBe(c + 1);
    expect(e).toBe(d + 1);
    wal.close();
    expect(listSegments(dir)).toEqual([a, a + 1, a + 2, a + 3]);
    expect(readSegment(dir, a).records.map((r) => r.sampleRows)).toEqual([10, 10]);
    expect(readSegment(dir, d).records.map((r) => r.sampleRows)).toEqual([100]);
    wal.remove([a, c]);
    expect(listSegments(dir)).toEqual([d, e]);
    // a new Wal on the same dir never reuses an id
    const again = new Wal({ dir, fsync: false, maxSegmentBytes: 1 << 20 });
    expect(again.append(rows(6, 1))).toBe(e + 1);
    again.close();
  });

  it('a torn append at the end of a file (as kill -9 mid-write leaves it) loses only that record', () => {
    const dir = tmp();
    const wal = new Wal({ dir, fsync: false, maxSegmentBytes: 1 << 20 });
    const id = wal.append(rows(1, 4));
    wal.append(rows(2, 4));
    wal.close();
    const [file] = readdirSync(dir);
    const torn = encodeRecord(rows(3, 4)).subarray(0, 50);
    appendFileSync(join(dir, file!), torn);
    const seg = readSegment(dir, id);
    expect(seg.records.map((r) => r.sampleRows)).toEqual([4, 4]);
    expect(seg.damage).toMatch(/truncated/);
    // and a damaged header is reported, not thrown
    writeFileSync(join(dir, file!), Buffer.concat([Buffer.from('XXXXXXXX'), readFileSync(join(dir, file!)).subarray(8)]));
    expect(readSegment(dir, id).damage).toBe('bad segment header');
  });
});

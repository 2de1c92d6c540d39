/**
 * MetricBatch <-> OTLP protobuf for the Kafka topic `<prefix>.metrics`. A MetricBatch holds
 * samples already mapped to Prometheus series, so each series travels as one OTLP Gauge
 * metric named by `__name__`, its other labels as data-point attributes, one NumberDataPoint
 * per sample (NaN bit patterns such as the staleness marker kept), its exemplars on their
 * data points, and the Prometheus type in the metric's metadata (`prometheus.type`). Any OTLP
 * consumer can read it; Pointer reads it back into the same batch.
 */
import { MetricBatchBuilder, type MetricBatch, type SeriesEntry } from '../model/index.js';
import { ProtoReader, ProtoWriter, WireType, decodeUtf8 } from '../ingest/protobuf/index.js';

const SCOPE_NAME = 'pointer.bus';
const TYPE_KEY = 'prometheus.type';

function writeStringKv(w: ProtoWriter, field: number, key: string, value: string): void {
  const kv = w.beginLen(field);
  w.stringField(1, key);
  const v = w.beginLen(2);
  w.stringField(1, value, true);
  w.endLen(v);
  w.endLen(kv);
}

const msToNs = (ms: number): bigint => BigInt(Math.round(ms * 1e6));

export function encodeMetricBatch(b: MetricBatch): Uint8Array {
  const w = new ProtoWriter(Math.max(1024, b.count * 64));
  const bySeries = new Map<number, number[]>();
  for (let i = 0; i < b.count; i++) {
    const s = b.seriesIndex[i]!;
    let rows = bySeries.get(s);
    if (!rows) bySeries.set(s, (rows = []));
    rows.push(i);
  }
  const exemplarsOf = new Map<number, MetricBatch['exemplars']>();
  for (const e of b.exemplars) {
    let list = exemplarsOf.get(e.sample);
    if (!list) exemplarsOf.set(e.sample, (list = []));
    list.push(e);
  }
  const rm = w.beginLen(1);
  const sm = w.beginLen(2);
  const scope = w.beginLen(1);
  w.stringField(1, SCOPE_NAME);
  w.endLen(scope);
  for (const [si, rows] of bySeries) {
    const series = b.series[si]!;
    const m = w.beginLen(2);
    w.stringField(1, series.labels.find(([k]) => k === '__name__')?.[1] ?? '');
    w.stringField(2, series.help ?? '');
    w.stringField(3, series.unit ?? '');
    const g = w.beginLen(5);
    for (const i of rows) {
      const dp = w.beginLen(1);
      for (const [k, v] of series.labels) if (k !== '__name__') writeStringKv(w, 7, k, v);
      w.fixed64Field(3, msToNs(b.timestampMs[i]!));
      w.doubleField(4, b.value[i]!, true);
      for (const e of exemplarsOf.get(i) ?? []) {
        const ex = w.beginLen(5);
        for (const [k, v] of e.labels) writeStringKv(w, 7, k, v);
        w.fixed64Field(2, msToNs(e.timestampMs));
        w.doubleField(3, e.value, true);
        w.endLen(ex);
      }
      w.endLen(dp);
    }
    w.endLen(g);
    if (series.type) writeStringKv(w, 12, TYPE_KEY, series.type);
    w.endLen(m);
  }
  w.endLen(sm);
  w.endLen(rm);
  return w.finish();
}

/** Reads a KeyValue whose value is a string. */
function readStringKv(r: ProtoReader, end: number): [string, string] {
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === ((1 << 3) | WireType.Len)) key = r.string();
    else if (tag === ((2 << 3) | WireType.Len)) {
      const ve = r.lenEnd();
      while (r.pos < ve) {
        const t = r.tag();
        if (t === ((1 << 3) | WireType.Len)) value = r.string();
        else r.skip(t & 7);
      }
    } else r.skip(tag & 7);
  }
  return [key, value];
}

/** Walks `[r.pos, end)` calling `onField(tag, fieldEnd)` for length-delimited fields; skips others. */
function eachLen(r: ProtoReader, end: number, onField: (tag: number, fieldEnd: number) => void, onOther?: (tag: number) => boolean): void {
  while (r.pos < end) {
    const tag = r.tag();
    if ((tag & 7) === WireType.Len) {
      const e = r.lenEnd();
      onField(tag, e);
      r.pos = e;
    } else if (!onOther?.(tag)) r.skip(tag & 7);
  }
}

export function decodeMetricBatch(bytes: Uint8Array, tenant: string): MetricBatch {
  const b = new MetricBatchBuilder(tenant);
  const r = new ProtoReader(bytes);
  eachLen(r, r.end, (t1, e1) => {
    if (t1 >>> 3 !== 1) return;
    eachLen(r, e1, (t2, e2) => {
      if (t2 >>> 3 !== 2) return;
      eachLen(r, e2, (t3, e3) => {
        if (t3 >>> 3 !== 2) return;
        readMetric(r, e3, b);
      });
    });
  });
  return b.finish();
}

function readMetric(r: ProtoReader, end: number, b: MetricBatchBuilder): void {
  let name = '';
  const meta: Omit<SeriesEntry, 'labels'> = {};
  let gStart = -1;
  let gEnd = -1;
  eachLen(r, end, (tag, e) => {
    const f = tag >>> 3;
    if (f === 1) name = decodeUtf8(r.buf, r.pos, e);
    else if (f === 2) {
      const h = decodeUtf8(r.buf, r.pos, e);
      if (h) meta.help = h;
    } else if (f === 3) {
      const u = decodeUtf8(r.buf, r.pos, e);
      if (u) meta.unit = u;
    } else if (f === 5) {
      gStart = r.pos;
      gEnd = e;
    } else if (f === 12) {
      const [k, v] = readStringKv(r, e);
      if (k === TYPE_KEY) meta.type = v as SeriesEntry['type'];
    }
  });
  if (gStart < 0) return;
  r.pos = gStart;
  eachLen(r, gEnd, (tag, dpEnd) => {
    if (tag >>> 3 !== 1) return;
    const labels: [string, string][] = [['__name__', name]];
    let ts = 0n;
    let value = 0;
    const exemplars: { labels: [string, string][]; ts: bigint; value: number }[] = [];
    eachLen(
      r,
      dpEnd,
      (t, e) => {
        if (t >>> 3 === 7) labels.push(readStringKv(r, e));
        else if (t >>> 3 === 5) {
          const ex = { labels: [] as [string, string][], ts: 0n, value: 0 };
          eachLen(
            r,
            e,
            (tt, ee) => {
              if (tt >>> 3 === 7) ex.labels.push(readStringKv(r, ee));
            },
            (tt) => {
              if (tt === ((2 << 3) | WireType.Fixed64)) ex.ts = r.fixed64();
              else if (tt === ((3 << 3) | WireType.Fixed64)) ex.value = r.double();
              else return false;
              return true;
            },
          );
          exemplars.push(ex);
        }
      },
      (t) => {
        if (t === ((3 << 3) | WireType.Fixed64)) ts = r.fixed64();
        else if (t === ((4 << 3) | WireType.Fixed64)) value = r.double();
        else return false;
        return true;
      },
    );
    const sample = b.addSample(b.seriesFor(labels, meta), Number(ts) / 1e6, value);
    for (const ex of exemplars) b.exemplars.push({ sample, labels: ex.labels, value: ex.value, timestampMs: Number(ex.ts) / 1e6 });
  });
}

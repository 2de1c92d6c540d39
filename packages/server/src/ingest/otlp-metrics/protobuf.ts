/**
 * OTLP protobuf (ExportMetricsServiceRequest, opentelemetry-proto v1) read into the decoder's
 * common shape with the shared wire reader. Field numbers follow metrics/v1/metrics.proto and
 * common/v1/common.proto. A wire error throws PTR_ERR_DECODE naming the message path and offset.
 */
import { ptrError } from '../../errors/index.js';
import { ProtoReader, ProtoWireError, WireType } from '../protobuf/index.js';
import { formatLabelFloat } from './format-float.js';
import type {
  OtlpAttr,
  OtlpExemplar,
  OtlpExpBuckets,
  OtlpExpHistogramPoint,
  OtlpHistogramPoint,
  OtlpMetric,
  OtlpMetricData,
  OtlpNumberPoint,
  OtlpResourceMetrics,
  OtlpScopeMetrics,
  OtlpSummaryPoint,
  Temporality,
} from './otlp-types.js';

const LEN = WireType.Len;
const VARINT = WireType.Varint;
const F64 = WireType.Fixed64;
const tag = (field: number, wt: number): number => (field << 3) | wt;

class PathError extends Error {
  constructor(readonly path: string, readonly inner: ProtoWireError | PathError) {
    super(inner.message);
  }
}

/** Runs `fn` and prefixes any wire error with `path`. */
function at<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ProtoWireError || e instanceof PathError) throw new PathError(path, e);
    throw e;
  }
}

function nanosToMs(r: ProtoReader): number {
  return Number(r.fixed64() / 1_000_000n);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function anyValueText(r: ProtoReader, end: number): string {
  let out = '';
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(1, LEN): out = r.string(); break;
      case tag(2, VARINT): out = r.bool() ? 'true' : 'false'; break;
      case tag(3, VARINT): out = r.int64().toString(); break;
      case tag(4, F64): out = formatLabelFloat(r.double()); break;
      case tag(5, LEN): case tag(6, LEN): {
        // arrays and maps keep their protobuf bytes' meaning as OTLP JSON would show them
        const e = r.lenEnd();
        out = JSON.stringify(t === tag(5, LEN) ? { arrayValue: arrayJson(r, e) } : { kvlistValue: kvJson(r, e) });
        r.pos = e;
        break;
      }
      case tag(7, LEN): out = Buffer.from(r.bytes()).toString('base64'); break;
      default: r.skip(t & 7);
    }
  }
  return out;
}

function arrayJson(r: ProtoReader, end: number): { values: string[] } {
  const values: string[] = [];
  while (r.pos < end) {
    const t = r.tag();
    if (t === tag(1, LEN)) {
      const e = r.lenEnd();
      values.push(anyValueText(r, e));
      r.pos = e;
    } else r.skip(t & 7);
  }
  return { values };
}

function kvJson(r: ProtoReader, end: number): { values: { key: string; value: string }[] } {
  const values: { key: string; value: string }[] = [];
  while (r.pos < end) {
    const t = r.tag();
    if (t === tag(1, LEN)) {
      const e = r.lenEnd();
      values.push(keyValue(r, e));
      r.pos = e;
    } else r.skip(t & 7);
  }
  return { values };
}

function keyValue(r: ProtoReader, end: number): OtlpAttr {
  let key = '';
  let value = '';
  while (r.pos < end) {
    const t = r.tag();
    if (t === tag(1, LEN)) key = r.string();
    else if (t === tag(2, LEN)) {
      const e = r.lenEnd();
      value = anyValueText(r, e);
      r.pos = e;
    } else r.skip(t & 7);
  }
  return { key, value };
}

function child<T>(r: ProtoReader, fn: (end: number) => T): T {
  const e = r.lenEnd();
  const v = fn(e);
  if (r.pos !== e) throw new ProtoWireError('nested message did not end at its length', r.pos);
  return v;
}

function exemplar(r: ProtoReader, end: number): OtlpExemplar {
  const e: OtlpExemplar = { attributes: [], timeMs: 0, value: 0, traceId: '', spanId: '' };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(7, LEN): e.attributes.push(child(r, (x) => keyValue(r, x))); break;
      case tag(2, F64): e.timeMs = nanosToMs(r); break;
      case tag(3, F64): e.value = r.double(); break;
      case tag(6, F64): e.value = Number(r.sfixed64()); break;
      case tag(4, LEN): e.spanId = hex(r.bytes()); break;
      case tag(5, LEN): e.traceId = hex(r.bytes()); break;
      default: r.skip(t & 7);
    }
  }
  return e;
}

function packedDoubles(r: ProtoReader, out: number[]): void {
  const e = r.lenEnd();
  while (r.pos < e) out.push(r.double());
}

function packedFixed64(r: ProtoReader, out: number[]): void {
  const e = r.lenEnd();
  while (r.pos < e) out.push(r.fixed64Number());
}

function packedVarint(r: ProtoReader, out: number[]): void {
  const e = r.lenEnd();
  while (r.pos < e) out.push(r.uint64Number());
}

function numberPoint(r: ProtoReader, end: number): OtlpNumberPoint {
  const p: OtlpNumberPoint = { attributes: [], startTimeMs: 0, timeMs: 0, value: 0, exemplars: [], flags: 0 };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(7, LEN): p.attributes.push(child(r, (x) => keyValue(r, x))); break;
      case tag(2, F64): p.startTimeMs = nanosToMs(r); break;
      case tag(3, F64): p.timeMs = nanosToMs(r); break;
      case tag(4, F64): p.value = r.double(); break;
      case tag(6, F64): p.value = Number(r.sfixed64()); break;
      case tag(5, LEN): p.exemplars.push(child(r, (x) => exemplar(r, x))); break;
      case tag(8, VARINT): p.flags = r.uint32(); break;
      default: r.skip(t & 7);
    }
  }
  return p;
}

function histogramPoint(r: ProtoReader, end: number): OtlpHistogramPoint {
  const p: OtlpHistogramPoint = { attributes: [], startTimeMs: 0, timeMs: 0, count: 0, sum: undefined, bucketCounts: [], explicitBounds: [], exemplars: [], flags: 0 };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(9, LEN): p.attributes.push(child(r, (x) => keyValue(r, x))); break;
      case tag(2, F64): p.startTimeMs = nanosToMs(r); break;
      case tag(3, F64): p.timeMs = nanosToMs(r); break;
      case tag(4, F64): p.count = r.fixed64Number(); break;
      case tag(5, F64): p.sum = r.double(); break;
      case tag(6, LEN): packedFixed64(r, p.bucketCounts); break;
      case tag(6, F64): p.bucketCounts.push(r.fixed64Number()); break;
      case tag(7, LEN): packedDoubles(r, p.explicitBounds); break;
      case tag(7, F64): p.explicitBounds.push(r.double()); break;
      case tag(8, LEN): p.exemplars.push(child(r, (x) => exemplar(r, x))); break;
      case tag(10, VARINT): p.flags = r.uint32(); break;
      default: r.skip(t & 7);
    }
  }
  return p;
}

function expBuckets(r: ProtoReader, end: number): OtlpExpBuckets {
  const b: OtlpExpBuckets = { offset: 0, bucketCounts: [] };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(1, VARINT): b.offset = Number(r.sint64()); break;
      case tag(2, LEN): packedVarint(r, b.bucketCounts); break;
      case tag(2, VARINT): b.bucketCounts.push(r.uint64Number()); break;
      default: r.skip(t & 7);
    }
  }
  return b;
}

function expPoint(r: ProtoReader, end: number): OtlpExpHistogramPoint {
  const p: OtlpExpHistogramPoint = {
    attributes: [], startTimeMs: 0, timeMs: 0, count: 0, sum: undefined, scale: 0, zeroCount: 0, zeroThreshold: 0,
    positive: { offset: 0, bucketCounts: [] }, negative: { offset: 0, bucketCounts: [] }, exemplars: [], flags: 0,
  };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(1, LEN): p.attributes.push(child(r, (x) => keyValue(r, x))); break;
      case tag(2, F64): p.startTimeMs = nanosToMs(r); break;
      case tag(3, F64): p.timeMs = nanosToMs(r); break;
      case tag(4, F64): p.count = r.fixed64Number(); break;
      case tag(5, F64): p.sum = r.double(); break;
      case tag(6, VARINT): p.scale = Number(r.sint64()); break;
      case tag(7, F64): p.zeroCount = r.fixed64Number(); break;
      case tag(8, LEN): p.positive = child(r, (x) => expBuckets(r, x)); break;
      case tag(9, LEN): p.negative = child(r, (x) => expBuckets(r, x)); break;
      case tag(10, VARINT): p.flags = r.uint32(); break;
      case tag(11, LEN): p.exemplars.push(child(r, (x) => exemplar(r, x))); break;
      case tag(14, F64): p.zeroThreshold = r.double(); break;
      default: r.skip(t & 7);
    }
  }
  return p;
}

function summaryPoint(r: ProtoReader, end: number): OtlpSummaryPoint {
  const p: OtlpSummaryPoint = { attributes: [], startTimeMs: 0, timeMs: 0, count: 0, sum: 0, quantiles: [], flags: 0 };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(7, LEN): p.attributes.push(child(r, (x) => keyValue(r, x))); break;
      case tag(2, F64): p.startTimeMs = nanosToMs(r); break;
      case tag(3, F64): p.timeMs = nanosToMs(r); break;
      case tag(4, F64): p.count = r.fixed64Number(); break;
      case tag(5, F64): p.sum = r.double(); break;
      case tag(6, LEN):
        p.quantiles.push(
          child(r, (x) => {
            const q = { quantile: 0, value: 0 };
            while (r.pos < x) {
              const qt = r.tag();
              if (qt === tag(1, F64)) q.quantile = r.double();
              else if (qt === tag(2, F64)) q.value = r.double();
              else r.skip(qt & 7);
            }
            return q;
          }),
        );
        break;
      case tag(8, VARINT): p.flags = r.uint32(); break;
      default: r.skip(t & 7);
    }
  }
  return p;
}

/** Gauge/Sum/Histogram/ExponentialHistogram/Summary: points (field 1), temporality (2), monotonic (3). */
function dataMessage<P>(r: ProtoReader, end: number, path: string, point: (r: ProtoReader, end: number) => P): { points: P[]; temporality: Temporality; monotonic: boolean } {
  const points: P[] = [];
  let temporality = 0;
  let monotonic = false;
  while (r.pos < end) {
    const t = r.tag();
    if (t === tag(1, LEN)) {
      const i = points.length;
      points.push(at(`${path}.dataPoints[${i}]`, () => child(r, (x) => point(r, x))));
    } else if (t === tag(2, VARINT)) temporality = r.uint32();
    else if (t === tag(3, VARINT)) monotonic = r.bool();
    else r.skip(t & 7);
  }
  if (temporality > 2) throw new PathError(path + '.aggregationTemporality', new ProtoWireError(`unknown value ${temporality}`, r.pos));
  return { points, temporality: temporality as Temporality, monotonic };
}

function metric(r: ProtoReader, end: number, path: string): OtlpMetric {
  const m: OtlpMetric = { name: '', description: '', unit: '', data: { kind: 'empty' } };
  let data: OtlpMetricData = { kind: 'empty' };
  while (r.pos < end) {
    const t = r.tag();
    switch (t) {
      case tag(1, LEN): m.name = r.string(); break;
      case tag(2, LEN): m.description = r.string(); break;
      case tag(3, LEN): m.unit = r.string(); break;
      case tag(5, LEN): data = { kind: 'gauge', points: child(r, (x) => dataMessage(r, x, path + '.gauge', numberPoint)).points }; break;
      case tag(7, LEN): {
        const d = child(r, (x) => dataMessage(r, x, path + '.sum', numberPoint));
        data = { kind: 'sum', points: d.points, temporality: d.temporality, monotonic: d.monotonic };
        break;
      }
      case tag(9, LEN): {
        const d = child(r, (x) => dataMessage(r, x, path + '.histogram', histogramPoint));
        data = { kind: 'histogram', points: d.points, temporality: d.temporality };
        break;
      }
      case tag(10, LEN): {
        const d = child(r, (x) => dataMessage(r, x, path + '.exponentialHistogram', expPoint));
        data = { kind: 'exponentialHistogram', points: d.points, temporality: d.temporality };
        break;
      }
      case tag(11, LEN): data = { kind: 'summary', points: child(r, (x) => dataMessage(r, x, path + '.summary', summaryPoint)).points }; break;
      default: r.skip(t & 7);
    }
  }
  m.data = data;
  return m;
}

function scopeMetrics(r: ProtoReader, end: number, path: string): OtlpScopeMetrics {
  const s: OtlpScopeMetrics = { name: '', version: '', metrics: [] };
  while (r.pos < end) {
    const t = r.tag();
    if (t === tag(1, LEN)) {
      const e = r.lenEnd();
      while (r.pos < e) {
        const st = r.tag();
        if (st === tag(1, LEN)) s.name = r.string();
        else if (st === tag(2, LEN)) s.version = r.string();
        else r.skip(st & 7);
      }
    } else if (t === tag(2, LEN)) {
      const i = s.metrics.length;
      const p = `${path}.metrics[${i}]`;
      s.metrics.push(at(p, () => child(r, (x) => metric(r, x, p))));
    } else r.skip(t & 7);
  }
  return s;
}

function resourceMetrics(r: ProtoReader, end: number, path: string): OtlpResourceMetrics {
  const rm: OtlpResourceMetrics = { attributes: [], scopeMetrics: [] };
  while (r.pos < end) {
    const t = r.tag();
    if (t === tag(1, LEN)) {
      at(path + '.resource', () =>
        child(r, (x) => {
          while (r.pos < x) {
            const rt = r.tag();
            if (rt === tag(1, LEN)) rm.attributes.push(child(r, (y) => keyValue(r, y)));
            else r.skip(rt & 7);
          }
        }),
      );
    } else if (t === tag(2, LEN)) {
      const p = `${path}.scopeMetrics[${rm.scopeMetrics.length}]`;
      rm.scopeMetrics.push(at(p, () => child(r, (x) => scopeMetrics(r, x, p))));
    } else r.skip(t & 7);
  }
  return rm;
}

export function parseMetricsProtobuf(bytes: Uint8Array): OtlpResourceMetrics[] {
  const r = new ProtoReader(bytes);
  const out: OtlpResourceMetrics[] = [];
  try {
    while (r.pos < r.end) {
      const t = r.tag();
      if (t === tag(1, LEN)) {
        const p = `resourceMetrics[${out.length}]`;
        out.push(at(p, () => child(r, (x) => resourceMetrics(r, x, p))));
      } else r.skip(t & 7);
    }
  } catch (e) {
    if (e instanceof PathError) {
      // every `at` names the full path; the innermost one is the most precise
      let inner: ProtoWireError | PathError = e;
      let path = e.path;
      while (inner instanceof PathError) {
        path = inner.path;
        inner = inner.inner;
      }
      throw ptrError('PTR_ERR_DECODE', `${path}: ${inner.message} at byte ${inner.offset}`);
    }
    if (e instanceof ProtoWireError) throw ptrError('PTR_ERR_DECODE', `ExportMetricsServiceRequest: ${e.message} at byte ${e.offset}`);
    throw e;
  }
  return out;
}

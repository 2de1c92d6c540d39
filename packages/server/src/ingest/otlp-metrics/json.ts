/**
 * OTLP/JSON (ExportMetricsServiceRequest) read into the decoder's common shape. Follows the
 * OTLP/JSON rules: lowerCamelCase keys (the proto's snake_case names are accepted too), 64-bit
 * integers as strings or numbers, enums as integers, trace and span ids as hex, unknown fields
 * ignored. A structural error throws PTR_ERR_DECODE naming the path.
 */
import { ptrError } from '../../errors/index.js';
import { formatLabelFloat } from './format-float.js';
import type { OtlpAttr, OtlpExemplar, OtlpExpBuckets, OtlpMetric, OtlpMetricData, OtlpResourceMetrics, Temporality } from './otlp-types.js';

type Obj = Record<string, unknown>;

function fail(path: string, why: string): never {
  throw ptrError('PTR_ERR_DECODE', `${path}: ${why}`);
}

function field(o: Obj, camel: string, snake?: string): unknown {
  const v = o[camel];
  return v !== undefined || snake === undefined ? v : o[snake];
}

function obj(v: unknown, path: string): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) fail(path, 'expected an object');
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(path, 'expected an array');
  return v;
}

function str(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') fail(path, 'expected a string');
  return v;
}

/** int64/fixed64 given as a JSON number or a decimal string. */
function int(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  fail(path, 'expected an integer (number or decimal string)');
}

function nanosToMs(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string' && /^\d+$/.test(v)) {
    // keep exactness for nanosecond strings beyond 2^53
    return v.length <= 6 ? 0 : Number(v.slice(0, v.length - 6));
  }
  return Math.floor(int(v, path) / 1e6);
}

function dbl(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    if (v.trim() !== '' && !Number.isNaN(n)) return n;
  }
  fail(path, 'expected a number');
}

function optDbl(o: Obj, key: string, path: string): number | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : dbl(v, `${path}.${key}`);
}

function anyValueText(v: unknown, path: string): string {
  const o = obj(v, path);
  if (!o) return '';
  if ('stringValue' in o || 'string_value' in o) return str(field(o, 'stringValue', 'string_value'), path + '.stringValue');
  if ('boolValue' in o || 'bool_value' in o) return field(o, 'boolValue', 'bool_value') === true ? 'true' : 'false';
  if ('intValue' in o || 'int_value' in o) return String(BigInt(int(field(o, 'intValue', 'int_value'), path + '.intValue')));
  if ('doubleValue' in o || 'double_value' in o) return formatLabelFloat(dbl(field(o, 'doubleValue', 'double_value'), path + '.doubleValue'));
  if ('bytesValue' in o || 'bytes_value' in o) return str(field(o, 'bytesValue', 'bytes_value'), path + '.bytesValue');
  if ('arrayValue' in o || 'array_value' in o || 'kvlistValue' in o || 'kvlist_value' in o) return JSON.stringify(o);
  return '';
}

function attrs(v: unknown, path: string): OtlpAttr[] {
  return arr(v, path).map((kv, i) => {
    const o = obj(kv, `${path}[${i}]`) ?? fail(`${path}[${i}]`, 'expected a KeyValue');
    return { key: str(o['key'], `${path}[${i}].key`), value: anyValueText(o['value'], `${path}[${i}].value`) };
  });
}

function hexId(v: unknown, path: string, bytes: number): string {
  const s = str(v, path);
  if (s === '') return '';
  if (s.length !== bytes * 2 || !/^[0-9a-fA-F]+$/.test(s)) fail(path, `expected ${bytes * 2} hex characters`);
  return s.toLowerCase();
}

function exemplars(v: unknown, path: string): OtlpExemplar[] {
  return arr(v, path).map((e, i) => {
    const p = `${path}[${i}]`;
    const o = obj(e, p) ?? fail(p, 'expected an Exemplar');
    const asInt = field(o, 'asInt', 'as_int');
    return {
      attributes: attrs(field(o, 'filteredAttributes', 'filtered_attributes'), p + '.filteredAttributes'),
      timeMs: nanosToMs(field(o, 'timeUnixNano', 'time_unix_nano'), p + '.timeUnixNano'),
      value: asInt !== undefined ? int(asInt, p + '.asInt') : dbl(field(o, 'asDouble', 'as_double'), p + '.asDouble'),
      traceId: hexId(field(o, 'traceId', 'trace_id'), p + '.traceId', 16),
      spanId: hexId(field(o, 'spanId', 'span_id'), p + '.spanId', 8),
    };
  });
}

function common(o: Obj, p: string): { attributes: OtlpAttr[]; startTimeMs: number; timeMs: number; flags: number } {
  return {
    attributes: attrs(o['attributes'], p + '.attributes'),
    startTimeMs: nanosToMs(field(o, 'startTimeUnixNano', 'start_time_unix_nano'), p + '.startTimeUnixNano'),
    timeMs: nanosToMs(field(o, 'timeUnixNano', 'time_unix_nano'), p + '.timeUnixNano'),
    flags: int(o['flags'], p + '.flags'),
  };
}

function temporality(o: Obj, p: string): Temporality {
  const t = int(field(o, 'aggregationTemporality', 'aggregation_temporality'), p + '.aggregationTemporality');
  if (t !== 0 && t !== 1 && t !== 2) fail(p + '.aggregationTemporality', `unknown value ${t}`);
  return t as Temporality;
}

function points(o: Obj, p: string): { o: Obj; p: string }[] {
  return arr(field(o, 'dataPoints', 'data_points'), p + '.dataPoints').map((d, i) => ({ o: obj(d, `${p}.dataPoints[${i}]`) ?? fail(`${p}.dataPoints[${i}]`, 'expected a data point'), p: `${p}.dataPoints[${i}]` }));
}

function numberPoints(o: Obj, p: string) {
  return points(o, p).map(({ o: d, p: dp }) => {
    const asInt = field(d, 'asInt', 'as_int');
    return {
      ...common(d, dp),
      value: asInt !== undefined ? int(asInt, dp + '.asInt') : dbl(field(d, 'asDouble', 'as_double'), dp + '.asDouble'),
      exemplars: exemplars(d['exemplars'], dp + '.exemplars'),
    };
  });
}

function expBuckets(v: unknown, p: string): OtlpExpBuckets {
  const o = obj(v, p);
  if (!o) return { offset: 0, bucketCounts: [] };
  return { offset: int(o['offset'], p + '.offset'), bucketCounts: arr(field(o, 'bucketCounts', 'bucket_counts'), p + '.bucketCounts').map((c, i) => int(c, `${p}.bucketCounts[${i}]`)) };
}

function metricData(o: Obj, p: string): OtlpMetricData {
  const gauge = obj(o['gauge'], p + '.gauge');
  if (gauge) return { kind: 'gauge', points: numberPoints(gauge, p + '.gauge') };
  const sum = obj(o['sum'], p + '.sum');
  if (sum) return { kind: 'sum', points: numberPoints(sum, p + '.sum'), temporality: temporality(sum, p + '.sum'), monotonic: field(sum, 'isMonotonic', 'is_monotonic') === true };
  const hist = obj(o['histogram'], p + '.histogram');
  if (hist) {
    return {
      kind: 'histogram',
      temporality: temporality(hist, p + '.histogram'),
      points: points(hist, p + '.histogram').map(({ o: d, p: dp }) => ({
        ...common(d, dp),
        count: int(d['count'], dp + '.count'),
        sum: optDbl(d, 'sum', dp),
        bucketCounts: arr(field(d, 'bucketCounts', 'bucket_counts'), dp + '.bucketCounts').map((c, i) => int(c, `${dp}.bucketCounts[${i}]`)),
        explicitBounds: arr(field(d, 'explicitBounds', 'explicit_bounds'), dp + '.explicitBounds').map((c, i) => dbl(c, `${dp}.explicitBounds[${i}]`)),
        exemplars: exemplars(d['exemplars'], dp + '.exemplars'),
      })),
    };
  }
  const eh = obj(field(o, 'exponentialHistogram', 'exponential_histogram'), p + '.exponentialHistogram');
  if (eh) {
    return {
      kind: 'exponentialHistogram',
      temporality: temporality(eh, p + '.exponentialHistogram'),
      points: points(eh, p + '.exponentialHistogram').map(({ o: d, p: dp }) => ({
        ...common(d, dp),
        count: int(d['count'], dp + '.count'),
        sum: optDbl(d, 'sum', dp),
        scale: int(d['scale'], dp + '.scale'),
        zeroCount: int(field(d, 'zeroCount', 'zero_count'), dp + '.zeroCount'),
        zeroThreshold: dbl(field(d, 'zeroThreshold', 'zero_threshold'), dp + '.zeroThreshold'),
        positive: expBuckets(d['positive'], dp + '.positive'),
        negative: expBuckets(d['negative'], dp + '.negative'),
        exemplars: exemplars(d['exemplars'], dp + '.exemplars'),
      })),
    };
  }
  const summary = obj(o['summary'], p + '.summary');
  if (summary) {
    return {
      kind: 'summary',
      points: points(summary, p + '.summary').map(({ o: d, p: dp }) => ({
        ...common(d, dp),
        count: int(d['count'], dp + '.count'),
        sum: dbl(d['sum'], dp + '.sum'),
        quantiles: arr(field(d, 'quantileValues', 'quantile_values'), dp + '.quantileValues').map((q, i) => {
          const qo = obj(q, `${dp}.quantileValues[${i}]`) ?? fail(`${dp}.quantileValues[${i}]`, 'expected an object');
          return { quantile: dbl(qo['quantile'], `${dp}.quantileValues[${i}].quantile`), value: dbl(qo['value'], `${dp}.quantileValues[${i}].value`) };
        }),
      })),
    };
  }
  return { kind: 'empty' };
}

export function parseMetricsJson(body: unknown): OtlpResourceMetrics[] {
  const root = obj(body, '$') ?? fail('$', 'expected an ExportMetricsServiceRequest object');
  return arr(field(root, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics').map((rm, r) => {
    const rp = `resourceMetrics[${r}]`;
    const ro = obj(rm, rp) ?? fail(rp, 'expected an object');
    const resource = obj(ro['resource'], rp + '.resource');
    return {
      attributes: resource ? attrs(resource['attributes'], rp + '.resource.attributes') : [],
      scopeMetrics: arr(field(ro, 'scopeMetrics', 'scope_metrics'), rp + '.scopeMetrics').map((sm, s) => {
        const sp = `${rp}.scopeMetrics[${s}]`;
        const so = obj(sm, sp) ?? fail(sp, 'expected an object');
        const scope = obj(so['scope'], sp + '.scope');
        return {
          name: scope ? str(scope['name'], sp + '.scope.name') : '',
          version: scope ? str(scope['version'], sp + '.scope.version') : '',
          metrics: arr(so['metrics'], sp + '.metrics').map((m, i): OtlpMetric => {
            const mp = `${sp}.metrics[${i}]`;
            const mo = obj(m, mp) ?? fail(mp, 'expected a Metric');
            return { name: str(mo['name'], mp + '.name'), description: str(mo['description'], mp + '.description'), unit: str(mo['unit'], mp + '.unit'), data: metricData(mo, mp) };
          }),
        };
      }),
    };
  });
}

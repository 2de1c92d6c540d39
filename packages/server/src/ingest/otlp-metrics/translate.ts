/**
 * Maps decoded OTLP metrics to Prometheus series (OpenTelemetry "Prometheus and OpenMetrics
 * Compatibility", as Prometheus' otlptranslator implements it): point attributes become labels
 * (normalised; colliding names joined with `;`), `job`/`instance` come from service.namespace /
 * service.name / service.instance.id, scope name and version become `otel_scope_name` /
 * `otel_scope_version`, other resource attributes go to `target_info`. Histograms become
 * `_bucket{le}` / `_sum` / `_count`, summaries `{quantile}` / `_sum` / `_count`. Delta sums and
 * histograms are accumulated to cumulative. A point with the no-recorded-value flag writes
 * Prometheus' staleness marker.
 */
import type { DecodeContext, DecodeResult, MetricBatch, SeriesEntry } from '../../model/index.js';
import { MetricBatchBuilder, STALE_NAN, labelsKey, sortLabels } from '../../store/metrics/batch-builder.js';
import { sharedDeltaAccumulator, type DeltaAccumulator } from './delta-to-cumulative.js';
import { expToClassic } from './exponential.js';
import { formatLabelFloat } from './format-float.js';
import { prometheusLabelName, prometheusMetricName } from './names.js';
import { FLAG_NO_RECORDED_VALUE, Temporality, type OtlpAttr, type OtlpExemplar, type OtlpMetric, type OtlpResourceMetrics } from './otlp-types.js';

const PROMOTED = new Set(['service.name', 'service.namespace', 'service.instance.id']);

interface TranslateState {
  builder: MetricBatchBuilder;
  errors: string[];
  rejected: number;
  tenant: string;
  delta: DeltaAccumulator;
  maxLabels: number;
  maxValueLength: number;
}

function reject(st: TranslateState, where: string, why: string): void {
  st.rejected++;
  if (st.errors.length < 8) st.errors.push(`${where}: ${why}`);
}

/** Normalised labels of a point: attributes, then job/instance/scope, then `extras` overriding. */
function pointLabels(base: Map<string, string>, attrs: OtlpAttr[]): Map<string, string> {
  const out = new Map<string, string>();
  if (attrs.length > 0) {
    const sorted = attrs.length > 1 ? [...attrs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : attrs;
    for (const a of sorted) {
      const name = prometheusLabelName(a.key);
      if (name === '' || a.value === '') continue;
      const prev = out.get(name);
      out.set(name, prev === undefined ? a.value : prev + ';' + a.value);
    }
  }
  for (const [k, v] of base) out.set(k, v);
  return out;
}

function finish(labels: Map<string, string>, name: string, extra?: [string, string]): [string, string][] {
  const arr: [string, string][] = [['__name__', name]];
  for (const [k, v] of labels) {
    if (k === '__name__' || (extra && k === extra[0])) continue;
    arr.push([k, v]);
  }
  if (extra) arr.push(extra);
  return sortLabels(arr);
}

function exemplarLabels(e: OtlpExemplar): [string, string][] {
  const out: [string, string][] = [];
  if (e.traceId) out.push(['trace_id', e.traceId]);
  if (e.spanId) out.push(['span_id', e.spanId]);
  for (const a of e.attributes) {
    const n = prometheusLabelName(a.key);
    if (n && a.value !== '') out.push([n, a.value]);
  }
  return sortLabels(out);
}

function meta(m: OtlpMetric, type: SeriesEntry['type']): Omit<SeriesEntry, 'labels'> {
  return { type, ...(m.description ? { help: m.description } : {}), ...(m.unit ? { unit: m.unit } : {}) };
}

function checkLabels(st: TranslateState, where: string, labels: [string, string][]): boolean {
  if (labels.length > st.maxLabels) {
    reject(st, where, `${labels.length} labels, limit is ${st.maxLabels}`);
    return false;
  }
  for (const [n, v] of labels) {
    if (v.length > st.maxValueLength) {
      reject(st, where, `label ${n} value is ${v.length} characters, limit is ${st.maxValueLength}`);
      return false;
    }
  }
  return true;
}

function translateMetric(st: TranslateState, m: OtlpMetric, base: Map<string, string>, where: string): number {
  let latest = -Infinity;
  const b = st.builder;
  const data = m.data;
  if (m.name === '') {
    if (data.kind !== 'empty') reject(st, where + '.name', 'metric name is empty');
    return latest;
  }
  switch (data.kind) {
    case 'empty':
      return latest;
    case 'gauge':
    case 'sum': {
      const counter = data.kind === 'sum' && data.monotonic;
      const name = prometheusMetricName(m.name, m.unit, counter ? 'counter' : data.kind === 'gauge' ? 'gauge' : 'other');
      const type = counter ? 'counter' : 'gauge';
      for (let i = 0; i < data.points.length; i++) {
        const p = data.points[i]!;
        const pw = `${where}.${data.kind}.dataPoints[${i}]`;
        const labels = finish(pointLabels(base, p.attributes), name);
        if (!checkLabels(st, pw, labels)) continue;
        let value = p.value;
        if ((p.flags & FLAG_NO_RECORDED_VALUE) !== 0) value = STALE_NAN;
        else if (data.kind === 'sum' && data.temporality === Temporality.Delta) {
          const acc = st.delta.addSum(st.tenant + '\xff' + labelsKey(labels), p.timeMs, p.value);
          if (acc === undefined) {
            reject(st, pw, 'delta point older than the last one of its series');
            continue;
          }
          value = acc;
        }
        const row = b.add(b.seriesFor(labels, meta(m, type)), p.timeMs, value);
        for (const e of p.exemplars) b.addExemplar({ sample: row, labels: exemplarLabels(e), value: e.value, timestampMs: e.timeMs });
        if (p.timeMs > latest) latest = p.timeMs;
      }
      return latest;
    }
    case 'histogram':
    case 'exponentialHistogram': {
      const name = prometheusMetricName(m.name, m.unit, 'other');
      for (let i = 0; i < data.points.length; i++) {
        const p = data.points[i]!;
        const pw = `${where}.${data.kind}.dataPoints[${i}]`;
        let bounds: number[];
        let counts: number[];
        if (data.kind === 'histogram') {
          const hp = data.points[i]!;
          bounds = hp.explicitBounds;
          counts = hp.bucketCounts;
          if (counts.length !== 0 && counts.length !== bounds.length + 1) {
            reject(st, pw, `bucketCounts has ${counts.length} entries, explicitBounds ${bounds.length}: expected one more count than bounds`);
            continue;
          }
        } else {
          const c = expToClassic(data.points[i]!);
          bounds = c.bounds;
          counts = [...c.counts, 0];
        }
        const attrs = pointLabels(base, p.attributes);
        const baseLabels = finish(attrs, name + '_count');
        if (!checkLabels(st, pw, baseLabels)) continue;
        let count = p.count;
        let sum = p.sum;
        const stale = (p.flags & FLAG_NO_RECORDED_VALUE) !== 0;
        if (!stale && data.temporality === Temporality.Delta) {
          const acc = st.delta.addHistogram(st.tenant + '\xff' + labelsKey(baseLabels), p.timeMs, bounds, counts, count, sum ?? 0);
          if (acc === undefined) {
            reject(st, pw, 'delta point older than the last one of its series');
            continue;
          }
          counts = acc.counts;
          count = acc.count;
          sum = sum === undefined ? undefined : acc.sum;
        }
        const t = p.timeMs;
        const mt = meta(m, 'histogram');
        if (sum !== undefined) b.add(b.seriesFor(finish(attrs, name + '_sum'), mt), t, stale ? STALE_NAN : sum);
        b.add(b.seriesFor(baseLabels, mt), t, stale ? STALE_NAN : count);
        let cum = 0;
        const rows: number[] = [];
        for (let k = 0; k < bounds.length; k++) {
          cum += counts[k] ?? 0;
          rows.push(b.add(b.seriesFor(finish(attrs, name + '_bucket', ['le', formatLabelFloat(bounds[k]!)]), mt), t, stale ? STALE_NAN : cum));
        }
        const infRow = b.add(b.seriesFor(finish(attrs, name + '_bucket', ['le', '+Inf']), mt), t, stale ? STALE_NAN : count);
        for (const e of p.exemplars) {
          const k = bounds.findIndex((bound) => e.value <= bound);
          b.addExemplar({ sample: k < 0 ? infRow : rows[k]!, labels: exemplarLabels(e), value: e.value, timestampMs: e.timeMs });
        }
        if (t > latest) latest = t;
      }
      return latest;
    }
    case 'summary': {
      const name = prometheusMetricName(m.name, m.unit, 'other');
      for (let i = 0; i < data.points.length; i++) {
        const p = data.points[i]!;
        const pw = `${where}.summary.dataPoints[${i}]`;
        const attrs = pointLabels(base, p.attributes);
        const countLabels = finish(attrs, name + '_count');
        if (!checkLabels(st, pw, countLabels)) continue;
        const stale = (p.flags & FLAG_NO_RECORDED_VALUE) !== 0;
        const mt = meta(m, 'summary');
        const t = p.timeMs;
        b.add(b.seriesFor(finish(attrs, name + '_sum'), mt), t, stale ? STALE_NAN : p.sum);
        b.add(b.seriesFor(countLabels, mt), t, stale ? STALE_NAN : p.count);
        for (const q of p.quantiles) {
          b.add(b.seriesFor(finish(attrs, name, ['quantile', formatLabelFloat(q.quantile)]), mt), t, stale ? STALE_NAN : q.value);
        }
        if (t > latest) latest = t;
      }
      return latest;
    }
  }
}

export interface TranslateOptions {
  delta?: DeltaAccumulator;
}

export function translateMetrics(resources: OtlpResourceMetrics[], ctx: DecodeContext, options: TranslateOptions = {}): DecodeResult<MetricBatch> {
  const st: TranslateState = {
    builder: new MetricBatchBuilder(ctx.tenant),
    errors: [],
    rejected: 0,
    tenant: ctx.tenant,
    delta: options.delta ?? sharedDeltaAccumulator,
    maxLabels: ctx.limits.maxAttributesPerItem + 4,
    maxValueLength: ctx.limits.maxAttributeValueLength,
  };
  for (let r = 0; r < resources.length; r++) {
    const res = resources[r]!;
    const get = (k: string): string | undefined => res.attributes.find((a) => a.key === k)?.value;
    const serviceName = get('service.name');
    const serviceNamespace = get('service.namespace');
    const instanceId = get('service.instance.id');
    const resourceBase = new Map<string, string>();
    if (serviceName) resourceBase.set('job', serviceNamespace ? `${serviceNamespace}/${serviceName}` : serviceName);
    if (instanceId) resourceBase.set('instance', instanceId);
    let latest = -Infinity;
    for (let s = 0; s < res.scopeMetrics.length; s++) {
      const scope = res.scopeMetrics[s]!;
      const base = new Map(resourceBase);
      if (scope.name) base.set('otel_scope_name', scope.name);
      if (scope.version) base.set('otel_scope_version', scope.version);
      for (let m = 0; m < scope.metrics.length; m++) {
        const t = translateMetric(st, scope.metrics[m]!, base, `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`);
        if (t > latest) latest = t;
      }
    }
    const extra = res.attributes.filter((a) => !PROMOTED.has(a.key));
    if (extra.length > 0 && latest > -Infinity) {
      const labels = finish(pointLabels(resourceBase, extra), 'target_info');
      if (checkLabels(st, `resourceMetrics[${r}].resource`, labels)) {
        st.builder.add(st.builder.seriesFor(labels, { type: 'gauge', help: 'Target metadata' }), latest, 1);
      }
    }
  }
  return { batch: st.builder.build(), rejected: st.rejected, errors: st.errors };
}

/**
 * The metric store on VictoriaMetrics: writes by remote write with the tenant as a label
 * (`pointer_tenant` by default), reads through its Prometheus API with that label enforced by
 * `extra_label`, and PromQL evaluated by VictoriaMetrics itself (MetricsQL, a superset of PromQL;
 * differences in docs/metrics.md). The tenant label is removed from everything read back.
 * VictoriaMetrics accepts out-of-order samples and keeps no metric metadata or exemplars; the
 * documented differences follow from that.
 */
import type { MetricBatch } from '../../../model/index.js';
import type { QueryResult, SeriesPoints } from '../../../promql/engine-api.js';
import { encodeWriteRequest } from '../../../prometheus/remote-write/encode.js';
import { snappyEncode } from '../../../prometheus/remote-write/snappy.js';
import type { LabelMatcher, Labels, Querier, SelectHints, SeriesSamples } from '../querier.js';
import type { MetricMetadata, MetricStore, NativePromQL, SeriesExemplars, WriteOptions, WriteResult } from '../metric-store.js';
import { VmClient, type VmClientOptions } from './client.js';
import { selectorText } from './selector.js';

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function parseVmFloat(s: string | number): number {
  if (typeof s === 'number') return s;
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

class VmQuerier implements Querier {
  constructor(
    private readonly vm: VmClient,
    private readonly tenant: string,
  ) {}

  private strip(metric: Record<string, string>): Labels {
    return Object.entries(metric)
      .filter(([k]) => k !== this.vm.options.tenantLabel)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  async select(matchers: readonly LabelMatcher[], startMs: number, endMs: number, hints?: SelectHints): Promise<SeriesSamples[]> {
    const text = await this.vm.exportLines(this.tenant, [['match[]', selectorText(matchers)], ['start', secs(startMs)], ['end', secs(endMs)]], hints?.signal);
    const out: SeriesSamples[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      const row = JSON.parse(line) as { metric: Record<string, string>; values: (number | string | null)[]; timestamps: number[] };
      const n = row.timestamps.length;
      const ts = new Float64Array(n);
      const vs = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        ts[i] = row.timestamps[i]!;
        const v = row.values[i];
        vs[i] = v === null || v === undefined ? NaN : parseVmFloat(v);
      }
      out.push({ labels: this.strip(row.metric), timestamps: ts, values: vs });
    }
    return out;
  }

  private selectorParams(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): [string, string][] {
    const p: [string, string][] = selectors.map((s) => ['match[]', selectorText(s)]);
    p.push(['start', secs(Math.max(0, startMs))], ['end', secs(Math.min(endMs, Date.now() + 86_400_000))]);
    if (limit) p.push(['limit', String(limit)]);
    return p;
  }

  async series(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<Labels[]> {
    const data = await this.vm.read<Record<string, string>[]>('/api/v1/series', this.tenant, this.selectorParams(selectors, startMs, endMs, limit));
    return data.map((m) => this.strip(m));
  }

  async labelNames(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    const data = await this.vm.read<string[]>('/api/v1/labels', this.tenant, this.selectorParams(selectors, startMs, endMs, limit));
    return data.filter((n) => n !== this.vm.options.tenantLabel).sort();
  }

  async labelValues(name: string, selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]> {
    if (name === this.vm.options.tenantLabel) return [];
    const data = await this.vm.read<string[]>(`/api/v1/label/${encodeURIComponent(name)}/values`, this.tenant, this.selectorParams(selectors, startMs, endMs, limit));
    return data.sort();
  }
}

type VmData =
  | { resultType: 'scalar' | 'string'; result: [number, string] }
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
  | { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] };

class VmPromQL implements NativePromQL {
  constructor(private readonly vm: VmClient) {}

  private strip(metric: Record<string, string>): Labels {
    return Object.entries(metric)
      .filter(([k]) => k !== this.vm.options.tenantLabel)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  private convert(d: VmData): QueryResult {
    switch (d.resultType) {
      case 'scalar':
        return { resultType: 'scalar', timestampMs: Math.round(d.result[0] * 1000), value: parseVmFloat(d.result[1]) };
      case 'string':
        return { resultType: 'string', timestampMs: Math.round(d.result[0] * 1000), value: d.result[1] };
      case 'vector':
        return { resultType: 'vector', samples: d.result.map((s) => ({ metric: this.strip(s.metric), timestampMs: Math.round(s.value[0] * 1000), value: parseVmFloat(s.value[1]) })) };
      case 'matrix':
        return {
          resultType: 'matrix',
          series: d.result.map(
            (s): SeriesPoints => ({
              metric: this.strip(s.metric),
              timestamps: Float64Array.from(s.values, (v) => Math.round(v[0] * 1000)),
              values: Float64Array.from(s.values, (v) => parseVmFloat(v[1])),
            }),
          ),
        };
    }
  }

  async instantQuery(tenant: string, query: string, timeMs: number, signal?: AbortSignal): Promise<QueryResult> {
    return this.convert(await this.vm.read<VmData>('/api/v1/query', tenant, [['query', query], ['time', secs(timeMs)]], signal));
  }

  async rangeQuery(tenant: string, query: string, startMs: number, endMs: number, stepMs: number, signal?: AbortSignal): Promise<QueryResult> {
    return this.convert(
      await this.vm.read<VmData>('/api/v1/query_range', tenant, [['query', query], ['start', secs(startMs)], ['end', secs(endMs)], ['step', `${stepMs}ms`]], signal),
    );
  }
}

class VictoriaMetricsStore implements MetricStore {
  readonly kind = 'victoriametrics' as const;
  readonly native: NativePromQL;
  private readonly vm: VmClient;

  constructor(options: VmClientOptions) {
    this.vm = new VmClient(options);
    this.native = new VmPromQL(this.vm);
  }

  async write(batch: MetricBatch, _options?: WriteOptions): Promise<WriteResult> {
    if (batch.count > 0) await this.vm.write(snappyEncode(encodeWriteRequest(batch, [[this.vm.options.tenantLabel, batch.tenant]])));
    return { samplesWritten: batch.count, exemplarsWritten: 0, outOfOrder: 0, duplicates: 0 };
  }

  querier(tenant: string): Querier {
    return new VmQuerier(this.vm, tenant);
  }

  async metadata(): Promise<Record<string, MetricMetadata[]>> {
    return {};
  }

  async exemplars(): Promise<SeriesExemplars[]> {
    return [];
  }

  /** Makes recent writes searchable (VictoriaMetrics flushes its in-memory buffers about every second). */
  forceFlush(): Promise<void> {
    return this.vm.forceFlush();
  }

  async stop(): Promise<void> {}
}

export function openVictoriaMetricsStore(options: VmClientOptions): MetricStore {
  return new VictoriaMetricsStore(options);
}

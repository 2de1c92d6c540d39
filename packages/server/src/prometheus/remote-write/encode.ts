/**
 * Remote write 1.0 WriteRequest encoding of a MetricBatch (for the VictoriaMetrics store, the
 * benchmarks and the tests). Samples are grouped per series; `extra` labels (e.g. the tenant
 * label) are merged into every series, replacing a label of the same name.
 */
import { ProtoWriter } from '../../ingest/protobuf/index.js';
import type { MetricBatch } from '../../model/index.js';
import { sortLabels } from '../../store/metrics/batch-builder.js';

export function encodeWriteRequest(batch: MetricBatch, extra: readonly [string, string][] = []): Uint8Array {
  const rows: number[][] = batch.series.map(() => []);
  for (let i = 0; i < batch.count; i++) rows[batch.seriesIndex[i]!]!.push(i);
  const exemplarsBySample = new Map<number, MetricBatch['exemplars']>();
  for (const e of batch.exemplars) exemplarsBySample.set(e.sample, [...(exemplarsBySample.get(e.sample) ?? []), e]);
  const w = new ProtoWriter(64 * 1024);
  const extraNames = new Set(extra.map(([n]) => n));
  for (let s = 0; s < batch.series.length; s++) {
    const sampleRows = rows[s]!;
    if (sampleRows.length === 0) continue;
    sampleRows.sort((a, b) => batch.timestampMs[a]! - batch.timestampMs[b]!);
    const labels = extra.length ? sortLabels([...batch.series[s]!.labels.filter(([n]) => !extraNames.has(n)), ...extra.map(([n, v]) => [n, v] as [string, string])]) : batch.series[s]!.labels;
    const ts = w.beginLen(1);
    for (const [n, v] of labels) {
      const l = w.beginLen(1);
      w.stringField(1, n);
      w.stringField(2, v);
      w.endLen(l);
    }
    for (const i of sampleRows) {
      const sm = w.beginLen(2);
      w.doubleField(1, batch.value[i]!);
      w.int64Field(2, BigInt(Math.floor(batch.timestampMs[i]!)));
      w.endLen(sm);
    }
    for (const i of sampleRows) {
      for (const e of exemplarsBySample.get(i) ?? []) {
        const em = w.beginLen(3);
        for (const [n, v] of e.labels) {
          const l = w.beginLen(1);
          w.stringField(1, n);
          w.stringField(2, v);
          w.endLen(l);
        }
        w.doubleField(2, e.value);
        w.int64Field(3, BigInt(Math.floor(e.timestampMs)));
        w.endLen(em);
      }
    }
    w.endLen(ts);
  }
  return w.finish();
}

/**
 * Remote write 2.0 Request encoding of a MetricBatch (for the tests and benchmarks): one symbol
 * table for the request ("" first), label references in pairs, samples grouped per series,
 * exemplars attached to their series, optional metadata per metric name.
 */
import { ProtoWriter } from '../../ingest/protobuf/index.js';
import type { MetricBatch } from '../../model/index.js';
import { METADATA_TYPES } from './decode.js';

export interface V2Metadata {
  type: string;
  help?: string;
  unit?: string;
}

export function encodeWriteRequestV2(batch: MetricBatch, metadata: Record<string, V2Metadata> = {}): Uint8Array {
  const symbols = new Map<string, number>([['', 0]]);
  const ref = (s: string): number => {
    let i = symbols.get(s);
    if (i === undefined) symbols.set(s, (i = symbols.size));
    return i;
  };
  const rows: number[][] = batch.series.map(() => []);
  for (let i = 0; i < batch.count; i++) rows[batch.seriesIndex[i]!]!.push(i);
  const body = new ProtoWriter(64 * 1024);
  for (let s = 0; s < batch.series.length; s++) {
    const sampleRows = rows[s]!.sort((a, b) => batch.timestampMs[a]! - batch.timestampMs[b]!);
    if (sampleRows.length === 0) continue;
    const labels = batch.series[s]!.labels;
    const ts = body.beginLen(5);
    const refs = body.beginLen(1);
    for (const [n, v] of labels) {
      body.varint(ref(n));
      body.varint(ref(v));
    }
    body.endLen(refs);
    for (const i of sampleRows) {
      const sm = body.beginLen(2);
      body.doubleField(1, batch.value[i]!, true);
      body.int64Field(2, BigInt(Math.floor(batch.timestampMs[i]!)));
      body.endLen(sm);
    }
    for (const e of batch.exemplars) {
      if (batch.seriesIndex[e.sample] !== s) continue;
      const em = body.beginLen(4);
      const er = body.beginLen(1);
      for (const [n, v] of e.labels) {
        body.varint(ref(n));
        body.varint(ref(v));
      }
      body.endLen(er);
      body.doubleField(2, e.value, true);
      body.int64Field(3, BigInt(Math.floor(e.timestampMs)));
      body.endLen(em);
    }
    const m = metadata[labels.find(([n]) => n === '__name__')?.[1] ?? ''];
    if (m) {
      const mm = body.beginLen(5);
      body.uint32Field(1, Math.max(0, METADATA_TYPES.indexOf(m.type)));
      body.uint32Field(3, ref(m.help ?? ''));
      body.uint32Field(4, ref(m.unit ?? ''));
      body.endLen(mm);
    }
    body.endLen(ts);
  }
  const w = new ProtoWriter(64 * 1024);
  for (const s of symbols.keys()) w.stringField(4, s, true);
  const head = w.finish();
  const tail = body.finish();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

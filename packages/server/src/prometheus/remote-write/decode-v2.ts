/**
 * Remote write 2.0 `io.prometheus.write.v2.Request` (remote_write_spec_2_0.md, io/prometheus/
 * write/v2/types.proto) into a MetricBatch: Request { symbols=4 (repeated string; symbols[0]
 * is ""), timeseries=5 }, TimeSeries { labels_refs=1 (packed uint32 pairs of name and value
 * references into symbols), samples=2 {value=1, timestamp=2}, histograms=3, exemplars=4
 * {labels_refs=1, value=2, timestamp=3}, metadata=5 {type=1, help_ref=3, unit_ref=4},
 * created_timestamp=6 }. The same label rules and limits as 1.0 (decode.ts); a reference
 * outside the symbol table, an odd number of references or an invalid label fails the whole
 * request, naming the series. Native histograms are counted, not stored (the route answers so:
 * a 2.0 receiver must not answer 2xx for what it did not write). created_timestamp is ignored.
 */
import { ptrError } from '../../errors/index.js';
import { ProtoReader, ProtoWireError, WireType, decodeUtf8 } from '../../ingest/protobuf/index.js';
import { MetricBatchBuilder, sortLabels } from '../../store/metrics/batch-builder.js';
import type { MetricMetadataEntry } from '../../store/metrics/metric-store.js';
import { SeriesSamples } from './series-samples.js';
import { checkLabels, METADATA_TYPES, type DecodedWrite, type RemoteWriteLimits, type ValidNames } from './decode.js';

const LEN = WireType.Len;
const tag = (f: number, wt: number): number => (f << 3) | wt;

export interface DecodedWriteV2 extends DecodedWrite {
  exemplars: number;
}

/** Packed (or, as proto3 allows, unpacked) uint32 references. */
function readRefs(r: ProtoReader, wt: number, into: number[]): void {
  if (wt === LEN) {
    const end = r.lenEnd();
    while (r.pos < end) into.push(r.uint32());
    if (r.pos !== end) throw new ProtoWireError('packed references did not end at their length', r.pos);
  } else into.push(r.uint32());
}

function labelsOf(refs: readonly number[], symbols: readonly string[], where: () => string): [string, string][] {
  if (refs.length % 2 !== 0) throw ptrError('PTR_ERR_VALIDATION', `${where()}: ${refs.length} label references, expected pairs of name and value`);
  const out: [string, string][] = [];
  for (let i = 0; i < refs.length; i += 2) {
    const n = symbols[refs[i]!];
    const v = symbols[refs[i + 1]!];
    if (n === undefined || v === undefined) throw ptrError('PTR_ERR_VALIDATION', `${where()}: label reference ${n === undefined ? refs[i] : refs[i + 1]} is outside the ${symbols.length} symbols`);
    out.push([n, v]);
  }
  return out;
}

export function decodeWriteRequestV2(bytes: Uint8Array, tenant: string, limits: RemoteWriteLimits): DecodedWriteV2 {
  const r = new ProtoReader(bytes);
  const symbols: string[] = [];
  const series: [number, number][] = [];
  let seriesNo = 0;
  let section = 'Request';
  const where = (): string => (section === 'timeseries' ? `timeseries[${seriesNo - 1}]` : section);
  try {
    // symbols may come after the series on the wire: collect both first
    while (r.pos < r.end) {
      const t = r.tag();
      if (t === tag(4, LEN)) {
        const end = r.lenEnd();
        symbols.push(decodeUtf8(r.buf, r.pos, end));
        r.pos = end;
      } else if (t === tag(5, LEN)) {
        const end = r.lenEnd();
        series.push([r.pos, end]);
        r.pos = end;
      } else r.skip(t & 7);
    }
    if (symbols.length > 0 && symbols[0] !== '') throw ptrError('PTR_ERR_VALIDATION', 'symbols[0] must be the empty string');
    const b = new MetricBatchBuilder(tenant);
    const metadata: MetricMetadataEntry[] = [];
    const valid: ValidNames = new Set();
    const scratch = new SeriesSamples();
    let histogramsDropped = 0;
    let exemplars = 0;
    section = 'timeseries';
    for (const [start, end] of series) {
      seriesNo++;
      r.pos = start;
      const refs: number[] = [];
      const samples = scratch.reset();
      const ex: { refs: number[]; value: number; ts: number }[] = [];
      let meta: { type: number; help: number; unit: number } | undefined;
      while (r.pos < end) {
        const ft = r.tag();
        const field = ft >>> 3;
        if (field === 1) readRefs(r, ft & 7, refs);
        else if (ft === tag(2, LEN)) {
          samples.readSample(r, r.lenEnd());
        } else if (ft === tag(3, LEN)) {
          histogramsDropped++;
          r.skip(LEN);
        } else if (ft === tag(4, LEN)) {
          const e = r.lenEnd();
          const x = { refs: [] as number[], value: 0, ts: 0 };
          while (r.pos < e) {
            const st = r.tag();
            if (st >>> 3 === 1) readRefs(r, st & 7, x.refs);
            else if (st === tag(2, WireType.Fixed64)) x.value = r.double();
            else if (st === tag(3, WireType.Varint)) x.ts = Number(r.int64());
            else r.skip(st & 7);
          }
          ex.push(x);
        } else if (ft === tag(5, LEN)) {
          const e = r.lenEnd();
          meta = { type: 0, help: 0, unit: 0 };
          while (r.pos < e) {
            const st = r.tag();
            if (st === tag(1, WireType.Varint)) meta.type = r.uint32();
            else if (st === tag(3, WireType.Varint)) meta.help = r.uint32();
            else if (st === tag(4, WireType.Varint)) meta.unit = r.uint32();
            else r.skip(st & 7);
          }
        } else r.skip(ft & 7);
      }
      if (r.pos !== end) throw new ProtoWireError('nested message did not end at its length', r.pos);
      const labels = checkLabels(labelsOf(refs, symbols, where), where, limits, valid);
      const name = labels.find(([n]) => n === '__name__')?.[1];
      if (meta && name) {
        const help = symbols[meta.help];
        const unit = symbols[meta.unit];
        if (help === undefined || unit === undefined) throw ptrError('PTR_ERR_VALIDATION', `${where()}: metadata reference outside the ${symbols.length} symbols`);
        if (meta.type !== 0 || help || unit) metadata.push({ metric: name, type: METADATA_TYPES[meta.type] ?? 'unknown', help, unit });
      }
      for (const x of ex) samples.exemplars.push({ labels: sortLabels(labelsOf(x.refs, symbols, where).filter(([, v]) => v !== '')), value: x.value, ts: x.ts });
      if (samples.ts.length > 0) exemplars += ex.length;
      samples.addTo(b, labels);
    }
    return { batch: b.build(), metadata, histogramsDropped, exemplars };
  } catch (err) {
    if (err instanceof ProtoWireError) throw ptrError('PTR_ERR_DECODE', `${where()}: ${err.message} at byte ${err.offset}`);
    throw err;
  }
}

/**
 * Remote write 1.0 `prometheus.WriteRequest` (prompb/remote.proto, types.proto) into a
 * MetricBatch: TimeSeries { labels=1, samples=2 {value=1 double, timestamp=2 int64 ms},
 * exemplars=3 {labels=1, value=2, timestamp=3} }, metadata=3 { type=1, metric_family_name=2,
 * help=4, unit=5 }. Native histograms (field 4) are not stored and counted as rejected.
 * Label names must be valid Prometheus names and unique within a series; empty values are
 * dropped, since an empty label is no label. Any invalid series fails the whole request (400),
 * naming the series index.
 */
import { ptrError } from '../../errors/index.js';
import { ProtoReader, ProtoWireError, WireType } from '../../ingest/protobuf/index.js';
import type { MetricBatch, SeriesEntry } from '../../model/index.js';
import { MetricBatchBuilder, sortLabels } from '../../store/metrics/batch-builder.js';
import type { MetricMetadataEntry } from '../../store/metrics/metric-store.js';
import { wordsOf, type LabelSetCache } from './label-cache.js';
import { SeriesSamples } from './series-samples.js';

const LEN = WireType.Len;
const tag = (f: number, wt: number): number => (f << 3) | wt;
/** TimeSeries.labels (field 1, length-delimited): a one-byte tag. */
const LABEL_TAG = tag(1, LEN);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const METADATA_TYPES = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'];

export interface RemoteWriteLimits {
  maxLabelsPerSeries: number;
  maxLabelValueLength: number;
}

export interface DecodedWrite {
  batch: MetricBatch;
  metadata: MetricMetadataEntry[];
  histogramsDropped: number;
}

function labelPair(r: ProtoReader, end: number): [string, string] {
  let name = '';
  let value = '';
  while (r.pos < end) {
    const t = r.tag();
    if (t === tag(1, LEN)) name = r.string();
    else if (t === tag(2, LEN)) value = r.string();
    else r.skip(t & 7);
  }
  return [name, value];
}

/**
 * Label names already found valid in this request: the same few names (`__name__`, `job`,
 * `instance`, ...) repeat on every series, so each is matched against the pattern once.
 */
export type ValidNames = Set<string>;

export function checkLabels(labels: [string, string][], where: () => string, limits: RemoteWriteLimits, valid: ValidNames): [string, string][] {
  const out = sortLabels(labels.some(([, v]) => v === '') ? labels.filter(([, v]) => v !== '') : labels);
  if (out.length > limits.maxLabelsPerSeries) throw ptrError('PTR_ERR_VALIDATION', `${where()}: ${out.length} labels, limit is ${limits.maxLabelsPerSeries}`);
  for (let i = 0; i < out.length; i++) {
    const [n, v] = out[i]!;
    if (!valid.has(n)) {
      if (!LABEL_NAME.test(n)) throw ptrError('PTR_ERR_VALIDATION', `${where()}: invalid label name ${JSON.stringify(n)}`);
      valid.add(n);
    }
    if (i > 0 && out[i - 1]![0] === n) throw ptrError('PTR_ERR_VALIDATION', `${where()}: duplicate label name ${JSON.stringify(n)}`);
    if (v.length > limits.maxLabelValueLength) throw ptrError('PTR_ERR_VALIDATION', `${where()}: label ${n} value is ${v.length} characters, limit is ${limits.maxLabelValueLength}`);
  }
  return out;
}

/** The Label messages of a run of `labels` fields (a TimeSeries' bytes from start to end). */
function labelRun(r: ProtoReader, start: number, end: number, into: [string, string][]): [string, string][] {
  const back = r.pos;
  r.pos = start;
  while (r.pos < end) {
    r.tag();
    const e = r.lenEnd();
    into.push(labelPair(r, e));
    r.pos = e;
  }
  r.pos = back;
  return into;
}

/**
 * Decodes a WriteRequest. With a LabelSetCache (made for these limits), a series whose label
 * fields repeat bytes already seen for this tenant reuses the entry they decoded to.
 */
export function decodeWriteRequest(bytes: Uint8Array, tenant: string, limits: RemoteWriteLimits, labelCache?: LabelSetCache): DecodedWrite {
  const cache = labelCache?.limits === limits ? labelCache : undefined;
  const b = new MetricBatchBuilder(tenant);
  const metadata: MetricMetadataEntry[] = [];
  let histogramsDropped = 0;
  const r = new ProtoReader(bytes);
  const buf = r.buf;
  const words = cache !== undefined ? wordsOf(buf) : undefined;
  // where an error is: built only when one is reported (a string per series cost measurably)
  let section: 'WriteRequest' | 'timeseries' | 'metadata' = 'WriteRequest';
  let seriesNo = 0;
  const where = (): string => (section === 'timeseries' ? `timeseries[${seriesNo - 1}]` : section === 'metadata' ? `metadata[${metadata.length}]` : section);
  const validNames: ValidNames = new Set();
  const scratch = new SeriesSamples();
  try {
    while (r.pos < r.end) {
      const t = r.tag();
      if (t === tag(1, LEN)) {
        section = 'timeseries';
        seriesNo++;
        const end = r.lenEnd();
        const samples = scratch.reset();
        // The first run of consecutive label fields is looked up by its bytes when it ends (before
        // the next field is read, so that errors surface in wire order); only a miss decodes it.
        // Labels after another field (no sender does that) are decoded and the series not cached.
        let runStart = -1;
        let runEnd = -1;
        let closed = false;
        let extra = false;
        let hashed = false;
        let hash = 0;
        let entry: SeriesEntry | undefined;
        let labels: [string, string][] | undefined;
        for (;;) {
          if (r.pos < end && buf[r.pos] === LABEL_TAG) {
            const at = r.pos++;
            const e = r.lenEnd();
            if (!closed) {
              if (runStart < 0) runStart = at;
              runEnd = e;
            } else {
              if (!extra) {
                extra = true;
                labels ??= labelRun(r, runStart, runEnd, []);
                entry = undefined;
              }
              labels!.push(labelPair(r, e));
            }
            r.pos = e;
            continue;
          }
          if (!closed) {
            closed = true;
            if (cache !== undefined && runStart >= 0) {
              hash = cache.hash(tenant, buf, words!, runStart, runEnd);
              hashed = true;
              entry = cache.get(tenant, hash, buf, words!, runStart, runEnd);
            }
            if (entry === undefined) labels = runStart >= 0 ? labelRun(r, runStart, runEnd, []) : [];
          }
          if (r.pos >= end) break;
          const ft = r.tag();
          if (ft === tag(2, LEN)) {
            const e = r.lenEnd();
            samples.readSample(r, e);
          } else if (ft === tag(3, LEN)) {
            const e = r.lenEnd();
            const el: [string, string][] = [];
            let value = 0;
            let timestamp = 0;
            while (r.pos < e) {
              const st = r.tag();
              if (st === tag(1, LEN)) {
                const le = r.lenEnd();
                el.push(labelPair(r, le));
                r.pos = le;
              } else if (st === tag(2, WireType.Fixed64)) value = r.double();
              else if (st === tag(3, WireType.Varint)) timestamp = Number(r.int64());
              else r.skip(st & 7);
            }
            samples.exemplars.push({ labels: sortLabels(el.filter(([, v]) => v !== '')), value, ts: timestamp });
          } else if (ft === tag(4, LEN)) {
            histogramsDropped++;
            r.skip(LEN);
          } else r.skip(ft & 7);
        }
        if (r.pos !== end) throw new ProtoWireError('nested message did not end at its length', r.pos);
        if (entry !== undefined) samples.addToEntry(b, entry);
        else {
          const checked = checkLabels(labels!, where, limits, validNames);
          // a miss: remember what these bytes are (only a valid label set gets here)
          if (hashed && !extra) samples.addToEntry(b, cache!.set(tenant, hash, buf, runStart, runEnd, checked));
          else samples.addTo(b, checked);
        }
      } else if (t === tag(3, LEN)) {
        section = 'metadata';
        const end = r.lenEnd();
        const m: MetricMetadataEntry = { metric: '', type: 'unknown', help: '', unit: '' };
        while (r.pos < end) {
          const mt = r.tag();
          if (mt === tag(1, WireType.Varint)) m.type = METADATA_TYPES[r.uint32()] ?? 'unknown';
          else if (mt === tag(2, LEN)) m.metric = r.string();
          else if (mt === tag(4, LEN)) m.help = r.string();
          else if (mt === tag(5, LEN)) m.unit = r.string();
          else r.skip(mt & 7);
        }
        if (m.metric) metadata.push(m);
      } else r.skip(t & 7);
    }
  } catch (err) {
    if (err instanceof ProtoWireError) throw ptrError('PTR_ERR_DECODE', `${where()}: ${err.message} at byte ${err.offset}`);
    throw err;
  }
  return { batch: b.build(), metadata, histogramsDropped };
}

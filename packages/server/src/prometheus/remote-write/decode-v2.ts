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
import type { SeriesEntry } from '../../model/index.js';
import { MetricBatchBuilder, sortLabels } from '../../store/metrics/batch-builder.js';
import type { MetricMetadataEntry } from '../../store/metrics/metric-store.js';
import { SeriesSamples } from './series-samples.js';
import { checkLabels, METADATA_TYPES, type DecodedWrite, type RemoteWriteLimits, type ValidNames } from './decode.js';
import { wordsOf, type LabelSetCache } from './label-cache.js';

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

/**
 * The request's symbols as byte ranges, each decoded to a string on first use: a series found in
 * the LabelSetCache needs none of its strings.
 */
class Symbols {
  readonly start: number[] = [];
  readonly end: number[] = [];
  private readonly text: (string | undefined)[] = [];

  constructor(private readonly buf: Uint8Array) {}

  get length(): number {
    return this.start.length;
  }

  add(start: number, end: number): void {
    this.start.push(start);
    this.end.push(end);
    this.text.push(undefined);
  }

  /** The symbol at a reference, or undefined outside the table. */
  at(i: number): string | undefined {
    if (i >= this.start.length) return undefined;
    return (this.text[i] ??= decodeUtf8(this.buf, this.start[i]!, this.end[i]!));
  }
}

/** Refuses an odd number of references or one outside the table (before any label is used). */
function checkRefs(refs: readonly number[], symbols: Symbols, where: () => string): void {
  if (refs.length % 2 !== 0) throw ptrError('PTR_ERR_VALIDATION', `${where()}: ${refs.length} label references, expected pairs of name and value`);
  for (let i = 0; i < refs.length; i++) {
    if (refs[i]! >= symbols.length) throw ptrError('PTR_ERR_VALIDATION', `${where()}: label reference ${refs[i]} is outside the ${symbols.length} symbols`);
  }
}

function labelsOf(refs: readonly number[], symbols: Symbols, where: () => string): [string, string][] {
  checkRefs(refs, symbols, where);
  const out: [string, string][] = [];
  for (let i = 0; i < refs.length; i += 2) out.push([symbols.at(refs[i]!)!, symbols.at(refs[i + 1]!)!]);
  return out;
}

/**
 * A series' label set as remote write 1.0 encodes it (a Label message per pair, empty fields left
 * out, as proto3 does), built in a scratch buffer: the LabelSetCache's key, so that a set sent by
 * 1.0 and 2.0 senders is one entry. Those bytes decode (decode.ts) to exactly these pairs.
 */
class CanonicalLabels {
  buf = new Uint8Array(1024);
  view = wordsOf(this.buf);
  len = 0;

  build(refs: readonly number[], symbols: Symbols, src: Uint8Array): void {
    this.len = 0;
    for (let i = 0; i < refs.length; i += 2) {
      const ns = symbols.start[refs[i]!]!;
      const nl = symbols.end[refs[i]!]! - ns;
      const vs = symbols.start[refs[i + 1]!]!;
      const vl = symbols.end[refs[i + 1]!]! - vs;
      const inner = (nl > 0 ? 1 + varintSize(nl) + nl : 0) + (vl > 0 ? 1 + varintSize(vl) + vl : 0);
      this.ensure(1 + varintSize(inner) + inner);
      this.byte(0x0a);
      this.varint(inner);
      if (nl > 0) this.field(0x0a, src, ns, nl);
      if (vl > 0) this.field(0x12, src, vs, vl);
    }
  }

  private field(tag: number, src: Uint8Array, start: number, len: number): void {
    this.byte(tag);
    this.varint(len);
    const b = this.buf;
    let p = this.len;
    for (let i = start, e = start + len; i < e; i++) b[p++] = src[i]!;
    this.len = p;
  }

  private byte(v: number): void {
    this.buf[this.len++] = v;
  }

  private varint(v: number): void {
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
  }

  private ensure(more: number): void {
    if (this.len + more <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + more));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
    this.view = wordsOf(grown);
  }
}

const varintSize = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

interface PendingExemplarRefs {
  refs: number[];
  value: number;
  ts: number;
}

/**
 * Decodes a Request. With a LabelSetCache (made for these limits), a series whose label set was
 * seen before for this tenant (in either protocol version) reuses the entry it decoded to.
 */
export function decodeWriteRequestV2(bytes: Uint8Array, tenant: string, limits: RemoteWriteLimits, labelCache?: LabelSetCache): DecodedWriteV2 {
  const cache = labelCache?.limits === limits ? labelCache : undefined;
  const r = new ProtoReader(bytes);
  const symbols = new Symbols(r.buf);
  // start and end of each series, in pairs
  const series: number[] = [];
  let seriesNo = 0;
  let section = 'Request';
  const where = (): string => (section === 'timeseries' ? `timeseries[${seriesNo - 1}]` : section);
  try {
    // symbols may come after the series on the wire: collect both first
    while (r.pos < r.end) {
      const t = r.tag();
      if (t === tag(4, LEN)) {
        const end = r.lenEnd();
        symbols.add(r.pos, end);
        r.pos = end;
      } else if (t === tag(5, LEN)) {
        const end = r.lenEnd();
        series.push(r.pos, end);
        r.pos = end;
      } else r.skip(t & 7);
    }
    if (symbols.length > 0 && symbols.end[0] !== symbols.start[0]) throw ptrError('PTR_ERR_VALIDATION', 'symbols[0] must be the empty string');
    const b = new MetricBatchBuilder(tenant);
    const metadata: MetricMetadataEntry[] = [];
    const valid: ValidNames = new Set();
    const scratch = new SeriesSamples();
    const refs: number[] = [];
    const canonical = new CanonicalLabels();
    let histogramsDropped = 0;
    let exemplars = 0;
    section = 'timeseries';
    for (let k = 0; k < series.length; k += 2) {
      const end = series[k + 1]!;
      seriesNo++;
      r.pos = series[k]!;
      refs.length = 0;
      const samples = scratch.reset();
      let ex: PendingExemplarRefs[] | undefined;
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
          const x: PendingExemplarRefs = { refs: [], value: 0, ts: 0 };
          while (r.pos < e) {
            const st = r.tag();
            if (st >>> 3 === 1) readRefs(r, st & 7, x.refs);
            else if (st === tag(2, WireType.Fixed64)) x.value = r.double();
            else if (st === tag(3, WireType.Varint)) x.ts = Number(r.int64());
            else r.skip(st & 7);
          }
          (ex ??= []).push(x);
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
      let entry: SeriesEntry | undefined;
      let labels: readonly [string, string][];
      if (cache !== undefined) {
        checkRefs(refs, symbols, where);
        canonical.build(refs, symbols, r.buf);
        const hash = cache.hash(tenant, canonical.buf, canonical.view, 0, canonical.len);
        entry = cache.get(tenant, hash, canonical.buf, canonical.view, 0, canonical.len);
        // a miss: remember the set (only a valid one gets past checkLabels)
        entry ??= cache.set(tenant, hash, canonical.buf, 0, canonical.len, checkLabels(labelsOf(refs, symbols, where), where, limits, valid));
        labels = entry.labels;
      } else labels = checkLabels(labelsOf(refs, symbols, where), where, limits, valid);
      if (meta) {
        const name = labels.find(([n]) => n === '__name__')?.[1];
        if (name) {
          const help = symbols.at(meta.help);
          const unit = symbols.at(meta.unit);
          if (help === undefined || unit === undefined) throw ptrError('PTR_ERR_VALIDATION', `${where()}: metadata reference outside the ${symbols.length} symbols`);
          if (meta.type !== 0 || help || unit) metadata.push({ metric: name, type: METADATA_TYPES[meta.type] ?? 'unknown', help, unit });
        }
      }
      if (ex !== undefined) {
        for (const x of ex) samples.exemplars.push({ labels: sortLabels(labelsOf(x.refs, symbols, where).filter(([, v]) => v !== '')), value: x.value, ts: x.ts });
        if (samples.count > 0) exemplars += ex.length;
      }
      if (entry !== undefined) samples.addToEntry(b, entry);
      else samples.addTo(b, labels as [string, string][]);
    }
    return { batch: b.build(), metadata, histogramsDropped, exemplars };
  } catch (err) {
    if (err instanceof ProtoWireError) throw ptrError('PTR_ERR_DECODE', `${where()}: ${err.message} at byte ${err.offset}`);
    throw err;
  }
}

/**
 * Builds a MetricBatch one sample at a time from any source (OTLP, remote write, JSON), interning
 * series by their label set so that a batch names each series once.
 */
import type { ExemplarEntry, MetricBatch, SeriesEntry } from '../../model/index.js';

/** Prometheus' staleness marker: a NaN with this exact bit pattern. */
export const STALE_NAN_BITS = 0x7ff0000000000002n;
const staleBuf = new DataView(new ArrayBuffer(8));
staleBuf.setBigUint64(0, STALE_NAN_BITS);
export const STALE_NAN = staleBuf.getFloat64(0);

export function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  staleBuf.setFloat64(0, v);
  return staleBuf.getBigUint64(0) === STALE_NAN_BITS;
}

/** A stable key for a sorted label set. Label names and values may hold any byte but \xff. */
export function labelsKey(labels: readonly (readonly [string, string])[]): string {
  let k = '';
  for (const [n, v] of labels) k += n + '\xfe' + v + '\xff';
  return k;
}

/**
 * The key each SeriesEntry was interned under by a MetricBatchBuilder, so that the store's writer
 * reuses that string (already hashed by the builder's Map) instead of building it again per series.
 */
const entryKeys = new WeakMap<SeriesEntry, string>();

/**
 * Shared by every reusable entry with one key (there may be several: one per tenant, or per form
 * of the same labels on the wire), so that a builder tells that a key is already in its batch
 * without a Map lookup: the token holds the last batch that added the key, and at which index.
 */
export interface KeyToken {
  batch: number;
  index: number;
}

const tokens = new Map<string, WeakRef<KeyToken>>();
const dropToken = new FinalizationRegistry<string>((key) => {
  if (tokens.get(key)?.deref() === undefined) tokens.delete(key);
});

function tokenFor(key: string): KeyToken {
  let t = tokens.get(key)?.deref();
  if (t === undefined) {
    t = { batch: 0, index: 0 };
    tokens.set(key, new WeakRef(t));
    dropToken.register(t, key);
  }
  return t;
}

/**
 * A series entry meant to be reused across batches (a decoder's cache of label sets): frozen, so
 * that no consumer can change it under the next batch, with its key computed once, its key token,
 * and a slot (private fields: in the object itself, one memory access away, and neither
 * enumerated nor compared) where one store keeps its state for the series.
 */
export class ReusableSeriesEntry implements SeriesEntry {
  readonly labels: [string, string][];
  readonly #key: string;
  readonly #token: KeyToken;
  #owner: object | undefined = undefined;
  #state: object | undefined = undefined;

  constructor(labels: [string, string][]) {
    for (const l of labels) Object.freeze(l);
    this.labels = Object.freeze(labels) as [string, string][];
    this.#key = labelsKey(labels);
    this.#token = tokenFor(this.#key);
    Object.freeze(this);
  }

  get key(): string {
    return this.#key;
  }

  /** For MetricBatchBuilder. */
  get token(): KeyToken {
    return this.#token;
  }

  /** The state a store (owner) kept here, or undefined when another store's is here. */
  stateFor(owner: object): object | undefined {
    return this.#owner === owner ? this.#state : undefined;
  }

  keepState(owner: object, state: object): void {
    this.#owner = owner;
    this.#state = state;
  }
}

/** labelsKey of a batch's series entry, from the builder that made it when it did. */
export function seriesKey(entry: SeriesEntry): string {
  return entry instanceof ReusableSeriesEntry ? entry.key : (entryKeys.get(entry) ?? labelsKey(entry.labels));
}

export function reusableSeriesEntry(labels: [string, string][]): ReusableSeriesEntry {
  return new ReusableSeriesEntry(labels);
}

const byName = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Sorts in place by name. Senders (Prometheus, the SDKs) mostly send sorted labels: checked first. */
export function sortLabels(labels: [string, string][]): [string, string][] {
  for (let i = 1; i < labels.length; i++) if (labels[i - 1]![0] > labels[i]![0]) return labels.sort(byName);
  return labels;
}

let batchIds = 0;
/** The builder that last added reusable entries by their tokens (see seriesForEntry). */
let tokenUser = 0;

export class MetricBatchBuilder {
  private readonly series: SeriesEntry[] = [];
  private readonly seriesByKey = new Map<string, number>();
  private readonly id = ++batchIds;
  // until a series is added by its labels (or another builder used the tokens in between),
  // reusable entries are deduplicated by their key tokens and seriesByKey stays empty
  private keyed = false;
  private usedTokens = false;
  private seriesIndex = new Uint32Array(256);
  private timestampMs = new Float64Array(256);
  private value = new Float64Array(256);
  private count = 0;
  private readonly exemplars: ExemplarEntry[] = [];

  constructor(private readonly tenant: string) {}

  get sampleCount(): number {
    return this.count;
  }

  /** Returns the series index for a sorted label set, adding it on first use. */
  seriesFor(labels: [string, string][], meta?: Omit<SeriesEntry, 'labels'>): number {
    if (!this.keyed) this.useKeys();
    const key = labelsKey(labels);
    let i = this.seriesByKey.get(key);
    if (i === undefined) {
      i = this.series.length;
      const entry: SeriesEntry = { labels, ...meta };
      this.series.push(entry);
      this.seriesByKey.set(key, i);
      entryKeys.set(entry, key);
    }
    return i;
  }

  /**
   * The series index of an entry made by reusableSeriesEntry (or by another builder), adding that
   * same entry on first use: no labels copied, no key built. A reusable entry is found by its key
   * token while this is the only builder using tokens (decoders run synchronously, so it is).
   */
  seriesForEntry(entry: SeriesEntry): number {
    const reusable = entry instanceof ReusableSeriesEntry ? entry : undefined;
    if (reusable !== undefined && !this.keyed) {
      if (tokenUser === this.id || !this.usedTokens) {
        tokenUser = this.id;
        this.usedTokens = true;
        const t = reusable.token;
        if (t.batch === this.id) return t.index;
        const i = this.series.length;
        this.series.push(entry);
        t.batch = this.id;
        t.index = i;
        return i;
      }
      // another builder stamped tokens since: they say nothing about this batch any more
      this.useKeys();
    }
    if (!this.keyed) this.useKeys();
    let key = reusable?.key ?? entryKeys.get(entry);
    if (key === undefined) {
      key = labelsKey(entry.labels);
      entryKeys.set(entry, key);
    }
    let i = this.seriesByKey.get(key);
    if (i === undefined) {
      i = this.series.length;
      this.series.push(entry);
      this.seriesByKey.set(key, i);
    }
    return i;
  }

  /** From now on every series goes through seriesByKey: indexes the series added so far. */
  private useKeys(): void {
    this.keyed = true;
    for (let i = 0; i < this.series.length; i++) this.seriesByKey.set(seriesKey(this.series[i]!), i);
  }

  /** Appends a sample and returns its row index (for exemplars). */
  add(series: number, timestampMs: number, value: number): number {
    if (this.count === this.value.length) this.grow();
    const row = this.count++;
    this.seriesIndex[row] = series;
    this.timestampMs[row] = timestampMs;
    this.value[row] = value;
    return row;
  }

  addExemplar(e: ExemplarEntry): void {
    this.exemplars.push(e);
  }

  build(): MetricBatch {
    return {
      signal: 'metrics',
      tenant: this.tenant,
      count: this.count,
      series: this.series,
      seriesIndex: this.seriesIndex.subarray(0, this.count),
      timestampMs: this.timestampMs.subarray(0, this.count),
      value: this.value.subarray(0, this.count),
      exemplars: this.exemplars,
    };
  }

  private grow(): void {
    const n = this.value.length * 2;
    const si = new Uint32Array(n);
    si.set(this.seriesIndex);
    const ts = new Float64Array(n);
    ts.set(this.timestampMs);
    const v = new Float64Array(n);
    v.set(this.value);
    this.seriesIndex = si;
    this.timestampMs = ts;
    this.value = v;
  }
}

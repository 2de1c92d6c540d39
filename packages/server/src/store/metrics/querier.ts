/**
 * What the PromQL engine needs from a metric store: raw samples of the series that match a
 * selector in a time range. Both metric stores (embedded TSDB, VictoriaMetrics) and test
 * fixtures implement it; the engine never sees SQL.
 */
import type { QueryArena } from './query-arena.js';
export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** Labels sorted by name, `__name__` included. */
export type Labels = readonly (readonly [string, string])[];

export interface SeriesSamples {
  labels: Labels;
  /** Ascending, milliseconds since epoch. */
  timestamps: Float64Array;
  values: Float64Array;
}

export interface SelectHints {
  /** Evaluation step in ms (range queries), so a store may downsample safely when it knows how. */
  stepMs?: number;
  /** The function the selection feeds (`rate`, `max_over_time`, ...), when known. */
  func?: string;
  /** Range of a range-vector selector in ms. */
  rangeMs?: number;
  /** Abort long work. */
  signal?: AbortSignal;
  /** Where the query's typed arrays come from (query-arena.ts); a store may put samples there. */
  arena?: QueryArena;
}

export interface Querier {
  /** Samples with startMs <= t <= endMs of every series matching all matchers. */
  select(matchers: readonly LabelMatcher[], startMs: number, endMs: number, hints?: SelectHints): Promise<SeriesSamples[]>;
  /** Series label sets matching any of the selectors (each selector is a list of matchers) in the range. */
  series(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<Labels[]>;
  labelNames(selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]>;
  labelValues(name: string, selectors: readonly (readonly LabelMatcher[])[], startMs: number, endMs: number, limit?: number): Promise<string[]>;
}

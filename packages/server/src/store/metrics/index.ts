export type { Querier, LabelMatcher, Labels, MatchOp, SeriesSamples, SelectHints } from './querier.js';
export type {
  MetricStore,
  WriteOptions,
  WriteResult,
  ConflictPolicy,
  MetricMetadata,
  MetricMetadataEntry,
  ExemplarData,
  SeriesExemplars,
  NativePromQL,
} from './metric-store.js';
export { MetricBatchBuilder, STALE_NAN, isStaleNaN, labelsKey, sortLabels } from './batch-builder.js';
export { openEmbeddedMetricStore, type EmbeddedStoreOptions } from './embedded/store.js';

/** The PromQL engine: parser, formatter, evaluator and an in-memory Querier for tests. */
export { createPromQLEngine } from './engine.js';
export type { EngineOptions, PromQLEngine, QueryResult, SeriesPoints } from './engine-api.js';
export { parseMetricSelector, parsePromQL } from './parser.js';
export { formatPromQL, exprToString } from './format.js';
export { MemoryQuerier, type MemorySeriesInput } from './memory-querier.js';
export { isPromQLError, type PromErrorType, type PromQLError } from './errors.js';
export { compileMatchers } from './matchers.js';
export { isStaleNaN, writeStaleNaN } from './go-compat.js';
export type { Expr, ValueType } from './ast.js';

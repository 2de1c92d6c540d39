export type { LogStore, LogFilter, LogPage, StoredLogRecord, TextCondition, LineFilter, ResourceMatcher, CountSeries, StepRange } from './log-store.js';
export { openClickHouseLogStore, type LogStoreOptions } from './clickhouse-log-store.js';
export { resourceLogsFromRecords } from './read.js';
export { LOGS_TABLE } from './schema.js';
export { LOG_STORE } from './keys.js';

/**
 * The processor's store writers: one consumer group per store on the bus topics. A handler
 * resolves when its store has committed the batch, which is what lets the bus (and ingest)
 * acknowledge only durable data. A store error rejects the handler, so the publisher answers
 * with a retryable error instead of an acknowledgement.
 */
import type { Bus } from '../bus/bus.js';
import type { LogStore } from '../store/logs/log-store.js';
import type { TraceStore } from '../store/traces/trace-store.js';

export const TRACE_WRITER_GROUP = 'trace-store';
export const LOG_WRITER_GROUP = 'log-store';

export function subscribeStoreWriters(bus: Bus, traces: TraceStore, logs: LogStore): void {
  bus.subscribe('spans', TRACE_WRITER_GROUP, (batch) => traces.write(batch));
  bus.subscribe('logs', LOG_WRITER_GROUP, (batch) => logs.write(batch));
}

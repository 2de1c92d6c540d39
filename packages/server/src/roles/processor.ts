/**
 * Role `processor`: consumes the bus and writes spans and log records durably to their stores
 * (see processor/store-writers.ts). Span aggregation (RED metrics) and topology extraction
 * join this role as their own consumer groups.
 */
import { BUS } from '../bus/keys.js';
import { subscribeStoreWriters } from '../processor/store-writers.js';
import type { ModuleDefinition } from '../runtime/module.js';
import { LOG_STORE } from '../store/logs/keys.js';
import { TRACE_STORE } from '../store/traces/keys.js';

export const processorRole: ModuleDefinition = {
  name: 'processor',
  kind: 'role',
  description: 'Writes the bus to the stores (spans, logs, metrics); derives RED metrics and topology.',
  dependsOn: ['runtime', 'bus', 'trace-store', 'log-store', 'metrics-writer'],
  async start(ctx) {
    const traces = ctx.services.get(TRACE_STORE);
    const logs = ctx.services.get(LOG_STORE);
    subscribeStoreWriters(ctx.services.get(BUS), traces, logs);
    return {
      readiness: () => ({ ready: true }),
      async stop() {
        await Promise.all([traces.forceFlush(), logs.forceFlush()]);
      },
    };
  },
};

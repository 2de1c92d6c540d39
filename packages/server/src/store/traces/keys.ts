import { ServiceKey } from '../../runtime/services.js';
import type { TraceStore } from './trace-store.js';

/** The trace store (provided by the internal module `trace-store`). */
export const TRACE_STORE = new ServiceKey<TraceStore>('store.traces');

import { ServiceKey } from '../../runtime/services.js';
import type { MetricStore } from './metric-store.js';

/** The process's metric store (internal module `metrics`). */
export const METRIC_STORE = new ServiceKey<MetricStore>('store.metrics');

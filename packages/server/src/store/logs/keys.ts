import { ServiceKey } from '../../runtime/services.js';
import type { LogStore } from './log-store.js';

/** The log store (provided by the internal module `log-store`). */
export const LOG_STORE = new ServiceKey<LogStore>('store.logs');

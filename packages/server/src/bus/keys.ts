import { ServiceKey } from '../runtime/services.js';
import type { Bus } from './bus.js';

/** The bus between ingest and the processors, provided by the internal module `bus`. */
export const BUS = new ServiceKey<Bus>('bus');

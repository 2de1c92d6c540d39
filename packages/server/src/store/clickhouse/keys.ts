import { ServiceKey } from '../../runtime/services.js';
import type { ClickHouseConnection } from './connection.js';

/** The process's one ClickHouse connection (internal module `clickhouse`). */
export const CLICKHOUSE = new ServiceKey<ClickHouseConnection>('store.clickhouse');

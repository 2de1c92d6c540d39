/**
 * Retention: tables are created with `TTL <time> + toIntervalSecond(N)`; when the configured
 * retention changes, the next start alters the TTL (parts are dropped whole, ttl_only_drop_parts).
 */
import type { ClickHouseConnection } from './connection.js';
import { checkIdentifier } from './settings.js';

export async function ensureTtl(conn: ClickHouseConnection, table: string, timeExpr: string, seconds: number): Promise<void> {
  checkIdentifier(table, 'table');
  const rows = await conn.queryRows<{ engine_full: string }>('SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {t:String}', { params: { t: table } });
  const current = rows[0]?.engine_full ?? '';
  if (current.includes(`toIntervalSecond(${seconds})`)) return;
  await conn.exec(`ALTER TABLE ${table} MODIFY TTL ${timeExpr} + toIntervalSecond(${seconds})`);
}

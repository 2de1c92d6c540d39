/**
 * Tables written through the write-ahead log keep the tokens of their recent inserts, so that a
 * segment inserted again after a crash (committed, not yet deleted) is recognised and skipped.
 * A non-replicated MergeTree keeps none by default.
 */
import type { ClickHouseConnection } from '../connection.js';
import { checkIdentifier } from '../settings.js';

export const DEDUP_WINDOW = 1000;

/** Sets the window on a table created before it was part of the DDL. */
export async function ensureDedupWindow(conn: ClickHouseConnection, table: string): Promise<void> {
  checkIdentifier(table, 'table');
  const rows = await conn.queryRows<{ e: string }>('SELECT engine_full AS e FROM system.tables WHERE database = currentDatabase() AND name = {t:String}', { params: { t: table } });
  if ((rows[0]?.e ?? '').includes(`non_replicated_deduplication_window = ${DEDUP_WINDOW}`)) return;
  await conn.exec(`ALTER TABLE ${table} MODIFY SETTING non_replicated_deduplication_window = ${DEDUP_WINDOW}`);
}

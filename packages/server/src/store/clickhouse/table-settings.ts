/**
 * MergeTree settings that a table must carry, on tables created by an earlier release too:
 * settings that `ALTER TABLE ... MODIFY SETTING` can change are added at start when missing.
 * (`index_granularity` cannot be altered; a table of another granularity is rewritten instead:
 * see table-rewrite.ts.)
 */
import type { ClickHouseConnection } from './connection.js';
import { checkIdentifier } from './settings.js';

/**
 * Marks and primary index of a part are loaded when the part is written (insert or merge), not
 * by the first query that reads it. A point read (one trace, one series) touches one granule of
 * every column of each part in its range; with cold marks it first loads the whole marks file of
 * each of those columns, which made the first reads after every merge 2-3x slower.
 */
export const WARM_PART_SETTINGS: Readonly<Record<string, number>> = { prewarm_mark_cache: 1, primary_key_lazy_load: 0 };

/** The table's SETTINGS clause as the engine reports it (`name = value` pairs). */
export async function tableSettings(conn: ClickHouseConnection, table: string): Promise<Map<string, string>> {
  checkIdentifier(table, 'table');
  const rows = await conn.queryRows<{ e: string }>('SELECT engine_full AS e FROM system.tables WHERE database = currentDatabase() AND name = {t:String}', { params: { t: table } });
  const clause = /\bSETTINGS\s+(.*)$/s.exec(rows[0]?.e ?? '')?.[1] ?? '';
  const out = new Map<string, string>();
  for (const m of clause.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|[^,\s]+)/g)) out.set(m[1]!, m[2]!);
  return out;
}

/** Adds to `table` each of `settings` it lacks or holds with another value. */
export async function ensureTableSettings(conn: ClickHouseConnection, table: string, settings: Readonly<Record<string, number>>): Promise<void> {
  const current = await tableSettings(conn, table);
  const missing = Object.entries(settings).filter(([k, v]) => current.get(k) !== String(v));
  if (missing.length === 0) return;
  await conn.exec(`ALTER TABLE ${checkIdentifier(table, 'table')} MODIFY SETTING ${missing.map(([k, v]) => `${checkIdentifier(k, 'setting')} = ${v}`).join(', ')}`);
}

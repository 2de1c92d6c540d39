/**
 * When a release changes a table's sort key, the table must be rewritten (ClickHouse cannot
 * alter the order of existing rows). This runs once at start: the rows are copied into a new
 * table of the new order, which then replaces the old one in one atomic RENAME. A crash before
 * the rename leaves the old table in place and the copy is redone on the next start; nothing is
 * ever dropped before its copy is committed.
 */
import { ptrError } from '../../errors/index.js';
import type { ClickHouseConnection } from './connection.js';
import { checkIdentifier } from './settings.js';

export interface SortKeyMigration {
  table: string;
  /** The new sort key as system.tables.sorting_key writes it. */
  sortKey: string;
  /** CREATE TABLE statement of the table, for a table named `table` (IF NOT EXISTS). */
  createTable: string;
  /** Materialized views reading from the table: dropped before the swap (the caller recreates them). */
  views: readonly string[];
}

/** Rewrites `table` if it exists with another sort key; true when it did. */
export async function migrateSortKey(conn: ClickHouseConnection, m: SortKeyMigration): Promise<boolean> {
  const table = checkIdentifier(m.table, 'table');
  const keyOf = async (name: string): Promise<string | undefined> =>
    (await conn.queryRows<{ k: string }>('SELECT sorting_key AS k FROM system.tables WHERE database = currentDatabase() AND name = {t:String}', { params: { t: name } }))[0]?.k;
  const current = await keyOf(table);
  if (current === undefined || current === m.sortKey) return false;
  const next = `${table}_resorted`;
  await conn.exec(`DROP TABLE IF EXISTS ${next}`); // a copy left by a crash is redone from the start
  const create = m.createTable.replace(`CREATE TABLE IF NOT EXISTS ${table} `, `CREATE TABLE ${next} `);
  if (create === m.createTable) throw ptrError('PTR_ERR_INTERNAL', `sort key migration: the CREATE statement does not create ${table}`);
  await conn.exec(create);
  const columns = await conn.queryRows<{ name: string }>(
    `SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String}
     AND name IN (SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {n:String}) ORDER BY position`,
    { params: { t: table, n: next } },
  );
  const list = columns.map((c) => `\`${c.name}\``).join(', ');
  await conn.exec(`INSERT INTO ${next} (${list}) SELECT ${list} FROM ${table}`);
  for (const v of m.views) await conn.exec(`DROP VIEW IF EXISTS ${checkIdentifier(v, 'view')}`);
  const old = `${table}_before_resort`;
  await conn.exec(`DROP TABLE IF EXISTS ${old}`);
  await conn.exec(`RENAME TABLE ${table} TO ${old}, ${next} TO ${table}`);
  await conn.exec(`DROP TABLE ${old}`);
  return true;
}

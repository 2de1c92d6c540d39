/**
 * When a release changes how a table stores its rows (its sort key, or a column's encoding), the
 * table must be rewritten: ClickHouse cannot reorder existing rows or turn a stored column into a
 * computed one. This runs once at start: the rows are copied into a new table of the new layout,
 * which then replaces the old one in one atomic RENAME. A crash before the rename leaves the old
 * table in place and the copy is redone on the next start; nothing is ever dropped before its
 * copy is committed.
 */
import { ptrError } from '../../errors/index.js';
import type { ClickHouseConnection } from './connection.js';
import { checkIdentifier } from './settings.js';

export interface TableRewrite {
  table: string;
  /** CREATE TABLE statement of the table, for a table named `table` (IF NOT EXISTS). */
  createTable: string;
  /** Materialized views reading from the table: dropped before the swap (the caller recreates them). */
  views: readonly string[];
  /**
   * SQL over the old table's columns for new columns it lacks or stores differently; the other
   * stored columns of the new table are copied by name.
   */
  expressions?: Readonly<Record<string, string>>;
  /**
   * What the copy reads FROM, when expressions need more than the old table (a join); `{old}`
   * stands for the old table's name. Default: the old table.
   */
  source?: string;
  /** Told before the copy starts, with the rows to copy: a large table takes minutes. */
  onStart?(table: string, rows: number): void;
}

export interface SortKeyMigration extends TableRewrite {
  /** The new sort key as system.tables.sorting_key writes it. */
  sortKey: string;
}

/** Rewrites `table` if it exists with another sort key; true when it did. */
export async function migrateSortKey(conn: ClickHouseConnection, m: SortKeyMigration): Promise<boolean> {
  const rows = await conn.queryRows<{ k: string }>('SELECT sorting_key AS k FROM system.tables WHERE database = currentDatabase() AND name = {t:String}', {
    params: { t: checkIdentifier(m.table, 'table') },
  });
  const current = rows[0]?.k;
  if (current === undefined || current === m.sortKey) return false;
  await rewriteTable(conn, m);
  return true;
}

/** Copies `table` into a new table of the layout `m.createTable` gives and swaps it in. */
export async function rewriteTable(conn: ClickHouseConnection, m: TableRewrite): Promise<void> {
  const table = checkIdentifier(m.table, 'table');
  const next = `${table}_rewritten`;
  await conn.exec(`DROP TABLE IF EXISTS ${next}`); // a copy left by a crash is redone from the start
  const create = m.createTable.replace(`CREATE TABLE IF NOT EXISTS ${table} `, `CREATE TABLE ${next} `);
  if (create === m.createTable) throw ptrError('PTR_ERR_INTERNAL', `table rewrite: the CREATE statement does not create ${table}`);
  await conn.exec(create);
  if (m.onStart) {
    const [row] = await conn.queryRows<{ n: string }>(`SELECT toString(count()) AS n FROM ${table}`);
    m.onStart(table, Number(row?.n ?? 0));
  }
  // the new table's stored columns (not ALIAS or MATERIALIZED), each from its expression or the old column of its name
  const columns = await conn.queryRows<{ name: string; old: number }>(
    `SELECT name, name IN (SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String} AND default_kind NOT IN ('ALIAS', 'MATERIALIZED')) AS old
     FROM system.columns WHERE database = currentDatabase() AND table = {n:String} AND default_kind NOT IN ('ALIAS', 'MATERIALIZED') ORDER BY position`,
    { params: { t: table, n: next } },
  );
  const copied = columns.filter((c) => m.expressions?.[c.name] !== undefined || Number(c.old) === 1);
  const list = copied.map((c) => `\`${c.name}\``).join(', ');
  const select = copied.map((c) => m.expressions?.[c.name] ?? `\`${c.name}\``).join(', ');
  const from = m.source?.replaceAll('{old}', table) ?? table;
  await conn.exec(`INSERT INTO ${next} (${list}) SELECT ${select} FROM ${from}`);
  for (const v of m.views) await conn.exec(`DROP VIEW IF EXISTS ${checkIdentifier(v, 'view')}`);
  const old = `${table}_before_rewrite`;
  await conn.exec(`DROP TABLE IF EXISTS ${old}`);
  await conn.exec(`RENAME TABLE ${table} TO ${old}, ${next} TO ${table}`);
  await conn.exec(`DROP TABLE ${old}`);
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbConnection } from './chdb-connection.js';
import type { ClickHouseConnection } from './connection.js';
import { ensureTableSettings, tableSettings, WARM_PART_SETTINGS } from './table-settings.js';

describe('table settings', () => {
  let dir: string;
  let conn: ClickHouseConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ptr-table-settings-'));
    conn = await openChdbConnection(join(dir, 'ch'));
    await conn.exec("CREATE TABLE t (k String, v UInt32) ENGINE = MergeTree ORDER BY k SETTINGS index_granularity = 256, storage_policy = 'default'");
  }, 60_000);

  afterAll(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the SETTINGS clause, quoted values included', async () => {
    const s = await tableSettings(conn, 't');
    expect(s.get('index_granularity')).toBe('256');
    expect(s.get('storage_policy')).toBe("'default'");
    expect((await tableSettings(conn, 'no_such_table')).size).toBe(0);
  });

  it('adds the settings a table lacks, keeps the others, and changes nothing the second time', async () => {
    await conn.exec("INSERT INTO t VALUES ('a', 1)");
    await ensureTableSettings(conn, 't', { ...WARM_PART_SETTINGS, min_compress_block_size: 4096 });
    const s = await tableSettings(conn, 't');
    expect([s.get('prewarm_mark_cache'), s.get('primary_key_lazy_load'), s.get('min_compress_block_size'), s.get('index_granularity')]).toEqual(['1', '0', '4096', '256']);
    const execs: string[] = [];
    const watched: ClickHouseConnection = { ...conn, exec: (sql, o) => (execs.push(sql), conn.exec(sql, o)) };
    await ensureTableSettings(watched, 't', WARM_PART_SETTINGS);
    expect(execs).toEqual([]);
    await ensureTableSettings(watched, 't', { prewarm_mark_cache: 0 });
    expect(execs).toEqual(['ALTER TABLE t MODIFY SETTING prewarm_mark_cache = 0']);
    expect(await conn.queryRows('SELECT k, v FROM t')).toEqual([{ k: 'a', v: 1 }]);
  });
});

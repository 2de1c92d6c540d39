/** PostgreSQL 15 from scripts/services.sh: a real round trip with `pg`. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';

describe('PostgreSQL (POINTER_TEST_PG_URL)', () => {
  it('is PostgreSQL 15 and writes and reads back rows', async () => {
    const client = new pg.Client({ connectionString: serviceEnv('POINTER_TEST_PG_URL') });
    const table = uniqueName('svc_pg');
    await client.connect();
    try {
      const version = await client.query<{ server_version: string }>('SHOW server_version');
      expect(version.rows[0]?.server_version).toMatch(/^15\./);

      await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, body text NOT NULL)`);
      await client.query(`INSERT INTO ${table} (id, body) VALUES ($1, $2), ($3, $4)`, [1, 'one', 2, 'two']);
      const rows = await client.query<{ id: number; body: string }>(`SELECT id, body FROM ${table} ORDER BY id`);
      expect(rows.rows).toEqual([
        { id: 1, body: 'one' },
        { id: 2, body: 'two' },
      ]);
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }
  });
});

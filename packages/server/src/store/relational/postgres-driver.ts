/** PostgreSQL through pg's pool. `?` placeholders become `$n`. */
import pg from 'pg';
import { ptrError } from '../../errors/index.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';

export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

function driverOver(q: Queryable, pool: pg.Pool): SqlDriver {
  const exec = async (sql: string, params: readonly SqlValue[]) => {
    try {
      return await q.query(numberPlaceholders(sql), [...params]);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw ptrError('PTR_ERR_CONFLICT', (err as Error).message, { cause: err });
      throw ptrError('PTR_ERR_STORAGE', `relational store: ${(err as Error).message}`, { cause: err });
    }
  };
  return {
    dialect: 'postgres',
    async query<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await exec(sql, params)).rows as T[];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return { changes: (await exec(sql, params)).rowCount ?? 0 };
    },
    async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch((err: Error) => {
        throw ptrError('PTR_ERR_UNAVAILABLE', `PostgreSQL is not reachable: ${err.message}`, { cause: err });
      });
      try {
        await client.query('BEGIN');
        const out = await fn(driverOver(client as unknown as Queryable, pool));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export function openPostgresDriver(connectionString: string): SqlDriver {
  // BIGINT columns hold epoch milliseconds, well inside Number's exact range.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) };
  const pool = new pg.Pool({ connectionString, max: 10, types: types as unknown as pg.CustomTypesConfig });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return driverOver(pool as unknown as Queryable, pool);
}

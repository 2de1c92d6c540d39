/**
 * SQLite through better-sqlite3: one file in the data dir, WAL mode, synchronous=FULL so that
 * an acknowledged write (a new key, an audit record) survives kill -9 and power loss.
 */
import Database from 'better-sqlite3';
import { ptrError } from '../../errors/index.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';

export function openSqliteDriver(file: string): SqlDriver {
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    throw ptrError('PTR_ERR_STORAGE', `cannot open the relational store ${file}: ${(err as Error).message}`, { cause: err });
  }
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  // Transactions are serialized: better-sqlite3 has one connection, and an async callback
  // must not see another request's statements inside its BEGIN..COMMIT.
  let chain: Promise<unknown> = Promise.resolve();

  const driver: SqlDriver = {
    dialect: 'sqlite',
    async query<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      return wrap(() => prepare(sql).all(...params) as T[]);
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return wrap(() => ({ changes: prepare(sql).run(...params).changes }));
    },
    transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
      const next = chain.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(driver);
          db.exec('COMMIT');
          return out;
        } catch (err) {
          db.exec('ROLLBACK');
          throw err;
        }
      });
      chain = next.catch(() => undefined);
      return next;
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return driver;
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CONSTRAINT')) throw ptrError('PTR_ERR_CONFLICT', (err as Error).message, { cause: err });
    throw ptrError('PTR_ERR_STORAGE', `relational store: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * ClickHouseConnection over the in-process engine (npm `chdb`). libchdb binds one data path
 * per process, so connections are shared: opening the same directory again returns the open
 * engine (reference-counted), opening another one while it is open is refused.
 *
 * Binary inserts: chdb's `insert()` accepts text formats only, and its native inline entry point
 * is not binary-safe (a RowBinary payload is silently cut short at a "\n\n" byte pair: rows
 * lost without an error), so binary payloads are spooled to a file under the data dir and read
 * by the engine with `INSERT INTO t FROM INFILE '<file>' FORMAT RowBinary`, which parses them
 * exactly as a server parses a request body. The file is removed once the insert committed.
 */
import { createRequire } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ptrError } from '../../errors/index.js';
import type { ClickHouseConnection, ClickHouseFormat, QueryOptions } from './connection.js';
import { toEngineError } from './engine-error.js';
import { checkIdentifier, settingsClause } from './settings.js';

interface ChdbResultLike {
  bytes(): Uint8Array;
  text(): string;
}
interface ChdbSession {
  connection: unknown;
  queryAsync(sql: string, opts?: { format?: string; signal?: AbortSignal }): Promise<ChdbResultLike>;
  queryBindAsync(sql: string, params: object, opts?: { format?: string; signal?: AbortSignal }): Promise<ChdbResultLike>;
  close(): void;
}
interface ChdbModule {
  Session: new (path: string, opts?: { connectionArgs?: readonly string[] }) => ChdbSession;
  drainPending(): Promise<void>;
}

const require = createRequire(import.meta.url);
let loaded: ChdbModule | undefined;

function loadChdb(): ChdbModule {
  if (loaded) return loaded;
  try {
    loaded = require('chdb') as ChdbModule;
    return loaded;
  } catch (err) {
    throw ptrError('PTR_ERR_STARTUP', `the in-process ClickHouse engine (npm chdb) could not be loaded: ${(err as Error).message}`, { cause: err });
  }
}

let shared: { dir: string; conn: ChdbConnection; refs: number } | undefined;

/**
 * Background merges run at a lower CPU priority than queries and inserts: on a small machine a
 * merge of a freshly written table otherwise takes a core from every query for minutes, which
 * doubled trace-by-id latency while it ran (docs/benchmarks.md). Merges still get every idle
 * cycle. The engine applies it only with CAP_SYS_NICE (root in most containers); without it the
 * value is ignored.
 */
const MERGE_THREAD_NICE = 10;

/** Opens (or shares) the process's engine on `dir`. */
export async function openChdbConnection(dir: string): Promise<ClickHouseConnection> {
  const abs = resolve(dir);
  if (shared) {
    if (shared.dir !== abs) {
      throw ptrError('PTR_ERR_STORAGE', `the in-process ClickHouse engine is already open on ${shared.dir}; one process can use one data path (asked for ${abs})`);
    }
    shared.refs++;
    return shared.conn.handle();
  }
  const chdb = loadChdb();
  mkdirSync(abs, { recursive: true });
  // Spool files left by a killed process were never acknowledged: drop them.
  rmSync(join(abs, 'spool'), { recursive: true, force: true });
  mkdirSync(join(abs, 'spool'));
  await chdb.drainPending();
  let session: ChdbSession;
  try {
    // Load tables synchronously, so the first query after a restart sees every part; quote
    // 64-bit integers in JSON as ClickHouse servers do, so both connections answer alike.
    session = new chdb.Session(abs, { connectionArgs: ['--async_load_databases=0', '--async_load_system_database=0', '--output_format_json_quote_64bit_integers=1', `--os_threads_nice_value_merge_mutate=${MERGE_THREAD_NICE}`] });
  } catch (err) {
    throw toEngineError(err, `opening the ClickHouse engine in ${abs}`);
  }
  const conn = new ChdbConnection(abs, session, chdb);
  shared = { dir: abs, conn, refs: 1 };
  return conn.handle();
}

class ChdbConnection {
  private readonly inflight = new Set<Promise<unknown>>();
  private spoolSeq = 0;
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly session: ChdbSession,
    private readonly chdb: ChdbModule,
  ) {}

  handle(): ClickHouseConnection {
    let released = false;
    return {
      kind: 'chdb',
      exec: (sql, o) => this.run(sql, 'TabSeparated', o).then(() => undefined),
      queryRows: async <T>(sql: string, o?: QueryOptions) => parseJsonEachRow<T>((await this.run(sql, 'JSONEachRow', o)).text()),
      queryBytes: async (sql, format, o) => (await this.run(sql, format, o)).bytes(),
      insert: (table, format, data, columns) => this.insert(table, format, data, columns),
      insertFile: (table, format, path, columns, settings) => this.insertFile(table, format, path, columns, settings),
      close: async () => {
        if (released) return;
        released = true;
        await this.release();
      },
    };
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = (): void => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  private run(sql: string, format: ClickHouseFormat, o: QueryOptions | undefined): Promise<ChdbResultLike> {
    if (this.closed) return Promise.reject(ptrError('PTR_ERR_UNAVAILABLE', 'the ClickHouse engine is closed'));
    const full = sql + settingsClause(o?.settings);
    const opts = { format, ...(o?.signal ? { signal: o.signal } : {}) };
    const p = o?.params && Object.keys(o.params).length > 0 ? this.session.queryBindAsync(full, o.params, opts) : this.session.queryAsync(full, opts);
    return this.track(p.catch((err: unknown) => Promise.reject(toEngineError(err, 'ClickHouse query failed'))));
  }

  private async insert(table: string, format: ClickHouseFormat, data: Uint8Array, columns?: readonly string[]): Promise<void> {
    if (this.closed) throw ptrError('PTR_ERR_UNAVAILABLE', 'the ClickHouse engine is closed');
    const file = join(this.dir, 'spool', `${process.pid}-${++this.spoolSeq}.${format.toLowerCase()}`);
    await writeFile(file, data);
    try {
      await this.insertFile(table, format, file, columns);
    } finally {
      await rm(file, { force: true });
    }
  }

  private async insertFile(table: string, format: ClickHouseFormat, path: string, columns?: readonly string[], settings?: Record<string, string | number>): Promise<void> {
    if (this.closed) throw ptrError('PTR_ERR_UNAVAILABLE', 'the ClickHouse engine is closed');
    checkIdentifier(table, 'table');
    const cols = columns?.length ? ` (${columns.map((c) => checkIdentifier(c, 'column')).join(', ')})` : '';
    const file = resolve(path).replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    await this.run(`INSERT INTO ${table}${cols} FROM INFILE '${file}'${settingsClause(settings).replace('\n', ' ')} FORMAT ${format}`, 'TabSeparated', undefined);
  }

  private async release(): Promise<void> {
    if (!shared || shared.conn !== this) return;
    shared.refs--;
    if (shared.refs > 0) return;
    shared = undefined;
    this.closed = true;
    await Promise.allSettled([...this.inflight]);
    this.session.close();
    await this.chdb.drainPending();
  }
}

export function parseJsonEachRow<T>(text: string): T[] {
  const out: T[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) out.push(JSON.parse(text.slice(start, end)) as T);
    start = end + 1;
  }
  return out;
}

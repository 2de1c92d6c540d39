/**
 * Runs ClickHouse requests on one chDB session (the real ClickHouse engine, in process), one
 * request at a time: chDB has one data path per process, and a session's `USE`/`SET` state is
 * shared, so requests are serialized and each one's database and settings are undone after it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Session } from 'chdb';
import type { ClickHouseRequest } from './request.js';
import { effectiveFormat, sqlIdentifier, sqlString } from './request.js';

export interface QueryOutcome {
  readonly body: Uint8Array;
  readonly format: string;
  readonly readRows: number;
  readonly readBytes: number;
  readonly elapsedNs: number;
}

export class ChdbExecutor {
  private readonly session: Session;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly spoolDir: string,
  ) {
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(spoolDir, { recursive: true });
    this.session = new Session(dataDir);
  }

  /** Queues the request behind every earlier one; its outcome or error is the request's own. */
  run(request: ClickHouseRequest): Promise<QueryOutcome> {
    const result = this.queue.then(() => this.execute(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for the running request, then closes the engine. */
  async close(): Promise<void> {
    await this.queue;
    this.session.close();
  }

  private async execute(request: ClickHouseRequest): Promise<QueryOutcome> {
    const applied: string[] = [];
    let switchedDatabase = false;
    try {
      if (request.database !== undefined && request.database !== '') {
        await this.session.queryAsync(`USE ${sqlIdentifier(request.database)}`);
        switchedDatabase = true;
      }
      for (const [name, value] of request.settings) {
        await this.session.queryAsync(`SET ${sqlIdentifier(name)} = ${sqlString(value)}`);
        applied.push(name);
      }
      // `param_*` values arrive in ClickHouse's escaped text form, exactly what the engine
      // parses for a {name:Type} placeholder. chdb's queryBindAsync would escape them a second
      // time (it takes JS values), so they are handed over as session parameters instead.
      for (const [name, value] of Object.entries(request.params)) {
        await this.session.queryAsync(`SET ${sqlIdentifier('param_' + name)} = ${sqlString(value)}`);
      }
      return request.insert ? await this.insertData(request) : await this.query(request);
    } finally {
      for (const name of applied) await this.session.queryAsync(`SET ${sqlIdentifier(name)} = DEFAULT`);
      if (switchedDatabase) await this.session.queryAsync('USE default');
    }
  }

  private async query(request: ClickHouseRequest): Promise<QueryOutcome> {
    const format = effectiveFormat(request.sql, request.defaultFormat);
    const options = { format: request.defaultFormat ?? 'TabSeparated' };
    const result = await this.session.queryAsync(request.sql, options);
    return {
      body: result.bytes(),
      format,
      readRows: result.rowsRead,
      readBytes: result.bytesRead,
      elapsedNs: Math.round(result.elapsed * 1e9),
    };
  }

  /**
   * `INSERT ... FORMAT X` with data: the data may be binary (RowBinary, Native, Parquet), which
   * cannot travel inside chDB's SQL string, so it is spooled to a file and read back by the
   * engine with the `file` table function in the same format; the insertion table supplies the
   * structure, so column lists and defaults behave as in a direct insert.
   */
  private async insertData(request: ClickHouseRequest): Promise<QueryOutcome> {
    const insert = request.insert!;
    const path = join(this.spoolDir, `${randomUUID()}.${insert.format}`);
    await writeFile(path, insert.data);
    try {
      const sql = `${insert.head} SELECT * FROM file(${sqlString(path)}, ${sqlString(insert.format)})`;
      const result = await this.session.queryAsync(sql, { format: 'TabSeparated' });
      return {
        body: new Uint8Array(0),
        format: request.defaultFormat ?? 'TabSeparated',
        readRows: result.rowsRead,
        readBytes: insert.data.length,
        elapsedNs: Math.round(result.elapsed * 1e9),
      };
    } finally {
      await rm(path, { force: true });
    }
  }
}

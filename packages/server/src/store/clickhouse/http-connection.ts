/**
 * ClickHouseConnection over ClickHouse's HTTP interface (@clickhouse/client): the scale-out
 * path, and the test path through the chDB HTTP shim (tools/chdb-http). Binary inserts go as
 * the request body of `INSERT ... FORMAT RowBinary` through `exec`, as the server expects.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { ptrError } from '../../errors/index.js';
import type { ClickHouseConnection, ClickHouseFormat, QueryOptions } from './connection.js';
import { toEngineError } from './engine-error.js';
import { checkIdentifier, settingsClause } from './settings.js';
import { parseJsonEachRow } from './chdb-connection.js';

export interface HttpConnectionOptions {
  url: string;
  /** Client-side limit for one request; queries set their own max_execution_time too. */
  requestTimeoutMs?: number;
}

export async function openHttpConnection(options: HttpConnectionOptions): Promise<ClickHouseConnection> {
  const url = new URL(options.url);
  const client = createClient({
    url: `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`,
    username: decodeURIComponent(url.username) || 'default',
    password: decodeURIComponent(url.password),
    request_timeout: options.requestTimeoutMs ?? 60_000,
    application: 'pointer',
    // The contract: 64-bit integers come back as JSON strings (exact), on every connection.
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
  const ping = await client.ping();
  if (!ping.success) {
    await client.close();
    // The URL may carry a password: name only host and port.
    throw ptrError('PTR_ERR_UNAVAILABLE', `ClickHouse at ${url.host} does not answer /ping: ${(ping.error as Error | undefined)?.message ?? 'no answer'}`);
  }
  return new HttpConnection(client);
}

class HttpConnection implements ClickHouseConnection {
  readonly kind = 'http' as const;
  private closed = false;

  constructor(private readonly client: ClickHouseClient) {}

  private base(o: QueryOptions | undefined): { query_params?: Record<string, unknown>; clickhouse_settings?: Record<string, string | number>; abort_signal?: AbortSignal } {
    return {
      ...(o?.params ? { query_params: o.params as Record<string, unknown> } : {}),
      ...(o?.settings ? { clickhouse_settings: o.settings } : {}),
      ...(o?.signal ? { abort_signal: o.signal } : {}),
    };
  }

  async exec(sql: string, o?: QueryOptions): Promise<void> {
    this.check();
    try {
      await this.client.command({ query: sql, ...this.base(o) });
    } catch (err) {
      throw toEngineError(err, 'ClickHouse query failed');
    }
  }

  async queryRows<T = Record<string, unknown>>(sql: string, o?: QueryOptions): Promise<T[]> {
    return parseJsonEachRow<T>(Buffer.from(await this.queryBytes(sql, 'JSONEachRow', o)).toString('utf8'));
  }

  async queryBytes(sql: string, format: ClickHouseFormat, o?: QueryOptions): Promise<Uint8Array> {
    this.check();
    try {
      const r = await this.client.exec({ query: `${sql}\nFORMAT ${format}`, ...this.base(o) });
      return await collect(r.stream);
    } catch (err) {
      throw toEngineError(err, 'ClickHouse query failed');
    }
  }

  insert(table: string, format: ClickHouseFormat, data: Uint8Array, columns?: readonly string[], settings?: Record<string, string | number>): Promise<void> {
    return this.insertStream(table, format, Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), columns, settings);
  }

  /** A segment goes as a stream: it may be hundreds of MB, no need to hold it in memory. */
  insertFile(table: string, format: ClickHouseFormat, path: string, columns?: readonly string[], settings?: Record<string, string | number>): Promise<void> {
    return this.insertStream(table, format, createReadStream(path), columns, settings);
  }

  private async insertStream(table: string, format: ClickHouseFormat, values: Readable, columns?: readonly string[], settings?: Record<string, string | number>): Promise<void> {
    this.check();
    checkIdentifier(table, 'table');
    const cols = columns?.length ? ` (${columns.map((c) => checkIdentifier(c, 'column')).join(', ')})` : '';
    try {
      const query = `INSERT INTO ${table}${cols}${settingsClause(settings).replace('\n', ' ')} FORMAT ${format}`;
      const r = await this.client.exec({ query, values });
      await collect(r.stream);
    } catch (err) {
      values.destroy();
      throw toEngineError(err, `insert into ${table} failed`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private check(): void {
    if (this.closed) throw ptrError('PTR_ERR_UNAVAILABLE', 'the ClickHouse connection is closed');
  }
}

async function collect(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(chunks);
}

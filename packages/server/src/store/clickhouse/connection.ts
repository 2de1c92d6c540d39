/**
 * One small interface over ClickHouse's engine, so that the trace, log and metric stores are
 * one implementation over two connections: in-process chDB (embedded mode; one engine per
 * process, shared by every store) or a ClickHouse server over HTTP (@clickhouse/client).
 */
export type ClickHouseFormat = 'JSON' | 'JSONEachRow' | 'JSONCompact' | 'JSONCompactEachRow' | 'TabSeparated' | 'RowBinary' | 'Native' | 'CSV';

export interface QueryOptions {
  /** Query parameters bound server-side ({name:Type} placeholders). */
  params?: Record<string, string | number | boolean | readonly (string | number)[]>;
  /** Abort long queries (maps to a timeout or KILL where the engine allows). */
  signal?: AbortSignal;
  /** ClickHouse settings for this query only. */
  settings?: Record<string, string | number>;
}

export interface ClickHouseConnection {
  readonly kind: 'chdb' | 'http';
  /** Runs a statement that returns no rows (DDL, INSERT ... SELECT). */
  exec(sql: string, options?: QueryOptions): Promise<void>;
  /** Runs a query and returns rows parsed from JSONEachRow. */
  queryRows<T = Record<string, unknown>>(sql: string, options?: QueryOptions): Promise<T[]>;
  /** Runs a query and returns the raw result bytes in the given format. */
  queryBytes(sql: string, format: ClickHouseFormat, options?: QueryOptions): Promise<Uint8Array>;
  /**
   * Inserts rows given in a binary or text format, e.g. `insert('otel_traces', 'RowBinary', bytes)`.
   * Resolves once the rows are committed by the engine.
   */
  insert(table: string, format: ClickHouseFormat, data: Uint8Array, columns?: readonly string[]): Promise<void>;
  /**
   * Inserts the rows of a local file (a write-ahead log segment). `settings` go with the insert,
   * e.g. `insert_deduplication_token`, so that a segment inserted twice is stored once.
   */
  insertFile(table: string, format: ClickHouseFormat, path: string, columns?: readonly string[], settings?: Record<string, string | number>): Promise<void>;
  close(): Promise<void>;
}

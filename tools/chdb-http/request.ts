/**
 * How a ClickHouse HTTP request is read: the SQL and its data, the query id, the database, the
 * output format, `param_*` bindings and per-query settings, exactly as ClickHouse's HTTP
 * interface defines them (the `query` URL parameter is the beginning of the query, the POST body
 * is the rest; for `INSERT ... FORMAT X` the rest is the data).
 */

/** URL parameters that steer the HTTP layer itself and are never query settings. */
const HTTP_ONLY_PARAMS = new Set([
  'query',
  'query_id',
  'database',
  'default_format',
  'session_id',
  'session_timeout',
  'session_check',
  'role',
  'user',
  'password',
  'quota_key',
  'enable_http_compression',
  'http_zlib_compression_level',
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_wait_end_of_query',
  'compress',
  'decompress',
  'buffer_size',
  'stacktrace',
]);

/** The insert's target clause and format, and where its data starts in the request bytes. */
export interface InsertWithData {
  /** `INSERT INTO <target>` without the FORMAT clause, e.g. `INSERT INTO db.t (a, b)`. */
  readonly head: string;
  readonly format: string;
  readonly data: Buffer;
}

export interface ClickHouseRequest {
  readonly queryId: string | undefined;
  readonly database: string | undefined;
  readonly defaultFormat: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly settings: ReadonlyArray<readonly [string, string]>;
  /** Set when the request is `INSERT ... FORMAT X` followed by data (possibly binary). */
  readonly insert: InsertWithData | undefined;
  /** The whole SQL text when the request is not an insert with data. */
  readonly sql: string;
}

/** `INSERT INTO <target> [SETTINGS ...] FORMAT <name>` and the separator that ends it. */
const INSERT_WITH_FORMAT = /^\s*(INSERT\s+INTO\s+[\s\S]*?)\s+FORMAT\s+([A-Za-z0-9_]+)[ \t]*(?:\r?\n)?/i;
/** How far into the request the INSERT header may reach before the data begins. */
const MAX_INSERT_HEADER_BYTES = 64 * 1024;

export function parseClickHouseRequest(url: URL, body: Buffer): ClickHouseRequest {
  const search = url.searchParams;
  const params: Record<string, string> = {};
  const settings: Array<[string, string]> = [];
  for (const [key, value] of search) {
    if (key.startsWith('param_')) params[key.slice('param_'.length)] = value;
    else if (!HTTP_ONLY_PARAMS.has(key)) settings.push([key, value]);
  }
  const queryParam = search.get('query');
  // "the beginning of the query in the 'query' parameter, and the rest in the POST"
  const whole =
    queryParam === null
      ? body
      : body.length === 0
        ? Buffer.from(queryParam, 'utf8')
        : Buffer.concat([Buffer.from(queryParam + '\n', 'utf8'), body]);
  return {
    queryId: search.get('query_id') ?? undefined,
    database: search.get('database') ?? undefined,
    defaultFormat: search.get('default_format') ?? undefined,
    params,
    settings,
    insert: splitInsertData(whole),
    sql: whole.toString('utf8'),
  };
}

/** Splits `INSERT ... FORMAT X<newline><data>` into the statement and its raw data bytes. */
function splitInsertData(whole: Buffer): InsertWithData | undefined {
  // latin1 maps bytes 1:1 to UTF-16 units, so a match length is a byte offset.
  const prefix = whole.subarray(0, MAX_INSERT_HEADER_BYTES).toString('latin1');
  const match = INSERT_WITH_FORMAT.exec(prefix);
  if (!match) return undefined;
  const headerBytes = match[0].length;
  const head = Buffer.from(match[1] ?? '', 'latin1').toString('utf8');
  return { head, format: match[2] ?? '', data: whole.subarray(headerBytes) };
}

/** The format the response will be in: a trailing FORMAT clause wins over default_format. */
export function effectiveFormat(sql: string, defaultFormat: string | undefined): string {
  const trailing = /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i.exec(sql);
  return trailing?.[1] ?? defaultFormat ?? 'TabSeparated';
}

/** A settings value as a SQL string literal; ClickHouse parses settings given as strings. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A setting or database name as a back-quoted identifier. */
export function sqlIdentifier(name: string): string {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

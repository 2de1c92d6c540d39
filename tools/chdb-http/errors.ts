/**
 * ClickHouse's error reply: the HTTP status its server picks for the exception (HTTPHandler's
 * exceptionCodeToHTTPStatus: parse and syntax errors 400, unknown objects 404, the rest 500),
 * the `X-ClickHouse-Exception-Code` header, and the body `Code: N. DB::Exception: ... (NAME)`,
 * which @clickhouse/client parses into its ClickHouseError.
 */

const BAD_REQUEST = new Set([
  'CANNOT_PARSE_TEXT',
  'CANNOT_PARSE_ESCAPE_SEQUENCE',
  'CANNOT_PARSE_QUOTED_STRING',
  'CANNOT_PARSE_DATE',
  'CANNOT_PARSE_DATETIME',
  'CANNOT_PARSE_NUMBER',
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
  'CANNOT_PARSE_UUID',
  'CANNOT_PARSE_IPV4',
  'CANNOT_PARSE_IPV6',
  'DUPLICATE_COLUMN',
  'ILLEGAL_COLUMN',
  'SYNTAX_ERROR',
  'INCORRECT_DATA',
  'TYPE_MISMATCH',
  'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
  'BAD_ARGUMENTS',
  'ILLEGAL_TYPE_OF_ARGUMENT',
  'NUMBER_OF_ARGUMENTS_DOESNT_MATCH',
]);

const NOT_FOUND = new Set([
  'UNKNOWN_TABLE',
  'UNKNOWN_FUNCTION',
  'UNKNOWN_IDENTIFIER',
  'UNKNOWN_TYPE',
  'UNKNOWN_STORAGE',
  'UNKNOWN_DATABASE',
  'UNKNOWN_SETTING',
  'UNKNOWN_AGGREGATE_FUNCTION',
  'UNKNOWN_FORMAT',
  'UNKNOWN_DATABASE_ENGINE',
]);

export interface ClickHouseErrorReply {
  readonly status: number;
  readonly code: number;
  readonly body: string;
}

/** ClickHouse's own code and name for errors the shim raises itself. */
export const SHIM_ERRORS = {
  tooLarge: { code: 202, name: 'TOO_MANY_BYTES' },
  badRequest: { code: 36, name: 'BAD_ARGUMENTS' },
  internal: { code: 1001, name: 'STD_EXCEPTION' },
} as const;

const CLICKHOUSE_MESSAGE = /^Code: (\d+)\. [\s\S]*\(([A-Z0-9_]+)\)\s*$/;

/** Turns an engine error (chDB already words it as the server does) into the server's reply. */
export function errorReply(error: unknown): ClickHouseErrorReply {
  const message = error instanceof Error ? error.message : String(error);
  const match = CLICKHOUSE_MESSAGE.exec(message.trim());
  if (match) {
    const code = Number(match[1]);
    const name = match[2] ?? '';
    return { status: statusFor(name), code, body: message.trim() + '\n' };
  }
  return shimError(SHIM_ERRORS.internal, message);
}

export function shimError(kind: { code: number; name: string }, message: string): ClickHouseErrorReply {
  return {
    status: kind.name === 'TOO_MANY_BYTES' ? 413 : statusFor(kind.name),
    code: kind.code,
    body: `Code: ${kind.code}. DB::Exception: ${message}. (${kind.name})\n`,
  };
}

function statusFor(name: string): number {
  if (BAD_REQUEST.has(name)) return 400;
  if (NOT_FOUND.has(name)) return 404;
  return 500;
}

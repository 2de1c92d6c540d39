/**
 * Maps an engine error (chDB's typed errors or @clickhouse/client's ClickHouseError, both of
 * which carry ClickHouse's numeric code) to Pointer's coded errors, so both connections fail
 * the same way: a query that ran out of time is PTR_ERR_QUERY_TIMEOUT, one that hit a result
 * or memory limit is PTR_ERR_QUERY_LIMIT, anything else is PTR_ERR_STORAGE (retryable).
 */
import { isPtrError, ptrError, type PtrError } from '../../errors/index.js';

/** ClickHouse error codes (src/Common/ErrorCodes.cpp) that Pointer tells apart. */
const TIMEOUT_CODES = new Set([159 /* TIMEOUT_EXCEEDED */, 394 /* QUERY_WAS_CANCELLED */]);
const LIMIT_CODES = new Set([158 /* TOO_MANY_ROWS */, 307 /* TOO_MANY_BYTES */, 396 /* TOO_MANY_ROWS_OR_BYTES */, 241 /* MEMORY_LIMIT_EXCEEDED */]);

export function engineErrorCode(err: unknown): number | undefined {
  const e = err as { clickhouseCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.clickhouseCode === 'number') return e.clickhouseCode;
  if (typeof e?.code === 'string' && /^\d+$/.test(e.code)) return Number(e.code);
  if (typeof e?.code === 'number') return e.code;
  const m = typeof e?.message === 'string' ? /Code: (\d+)\./.exec(e.message) : null;
  return m ? Number(m[1]) : undefined;
}

export function toEngineError(err: unknown, what: string): PtrError {
  if (isPtrError(err)) return err;
  const code = engineErrorCode(err);
  const name = (err as Error)?.name;
  const message = firstLine((err as Error)?.message ?? String(err));
  if ((code !== undefined && TIMEOUT_CODES.has(code)) || name === 'ChdbTimeoutError' || name === 'AbortError' || name === 'ChdbAbortError') {
    return ptrError('PTR_ERR_QUERY_TIMEOUT', `${what}: the query ran past its time limit (${message})`, { cause: err });
  }
  if (code !== undefined && LIMIT_CODES.has(code)) {
    return ptrError('PTR_ERR_QUERY_LIMIT', `${what}: ${message}`, { cause: err });
  }
  return ptrError('PTR_ERR_STORAGE', `${what}: ${message}`, { cause: err, details: code === undefined ? undefined : { clickhouseCode: code } });
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0] ?? s;
  return line.length > 500 ? line.slice(0, 500) + '…' : line;
}

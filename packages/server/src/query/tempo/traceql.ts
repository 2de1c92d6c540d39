/**
 * Tempo's search input turned into a TraceSearch:
 * - `tags` (logfmt): `service.name=checkout http.status_code=500` (Tempo's tag search;
 *   values match as case-insensitive substrings, `name` is the span name);
 * - `q` (TraceQL): the filter of traceql-parse.ts, e.g. Grafana's search builder's
 *   `{ resource.service.name = "checkout" && span.http.status_code >= 500 && duration > 100ms }`
 *   or `{ status = error } && { span.db.system = "postgresql" } | count() > 1`.
 */
import { ptrError } from '../../errors/index.js';
import type { TraceSearch } from '../../store/traces/trace-store.js';
import { parseTraceQL } from './traceql-parse.js';

export type SearchCriteria = Omit<TraceSearch, 'range' | 'limit'>;

/** logfmt: key=value pairs separated by spaces; values may be "quoted". */
export function parseLogfmt(s: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(s)) !== null) {
    out.push([m[1]!, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!]);
    last = re.lastIndex;
  }
  if (s.slice(last).trim() !== '') throw ptrError('PTR_ERR_VALIDATION', `tags: expected logfmt key=value pairs, could not read ${JSON.stringify(s.slice(last, last + 40))}`);
  return out;
}

const STATUS = new Set(['error', 'ok', 'unset']);

export function criteriaFromTags(tags: string): SearchCriteria {
  const c: SearchCriteria = { attributes: [] };
  for (const [k, v] of parseLogfmt(tags)) {
    if (k === 'service.name' || k === 'resource.service.name') c.service = v;
    else if (k === 'name') c.spanName = v;
    else if ((k === 'status' || k === 'status.code') && STATUS.has(v.toLowerCase())) c.status = v.toLowerCase() as SearchCriteria['status'];
    else c.attributes!.push({ key: k.replace(/^(span|resource)\./, ''), op: 'contains', value: v });
  }
  return c;
}

/** TraceQL longer than this is refused before it is read. */
export const MAX_TRACEQL_LENGTH = 16 * 1024;

export function criteriaFromTraceQL(q: string): SearchCriteria {
  if (q.length > MAX_TRACEQL_LENGTH) throw ptrError('PTR_ERR_QUERY', `q: the query is ${q.length} characters long; at most ${MAX_TRACEQL_LENGTH} are read`);
  return { filter: parseTraceQL(q) };
}

/**
 * The part of Tempo's search input Pointer understands, turned into a TraceSearch:
 * - `tags` (logfmt): `service.name=checkout http.status_code=500` (Tempo's tag search;
 *   values match as case-insensitive substrings, `name` is the span name);
 * - `q` (TraceQL), one spanset of conditions joined by `&&`, as Grafana's search builder writes:
 *   `{ resource.service.name = "checkout" && name = "POST /pay" && span.http.status_code = 500
 *      && status = error && kind = server && duration > 100ms }`.
 * Anything else is refused with PTR_ERR_QUERY naming the unsupported part.
 */
import { ptrError } from '../../errors/index.js';
import type { AttributeFilter, TraceSearch } from '../../store/traces/trace-store.js';
import { parseDurationNs } from '../params.js';

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

const COND = /^\s*(\.?[A-Za-z_][\w.:-]*|span\.[\w.:-]+|resource\.[\w.:-]+)\s*(=|!=|>=|<=|>|<|=~)\s*("(?:[^"\\]|\\.)*"|[^\s&|}]+)\s*$/;

export function criteriaFromTraceQL(q: string): SearchCriteria {
  const t = q.trim();
  const m = /^\{([\s\S]*)\}$/.exec(t);
  if (!m) throw ptrError('PTR_ERR_QUERY', `q: Pointer supports one TraceQL spanset { ... } of conditions joined by &&; got ${JSON.stringify(t.slice(0, 80))}`);
  const c: SearchCriteria = { attributes: [] };
  const body = m[1]!.trim();
  if (body === '') return c;
  if (/\|\||\}\s*[&|>~]|\|/.test(body)) throw ptrError('PTR_ERR_QUERY', 'q: only && between conditions is supported (no ||, pipelines or structural operators)');
  for (const part of body.split('&&')) {
    const cm = COND.exec(part);
    if (!cm) throw ptrError('PTR_ERR_QUERY', `q: cannot read condition ${JSON.stringify(part.trim().slice(0, 80))}`);
    const [, lhs, op, rawValue] = cm as unknown as [string, string, string, string];
    const value = rawValue.startsWith('"') ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1') : rawValue;
    applyCondition(c, lhs, op, value);
  }
  return c;
}

function applyCondition(c: SearchCriteria, lhs: string, op: string, value: string): void {
  const unsupported = (): never => {
    throw ptrError('PTR_ERR_QUERY', `q: ${lhs} ${op} is not supported`);
  };
  switch (lhs) {
    case 'duration':
    case 'span:duration': {
      const ns = parseDurationNs(value, 'q duration');
      if (op === '>' || op === '>=') c.minDurationNs = op === '>' ? ns + 1n : ns;
      else if (op === '<' || op === '<=') c.maxDurationNs = op === '<' ? ns - 1n : ns;
      else if (op === '=') c.minDurationNs = c.maxDurationNs = ns;
      else unsupported();
      return;
    }
    case 'name':
    case 'span:name':
      if (op !== '=') unsupported();
      c.spanName = value;
      return;
    case 'status':
    case 'span:status':
      if (op !== '=' || !STATUS.has(value)) unsupported();
      c.status = value as SearchCriteria['status'];
      return;
    case 'kind':
    case 'span:kind':
      if (op !== '=') unsupported();
      c.kind = value;
      return;
    case 'resource.service.name':
    case '.service.name':
      if (op !== '=') unsupported();
      c.service = value;
      return;
  }
  const key = lhs.replace(/^(span|resource)?\./, '');
  if (op !== '=' && op !== '=~') unsupported();
  const filter: AttributeFilter = op === '=' ? { key, op: 'eq', value } : { key, op: 'contains', value: value.replace(/^\.\*|\.\*$/g, '') };
  if (op === '=~' && /[\\^$()[\]|+?{}]|\.(?!\*)/.test(filter.value)) unsupported();
  c.attributes!.push(filter);
}

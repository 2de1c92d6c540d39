/**
 * The LogQL Pointer evaluates: stream selectors with line filters, count_over_time and rate over
 * them, aggregations (sum, count, min, max, avg) by/without labels, and scalar arithmetic on
 * vector(n) and numbers (Grafana's health check is `vector(1)+vector(1)`). Anything else is
 * refused with PTR_ERR_QUERY and the position.
 */
import { ptrError } from '../../errors/index.js';
import type { LineFilter, ResourceMatcher } from '../../store/logs/log-store.js';
import { parseDurationNs } from '../params.js';

export interface LabelMatcher {
  label: string;
  op: ResourceMatcher['op'];
  value: string;
}

export interface LogSelector {
  kind: 'log';
  matchers: LabelMatcher[];
  filters: LineFilter[];
}

export interface RangeAggregation {
  kind: 'range';
  fn: 'count_over_time' | 'rate';
  selector: LogSelector;
  rangeNs: bigint;
}

export interface VectorAggregation {
  kind: 'aggregate';
  op: 'sum' | 'count' | 'min' | 'max' | 'avg';
  grouping?: { without: boolean; labels: string[] };
  inner: RangeAggregation | VectorAggregation;
}

export interface Scalar {
  kind: 'scalar';
  value: number;
}

export type LogQLExpr = LogSelector | RangeAggregation | VectorAggregation | Scalar;

type Tok = { t: 'ident' | 'str' | 'num' | 'dur' | 'op' | 'punct'; v: string; at: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === '`') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== c) {
        if (c === '"' && src[j] === '\\' && j + 1 < src.length) {
          const n = src[j + 1]!;
          v += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else v += src[j++];
      }
      if (j >= src.length) throw ptrError('PTR_ERR_QUERY', `parse error at position ${at + 1}: unterminated string`);
      out.push({ t: 'str', v, at });
      i = j + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['|=', '!=', '|~', '!~', '=~'].includes(two)) {
      out.push({ t: 'op', v: two, at });
      i += 2;
      continue;
    }
    if ('{}()[],=+-*/|'.includes(c)) {
      out.push({ t: c === '=' ? 'op' : 'punct', v: c, at });
      i++;
      continue;
    }
    const dur = /^\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y))*/.exec(src.slice(i));
    if (dur) {
      out.push({ t: 'dur', v: dur[0], at });
      i += dur[0].length;
      continue;
    }
    const num = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?/i.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], at });
      i += num[0].length;
      continue;
    }
    const id = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'ident', v: id[0], at });
      i += id[0].length;
      continue;
    }
    throw ptrError('PTR_ERR_QUERY', `parse error at position ${at + 1}: unexpected ${JSON.stringify(c)}`);
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly src: string) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private fail(msg: string): never {
    const t = this.peek();
    throw ptrError('PTR_ERR_QUERY', `parse error at position ${t ? t.at + 1 : this.src.length + 1}: ${msg}`);
  }
  private next(): Tok {
    const t = this.toks[this.i++];
    if (!t) this.fail('unexpected end of query');
    return t;
  }
  private expect(v: string): void {
    const t = this.next();
    if (t.v !== v) {
      this.i--;
      this.fail(`expected ${JSON.stringify(v)}, got ${JSON.stringify(t.v)}`);
    }
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }

  expr(): LogQLExpr {
    let left = this.term();
    for (let t = this.peek(); t && (t.v === '+' || t.v === '-'); t = this.peek()) {
      this.next();
      const right = this.term();
      left = this.arith(left, right, t.v);
    }
    return left;
  }

  private term(): LogQLExpr {
    let left = this.primary();
    for (let t = this.peek(); t && (t.v === '*' || t.v === '/'); t = this.peek()) {
      this.next();
      const right = this.primary();
      left = this.arith(left, right, t.v);
    }
    return left;
  }

  private arith(l: LogQLExpr, r: LogQLExpr, op: string): Scalar {
    if (l.kind !== 'scalar' || r.kind !== 'scalar') this.fail('binary operators are supported between numbers and vector(n) only');
    const v = op === '+' ? l.value + r.value : op === '-' ? l.value - r.value : op === '*' ? l.value * r.value : l.value / r.value;
    return { kind: 'scalar', value: v };
  }

  private primary(): LogQLExpr {
    const t = this.peek();
    if (!t) this.fail('unexpected end of query');
    if (t.t === 'num') {
      this.next();
      return { kind: 'scalar', value: Number(t.v) };
    }
    if (t.v === '(') {
      this.next();
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.v === '{') return this.selector();
    if (t.t === 'ident') {
      if (t.v === 'vector') {
        this.next();
        this.expect('(');
        const n = this.next();
        if (n.t !== 'num') this.fail('vector() takes a number');
        this.expect(')');
        return { kind: 'scalar', value: Number(n.v) };
      }
      if (t.v === 'count_over_time' || t.v === 'rate') return this.rangeAgg();
      if (['sum', 'count', 'min', 'max', 'avg'].includes(t.v)) return this.vectorAgg();
      this.fail(`unsupported function or keyword ${JSON.stringify(t.v)}`);
    }
    this.fail(`unexpected ${JSON.stringify(t.v)}`);
  }

  selector(): LogSelector {
    this.expect('{');
    const matchers: LabelMatcher[] = [];
    while (this.peek()?.v !== '}') {
      const label = this.next();
      if (label.t !== 'ident') this.fail('expected a label name');
      const op = this.next();
      if (!['=', '!=', '=~', '!~'].includes(op.v)) this.fail(`expected =, !=, =~ or !~ after ${label.v}`);
      const value = this.next();
      if (value.t !== 'str') this.fail('expected a quoted label value');
      matchers.push({ label: label.v, op: op.v as LabelMatcher['op'], value: value.v });
      if (this.peek()?.v === ',') this.next();
    }
    this.expect('}');
    if (!matchers.some((m) => (m.op === '=' && m.value !== '') || (m.op === '=~' && !/^(\.\*|)$/.test(m.value)))) {
      throw ptrError('PTR_ERR_QUERY', 'queries require at least one matcher that does not match the empty string, e.g. {service_name="checkout"}');
    }
    const filters: LineFilter[] = [];
    for (let t = this.peek(); t && ['|=', '!=', '|~', '!~', '|'].includes(t.v); t = this.peek()) {
      if (t.v === '|') this.fail('parsers and label filters (| json, | logfmt, | label=...) are not supported; use line filters |= != |~ !~');
      this.next();
      const v = this.next();
      if (v.t !== 'str') this.fail(`expected a quoted string after ${t.v}`);
      filters.push({ op: t.v as LineFilter['op'], value: v.v });
    }
    if (filters.length > 32) this.fail('at most 32 line filters');
    return { kind: 'log', matchers, filters };
  }

  private rangeAgg(): RangeAggregation {
    const fn = this.next().v as RangeAggregation['fn'];
    this.expect('(');
    const selector = this.selector();
    this.expect('[');
    const d = this.next();
    if (d.t !== 'dur') this.fail('expected a range duration such as 5m');
    this.expect(']');
    this.expect(')');
    const rangeNs = parseDurationNs(d.v, 'range');
    if (rangeNs <= 0n) this.fail('the range must be positive');
    return { kind: 'range', fn, selector, rangeNs };
  }

  private grouping(): VectorAggregation['grouping'] {
    const kw = this.next().v;
    this.expect('(');
    const labels: string[] = [];
    while (this.peek()?.v !== ')') {
      const l = this.next();
      if (l.t !== 'ident') this.fail('expected a label name');
      labels.push(l.v);
      if (this.peek()?.v === ',') this.next();
    }
    this.expect(')');
    return { without: kw === 'without', labels };
  }

  private vectorAgg(): VectorAggregation {
    const op = this.next().v as VectorAggregation['op'];
    let grouping: VectorAggregation['grouping'];
    if (this.peek()?.v === 'by' || this.peek()?.v === 'without') grouping = this.grouping();
    this.expect('(');
    const inner = this.expr();
    this.expect(')');
    if (!grouping && (this.peek()?.v === 'by' || this.peek()?.v === 'without')) grouping = this.grouping();
    if (inner.kind !== 'range' && inner.kind !== 'aggregate') this.fail(`${op}() needs a metric query such as count_over_time({...}[5m])`);
    return { kind: 'aggregate', op, inner, ...(grouping ? { grouping } : {}) };
  }
}

export function parseLogQL(src: string): LogQLExpr {
  if (src.length > 16_384) throw ptrError('PTR_ERR_QUERY_LIMIT', 'query: longer than 16 KiB');
  const p = new Parser(tokenize(src), src);
  const e = p.expr();
  if (!p.done()) throw ptrError('PTR_ERR_QUERY', `parse error: unexpected text after the expression in ${JSON.stringify(src.slice(0, 80))}`);
  return e;
}

/**
 * The LogQL Pointer evaluates: stream selectors; the log pipeline (pipeline.ts: line filters,
 * json, logfmt, regexp, pattern, label filters, line_format, label_format, drop, keep,
 * decolorize, unwrap); the log range functions (count_over_time, rate, bytes_over_time,
 * bytes_rate, absent_over_time) and the unwrapped ones (sum, avg, min, max, first, last,
 * stddev, stdvar, quantile _over_time, rate); the aggregations sum, count, min, max, avg,
 * stddev, stdvar, topk, bottomk by/without labels, sort and sort_desc; and scalar arithmetic on
 * vector(n) and numbers (Grafana's health check is `vector(1)+vector(1)`). Anything else is
 * refused with PTR_ERR_QUERY and the position.
 */
import { ptrError } from '../../errors/index.js';
import type { LineFilter, ResourceMatcher } from '../../store/logs/log-store.js';
import { parseDurationNs } from '../params.js';
import { parseGoDurationSeconds, parseBytes, type LabelFilterExpr } from './label-filter.js';
import { parseJsonPath, parsePattern } from './parsers.js';
import type { Stage } from './pipeline.js';
import { parseTemplate } from './template.js';
import { tokenize, type Tok } from './logql-lexer.js';
import { re2ToRegExp } from './re2.js';

export interface LabelMatcher {
  label: string;
  op: ResourceMatcher['op'];
  value: string;
}

export interface LogSelector {
  kind: 'log';
  matchers: LabelMatcher[];
  /** Line filters before any other stage: the store applies them. */
  filters: LineFilter[];
  /** The rest of the pipeline, run entry by entry (pipeline.ts); empty when there is none. */
  pipeline: Stage[];
}

/** `| unwrap latency`, `| unwrap duration(took)`, `| unwrap bytes(size)`. */
export interface Unwrap {
  label: string;
  conversion: 'number' | 'duration' | 'bytes';
}

export const LOG_RANGE_FUNCTIONS = ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time'] as const;
export const UNWRAP_RANGE_FUNCTIONS = ['sum_over_time', 'avg_over_time', 'min_over_time', 'max_over_time', 'first_over_time', 'last_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time'] as const;
export type RangeFunction = (typeof LOG_RANGE_FUNCTIONS)[number] | (typeof UNWRAP_RANGE_FUNCTIONS)[number];

export interface RangeAggregation {
  kind: 'range';
  fn: RangeFunction;
  selector: LogSelector;
  rangeNs: bigint;
  offsetNs?: bigint;
  /** Unwrapped functions (and rate over an unwrap) read this label's value per entry. */
  unwrap?: Unwrap;
  /** quantile_over_time's φ. */
  quantile?: number;
  /** `sum_over_time(...) by (x)` (unwrapped functions only). */
  grouping?: { without: boolean; labels: string[] };
}

export const VECTOR_AGGREGATIONS = ['sum', 'count', 'min', 'max', 'avg', 'stddev', 'stdvar', 'topk', 'bottomk', 'sort', 'sort_desc'] as const;

export interface VectorAggregation {
  kind: 'aggregate';
  op: (typeof VECTOR_AGGREGATIONS)[number];
  /** topk/bottomk's k. */
  param?: number;
  grouping?: { without: boolean; labels: string[] };
  inner: RangeAggregation | VectorAggregation;
}

export interface Scalar {
  kind: 'scalar';
  value: number;
}

export type LogQLExpr = LogSelector | RangeAggregation | VectorAggregation | Scalar;

const STAGE_KEYWORDS = new Set(['json', 'logfmt', 'regexp', 'pattern', 'line_format', 'label_format', 'drop', 'keep', 'decolorize', 'unwrap', 'unpack', 'line_format_json']);
const LABEL_COMPARISONS = new Set(['=', '!=', '=~', '!~', '==', '>', '>=', '<', '<=']);

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
    if (t.v === '{') return this.logQuery();
    if (t.t === 'ident') {
      if (t.v === 'vector') {
        this.next();
        this.expect('(');
        const n = this.next();
        if (n.t !== 'num') this.fail('vector() takes a number');
        this.expect(')');
        return { kind: 'scalar', value: Number(n.v) };
      }
      if ((LOG_RANGE_FUNCTIONS as readonly string[]).includes(t.v) || (UNWRAP_RANGE_FUNCTIONS as readonly string[]).includes(t.v)) return this.rangeAgg();
      if ((VECTOR_AGGREGATIONS as readonly string[]).includes(t.v)) return this.vectorAgg();
      this.fail(`unsupported function or keyword ${JSON.stringify(t.v)}`);
    }
    this.fail(`unexpected ${JSON.stringify(t.v)}`);
  }

  /** A stream selector and its pipeline. */
  private logQuery(): LogSelector {
    const sel = this.selector();
    const unwrap = this.pipeline(sel);
    if (unwrap) this.fail('unwrap belongs in a range function such as sum_over_time(... | unwrap x [5m])');
    return sel;
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
    return { kind: 'log', matchers, filters: [], pipeline: [] };
  }

  private string(what: string): string {
    const v = this.next();
    if (v.t !== 'str') {
      this.i--;
      this.fail(`expected a quoted string ${what}`);
    }
    return v.v;
  }

  private regex(source: string, what: string, anchored = false): RegExp {
    try {
      return re2ToRegExp(source, anchored);
    } catch (err) {
      this.i--;
      return this.fail(`invalid regex ${what}: ${(err as Error).message}`);
    }
  }

  /**
   * The stages after a selector, into `sel`; leading line filters go to `sel.filters` (the
   * store applies them). Returns the unwrap that ends a range function's pipeline, if any.
   */
  private pipeline(sel: LogSelector): Unwrap | undefined {
    let unwrap: Unwrap | undefined;
    for (let t = this.peek(); t && ['|=', '!=', '|~', '!~', '|'].includes(t.v); t = this.peek()) {
      this.next();
      if (unwrap && (t.v !== '|' || !this.isLabelFilterStart())) this.fail('only label filters may follow unwrap');
      if (t.v !== '|') {
        const values = [this.string(`after ${t.v}`)];
        while (this.peek()?.v === 'or') {
          this.next();
          values.push(this.string('after or'));
        }
        const op = t.v as LineFilter['op'];
        const regexes = op === '|~' || op === '!~' ? values.map((v) => this.regex(v, `in ${op}`)) : undefined;
        if (sel.pipeline.length === 0 && values.length === 1) sel.filters.push({ op, value: values[0]! });
        else sel.pipeline.push({ stage: 'line', op, values, ...(regexes ? { regexes } : {}) });
        continue;
      }
      const s = this.peek();
      if (s?.t === 'ident' && s.v === 'unwrap') {
        this.next();
        unwrap = this.unwrapSpec();
        continue;
      }
      sel.pipeline.push(this.stage());
    }
    if (sel.filters.length + sel.pipeline.length > 64) this.fail('at most 64 pipeline stages');
    return unwrap;
  }

  /**
   * A label filter starts here: `(`, or a label name and a comparison. Stage keywords are
   * stages (`| json |~ "x"` is a parser and a line filter), and `|=` / `|~` after a name are
   * line filters, never comparisons.
   */
  private isLabelFilterStart(): boolean {
    const t = this.peek();
    const n = this.toks[this.i + 1];
    if (t?.v === '(') return true;
    return t?.t === 'ident' && !STAGE_KEYWORDS.has(t.v) && n?.t === 'op' && LABEL_COMPARISONS.has(n.v);
  }

  private stage(): Stage {
    const t = this.peek();
    if (!t) this.fail('expected a pipeline stage after |');
    if (this.isLabelFilterStart()) return { stage: 'labels', expr: this.labelFilterOr() };
    if (t.t !== 'ident') this.fail(`expected a pipeline stage after |, got ${JSON.stringify(t.v)}`);
    this.next();
    switch (t.v) {
      case 'json': {
        const extract: { label: string; path: (string | number)[] }[] = [];
        while (this.peek()?.t === 'ident' && this.toks[this.i + 1]?.v === '=') {
          const label = this.next().v;
          this.next();
          const expr = this.string(`as the JSON path of ${label}`);
          const path = parseJsonPath(expr);
          if (!path) this.fail(`cannot read the JSON path ${JSON.stringify(expr)}`);
          extract.push({ label, path });
          if (this.peek()?.v === ',') this.next();
        }
        return extract.length > 0 ? { stage: 'json', extract } : { stage: 'json' };
      }
      case 'logfmt':
        return { stage: 'logfmt' };
      case 'regexp': {
        const re = this.regex(this.string('after regexp'), 'in regexp');
        if (!/\(\?<[A-Za-z_]/.test(re.source)) this.fail('regexp needs at least one named capture (?P<name>...)');
        return { stage: 'regexp', re };
      }
      case 'pattern': {
        const parts = parsePattern(this.string('after pattern'));
        if (!parts) this.fail('the pattern needs at least one <capture>, and two captures need literal text between them');
        return { stage: 'pattern', parts };
      }
      case 'line_format':
        return { stage: 'line_format', template: this.template(this.string('after line_format')) };
      case 'label_format': {
        const assignments: { label: string; from?: string; template?: ReturnType<Parser['template']> }[] = [];
        do {
          if (assignments.length > 0) this.next();
          const label = this.next();
          if (label.t !== 'ident') this.fail('expected label=source in label_format');
          this.expect('=');
          const src = this.next();
          if (src.t === 'ident') assignments.push({ label: label.v, from: src.v });
          else if (src.t === 'str') assignments.push({ label: label.v, template: this.template(src.v) });
          else this.fail('label_format takes label=other_label or label="{{template}}"');
        } while (this.peek()?.v === ',');
        return { stage: 'label_format', assignments };
      }
      case 'drop':
      case 'keep': {
        const labels: { name: string; value?: string }[] = [];
        do {
          if (labels.length > 0) this.next();
          const name = this.next();
          if (name.t !== 'ident') this.fail(`expected a label name after ${t.v}`);
          if (this.peek()?.v === '=') {
            this.next();
            labels.push({ name: name.v, value: this.string('as the label value') });
          } else labels.push({ name: name.v });
        } while (this.peek()?.v === ',');
        return { stage: t.v, labels };
      }
      case 'decolorize':
        return { stage: 'decolorize' };
      case 'unpack':
      case 'line_format_json':
        this.i--;
        return this.fail(`the ${t.v} stage is not supported`);
      default:
        this.i--;
        return this.fail(`unknown pipeline stage ${JSON.stringify(t.v)} (json, logfmt, regexp, pattern, line_format, label_format, drop, keep, decolorize, unwrap or a label filter)`);
    }
  }

  private template(src: string) {
    const t = parseTemplate(src);
    if (typeof t === 'string') {
      this.i--;
      this.fail(t);
    }
    return t;
  }

  private labelFilterOr(): LabelFilterExpr {
    let left = this.labelFilterAnd();
    while (this.peek()?.v === 'or') {
      this.next();
      left = { op: 'or', left, right: this.labelFilterAnd() };
    }
    return left;
  }

  /** `and`, `,` or nothing between two label filters means and. */
  private labelFilterAnd(): LabelFilterExpr {
    let left = this.labelFilterPrimary();
    for (;;) {
      const t = this.peek();
      if (t?.v === 'and' || t?.v === ',') this.next();
      else if (!this.isLabelFilterStart()) return left;
      left = { op: 'and', left, right: this.labelFilterPrimary() };
    }
  }

  private labelFilterPrimary(): LabelFilterExpr {
    if (this.peek()?.v === '(') {
      this.next();
      const e = this.labelFilterOr();
      this.expect(')');
      return e;
    }
    const label = this.next();
    if (label.t !== 'ident') this.fail('expected a label name');
    const op = this.next();
    if (!['=', '!=', '=~', '!~', '==', '>', '>=', '<', '<='].includes(op.v)) {
      this.i--;
      this.fail(`expected a comparison after ${label.v}`);
    }
    const v = this.next();
    if (v.t === 'str') {
      if (!['=', '!=', '=~', '!~'].includes(op.v)) {
        this.i--;
        this.fail(`${op.v} compares numbers, durations or byte sizes, not strings`);
      }
      const cmp = op.v as '=' | '!=' | '=~' | '!~';
      return { op: 'string', label: label.v, cmp, value: v.v, ...(cmp === '=~' || cmp === '!~' ? { re: this.regex(v.v, `for ${label.v}`, true) } : {}) };
    }
    if (op.v === '=~' || op.v === '!~') {
      this.i--;
      this.fail(`${op.v} needs a quoted regex`);
    }
    const cmp = (op.v === '=' ? '==' : op.v) as Extract<LabelFilterExpr, { op: 'number' }>['cmp'];
    if (v.t === 'num') return { op: 'number', label: label.v, cmp, value: Number(v.v), unit: 'number' };
    if (v.t === 'dur') return { op: 'number', label: label.v, cmp, value: parseGoDurationSeconds(v.v) ?? Number(parseDurationNs(v.v, label.v)) / 1e9, unit: 'duration' };
    if (v.t === 'bytes') return { op: 'number', label: label.v, cmp, value: parseBytes(v.v)!, unit: 'bytes' };
    this.i--;
    return this.fail(`expected a "string", number, duration or byte size after ${label.v} ${op.v}`);
  }

  private unwrapSpec(): Unwrap {
    const t = this.next();
    if (t.t !== 'ident') this.fail('expected a label name after unwrap');
    if ((t.v === 'duration' || t.v === 'duration_seconds' || t.v === 'bytes') && this.peek()?.v === '(') {
      this.next();
      const label = this.next();
      if (label.t !== 'ident') this.fail('expected a label name');
      this.expect(')');
      return { label: label.v, conversion: t.v === 'bytes' ? 'bytes' : 'duration' };
    }
    return { label: t.v, conversion: 'number' };
  }

  private rangeAgg(): RangeAggregation {
    const fnTok = this.next();
    const fn = fnTok.v as RangeFunction;
    this.expect('(');
    let quantile: number | undefined;
    if (fn === 'quantile_over_time') {
      const q = this.next();
      if (q.t !== 'num') this.fail('quantile_over_time takes φ first, e.g. quantile_over_time(0.99, ...)');
      quantile = Number(q.v);
      this.expect(',');
    }
    // the log query may be in parentheses: sum_over_time(({job="a"} |= "x") | json | unwrap n [5m])
    const parens = this.peek()?.v === '(';
    if (parens) this.next();
    const selector = this.selector();
    // the range may follow the selector or end the pipeline
    let unwrap = this.pipeline(selector);
    if (parens) {
      this.expect(')');
      unwrap ??= this.pipeline(selector);
    }
    this.expect('[');
    const d = this.next();
    if (d.t !== 'dur') this.fail('expected a range duration such as 5m');
    this.expect(']');
    let offsetNs: bigint | undefined;
    if (this.peek()?.v === 'offset') {
      this.next();
      const o = this.next();
      if (o.t !== 'dur') this.fail('expected a duration after offset');
      offsetNs = parseDurationNs(o.v, 'offset');
    }
    if (!unwrap) unwrap = this.pipeline(selector);
    else if (this.peek()?.v === '|') this.fail('the pipeline goes before the range once it has an unwrap');
    this.expect(')');
    const rangeNs = parseDurationNs(d.v, 'range');
    if (rangeNs <= 0n) this.fail('the range must be positive');
    const unwrapped = (UNWRAP_RANGE_FUNCTIONS as readonly string[]).includes(fn);
    if (unwrapped && !unwrap) throw ptrError('PTR_ERR_QUERY', `parse error at position ${fnTok.at + 1}: ${fn} needs | unwrap <label> in its pipeline`);
    if (unwrap && !unwrapped && fn !== 'rate') throw ptrError('PTR_ERR_QUERY', `parse error at position ${fnTok.at + 1}: ${fn} does not take an unwrap`);
    let grouping: RangeAggregation['grouping'];
    if (this.peek()?.v === 'by' || this.peek()?.v === 'without') {
      if (!unwrapped) this.fail(`${fn} does not take by/without; wrap it in sum by (...) (...)`);
      grouping = this.grouping();
    }
    return { kind: 'range', fn, selector, rangeNs, ...(offsetNs ? { offsetNs } : {}), ...(unwrap ? { unwrap } : {}), ...(quantile !== undefined ? { quantile } : {}), ...(grouping ? { grouping } : {}) };
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
    let param: number | undefined;
    if (op === 'topk' || op === 'bottomk') {
      const k = this.next();
      if (k.t !== 'num' || !Number.isInteger(Number(k.v)) || Number(k.v) < 1) this.fail(`${op} takes a positive integer k first, e.g. ${op}(5, ...)`);
      param = Number(k.v);
      this.expect(',');
    }
    const inner = this.expr();
    this.expect(')');
    if (!grouping && (this.peek()?.v === 'by' || this.peek()?.v === 'without')) grouping = this.grouping();
    if (inner.kind !== 'range' && inner.kind !== 'aggregate') this.fail(`${op}() needs a metric query such as count_over_time({...}[5m])`);
    if (grouping && (op === 'sort' || op === 'sort_desc')) this.fail(`${op}() takes no grouping`);
    return { kind: 'aggregate', op, inner, ...(param !== undefined ? { param } : {}), ...(grouping ? { grouping } : {}) };
  }
}

export function parseLogQL(src: string): LogQLExpr {
  if (src.length > 16_384) throw ptrError('PTR_ERR_QUERY_LIMIT', 'query: longer than 16 KiB');
  const p = new Parser(tokenize(src), src);
  const e = p.expr();
  if (!p.done()) throw ptrError('PTR_ERR_QUERY', `parse error: unexpected text after the expression in ${JSON.stringify(src.slice(0, 80))}`);
  return e;
}

/**
 * PromQL parser: Prometheus' own lezer grammar (@prometheus-io/lezer-promql) turned into the
 * typed AST of ast.ts, then type-checked as Prometheus' parser.checkAST does, with its messages
 * and `line:col` positions. The grammar is Prometheus 3's, so syntax that Prometheus 2.42 does
 * not accept (duration arithmetic, quoted label names, fill/limit modifiers, newer functions)
 * is rejected here to keep the language exactly 2.x's.
 */
import { parser as lezer } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { LabelMatcher, MatchOp } from '../store/metrics/querier.js';
import { COMPARISON_OPS, SET_OPS, documentedType, typeOf, type AggregateOp, type BinaryOp, type Expr, type PosRange, type ValueType, type VectorMatching, type VectorSelector } from './ast.js';
import { parseError, type PromQLError } from './errors.js';
import { FUNCTIONS } from './function-defs.js';
import { compileAnchored } from './go-regexp.js';
import { goRound, parseDurationMs, parseGoFloat, unquoteGoString } from './go-compat.js';
import { METRIC_NAME } from './labels.js';

const AGGREGATE_OPS: ReadonlySet<string> = new Set(['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile']);
const PARAM_AGGREGATES: ReadonlySet<string> = new Set(['topk', 'bottomk', 'count_values', 'quantile']);
const BINARY_OP_NODES: Record<string, BinaryOp> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^', Atan2: 'atan2',
  Eql: '==', Neq: '!=', Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=', And: 'and', Or: 'or', Unless: 'unless',
};
const MATCH_OPS: Record<string, MatchOp> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** Prometheus 2.x calls Prometheus 3's double_exponential_smoothing holt_winters. */
const HOLT_WINTERS = 'holt_winters';
const HOLT_WINTERS_STANDIN = 'day_of_month';

class ParseFailure extends Error {
  constructor(readonly msg: string, readonly range: PosRange) {
    super(msg);
  }
}

function fail(msg: string, range: PosRange): never {
  throw new ParseFailure(msg, range);
}

function toError(query: string, f: ParseFailure): PromQLError {
  const pos = Math.max(0, Math.min(f.range.start, query.length));
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < pos; i++) {
    if (query[i] === '\n') {
      line++;
      lastBreak = i;
    }
  }
  return parseError(f.msg, { line, column: pos - lastBreak, start: f.range.start, end: f.range.end });
}

/**
 * Replaces `holt_winters(` by a same-length stand-in the lezer grammar knows, outside strings
 * and comments, and returns where it did so.
 */
function substituteHoltWinters(query: string): { text: string; at: Set<number> } {
  const at = new Set<number>();
  if (!query.includes(HOLT_WINTERS)) return { text: query, at };
  let text = '';
  for (let i = 0; i < query.length; ) {
    const c = query[i]!;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < query.length && query[j] !== c && query[j] !== '\n') j += query[j] === '\\' && c !== '`' ? 2 : 1;
      text += query.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '#') {
      const j = query.indexOf('\n', i);
      const end = j === -1 ? query.length : j;
      text += query.slice(i, end);
      i = end;
      continue;
    }
    if (query.startsWith(HOLT_WINTERS, i) && !/[\w:]/.test(query[i - 1] ?? '') && /^\s*\(/.test(query.slice(i + HOLT_WINTERS.length))) {
      at.add(i);
      text += HOLT_WINTERS_STANDIN;
      i += HOLT_WINTERS.length;
      continue;
    }
    text += c;
    i++;
  }
  return { text, at };
}

class Converter {
  constructor(private readonly q: string, private readonly holtWinters: Set<number>) {}

  text(n: SyntaxNode): string {
    return this.q.slice(n.from, n.to);
  }

  exprChildren(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.type.is('Expr')) out.push(c);
    return out;
  }

  child(n: SyntaxNode, name: string): SyntaxNode | null {
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
    return null;
  }

  range(n: SyntaxNode): PosRange {
    return { start: n.from, end: n.to };
  }

  expr(n: SyntaxNode): Expr {
    switch (n.name) {
      case 'ParenExpr': {
        const [inner] = this.exprChildren(n);
        if (!inner) fail('unexpected ")"', this.range(n));
        return { type: 'ParenExpr', expr: this.expr(inner), pos: this.range(n) };
      }
      case 'NumberDurationLiteral':
        return { type: 'NumberLiteral', value: this.number(n), pos: this.range(n) };
      case 'StringLiteral':
        return { type: 'StringLiteral', value: this.string(n), pos: this.range(n) };
      case 'VectorSelector':
        return this.vectorSelector(n);
      case 'MatrixSelector':
        return this.matrixSelector(n);
      case 'SubqueryExpr':
        return this.subquery(n);
      case 'OffsetExpr':
        return this.offset(n);
      case 'StepInvariantExpr':
        return this.at(n);
      case 'FunctionCall':
        return this.call(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'BinaryExpr':
        return this.binary(n);
      case 'UnaryExpr': {
        const op = this.text(n.firstChild!) === '-' ? '-' : '+';
        const [inner] = this.exprChildren(n);
        const e = this.expr(inner!);
        if (e.type === 'NumberLiteral') return { type: 'NumberLiteral', value: op === '-' ? -e.value : e.value, pos: this.range(n) };
        return { type: 'UnaryExpr', op, expr: e, pos: this.range(n) };
      }
      default:
        return fail(`unexpected ${describe(this.text(n))}`, this.range(n));
    }
  }

  number(n: SyntaxNode): number {
    const raw = this.text(n).replace(/\s+/g, '');
    let sign = 1;
    let body = raw;
    if (body.startsWith('-') || body.startsWith('+')) {
      if (body[0] === '-') sign = -1;
      body = body.slice(1);
    }
    const v = parseNumberLiteral(body);
    if (v === undefined) fail(`unexpected ${describe(body)}`, this.range(n));
    return sign * v;
  }

  string(n: SyntaxNode): string {
    const raw = this.text(n);
    const v = unquoteGoString(raw);
    if (v === undefined) {
      const q = raw[0];
      const closed = raw.length >= 2 && raw[raw.length - 1] === q;
      fail(closed ? 'invalid syntax' : 'unterminated quoted string', this.range(n));
    }
    return v;
  }

  duration(n: SyntaxNode): number {
    // 2.x accepts a single duration literal only (no arithmetic, no bare numbers).
    const lit = n.firstChild;
    if (!lit || lit.name !== 'NumberDurationLiteralInDurationContext' || lit.nextSibling) fail(`unexpected ${describe(this.text(n))} in duration`, this.range(n));
    const text = this.text(lit);
    const ms = parseDurationMs(text);
    if (ms === undefined || !/[a-z]$/.test(text)) fail(`bad duration syntax: ${JSON.stringify(text)}`, this.range(lit));
    if (ms === 0) fail('duration must be greater than 0', this.range(lit));
    return ms;
  }

  vectorSelector(n: SyntaxNode): VectorSelector {
    const ident = this.child(n, 'Identifier');
    const name = ident ? this.text(ident) : '';
    const matchers: LabelMatcher[] = [];
    const lm = this.child(n, 'LabelMatchers');
    if (lm) {
      for (let c = lm.firstChild; c; c = c.nextSibling) {
        if (c.name === 'QuotedLabelMatcher' || c.name === 'QuotedLabelName') fail('unexpected string in label matching, expected identifier or "}"', this.range(c));
        if (c.name !== 'UnquotedLabelMatcher') continue;
        const ln = this.child(c, 'LabelName');
        const op = this.child(c, 'MatchOp');
        const str = this.child(c, 'StringLiteral');
        if (!ln || !op || !str) fail('unexpected end of label matcher', this.range(c));
        const matchOp = MATCH_OPS[op.firstChild?.name ?? ''];
        if (!matchOp) fail(`unexpected ${describe(this.text(op))} in label matching`, this.range(op));
        const value = this.string(str);
        if (matchOp === '=~' || matchOp === '!~') {
          try {
            compileAnchored(value);
          } catch (err) {
            fail((err as Error).message, this.range(c));
          }
        }
        matchers.push({ name: this.text(ln), op: matchOp, value });
      }
    }
    if (name !== '') matchers.push({ name: METRIC_NAME, op: '=', value: name });
    return { type: 'VectorSelector', name, matchers, offsetMs: 0, atMs: null, atAnchor: null, pos: this.range(n) };
  }

  matrixSelector(n: SyntaxNode): Expr {
    const [inner] = this.exprChildren(n);
    const d = this.child(n, 'DurationExpr');
    const rangeMs = this.duration(d!);
    return attachPostfix(this.expr(inner!), n.to, (e) => {
      if (e.type !== 'VectorSelector') fail('ranges only allowed for vector selectors', { start: e.pos.start, end: n.to });
      if (e.offsetMs !== 0 || e.atMs !== null || e.atAnchor !== null) fail('no offset modifiers allowed before range', { start: e.pos.start, end: n.to });
      return { type: 'MatrixSelector', vectorSelector: e, rangeMs, pos: { start: e.pos.start, end: n.to } };
    });
  }

  subquery(n: SyntaxNode): Expr {
    const [inner] = this.exprChildren(n);
    const durations: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name === 'DurationExpr') durations.push(c);
    const rangeMs = this.duration(durations[0]!);
    const stepMs = durations[1] ? this.duration(durations[1]) : 0;
    return attachPostfix(this.expr(inner!), n.to, (e) => ({ type: 'SubqueryExpr', expr: e, rangeMs, stepMs, offsetMs: 0, atMs: null, atAnchor: null, pos: { start: e.pos.start, end: n.to } }));
  }

  offset(n: SyntaxNode): Expr {
    const [inner] = this.exprChildren(n);
    let d = this.child(n, 'OffsetDurationExpr');
    let sign = 1;
    while (d && d.firstChild?.name === 'UnaryOp') {
      if (this.text(d.firstChild) === '-') sign = -sign;
      d = this.child(d, 'OffsetDurationExpr');
    }
    if (!d) fail('unexpected end of input in offset', this.range(n));
    const ms = sign * this.duration(d);
    return attachPostfix(this.expr(inner!), n.to, (e) => {
      const range = { start: e.pos.start, end: n.to };
      const target = e.type === 'MatrixSelector' ? e.vectorSelector : e;
      if (target.type !== 'VectorSelector' && target.type !== 'SubqueryExpr') {
        fail('offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', range);
      }
      if (target.offsetMs !== 0) fail('offset may not be set multiple times', range);
      target.offsetMs = ms;
      e.pos = range;
      return e;
    });
  }

  at(n: SyntaxNode): Expr {
    const [inner] = this.exprChildren(n);
    const pre = this.child(n, 'AtModifierPreprocessors');
    const lit = this.child(n, 'NumberDurationLiteral');
    if (!pre && !lit) fail('unexpected end of input after @', this.range(n));
    const ts = lit ? this.number(lit) : 0;
    return attachPostfix(this.expr(inner!), n.to, (e) => {
      const range = { start: e.pos.start, end: n.to };
      const target = e.type === 'MatrixSelector' ? e.vectorSelector : e;
      if (target.type !== 'VectorSelector' && target.type !== 'SubqueryExpr') {
        fail('@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', range);
      }
      if (target.atMs !== null || target.atAnchor !== null) fail('@ <timestamp> may not be set multiple times', range);
      if (pre) {
        target.atAnchor = pre.firstChild?.name === 'AtEnd' ? 'end' : 'start';
      } else {
        if (!Number.isFinite(ts) || ts >= 9223372036854775807 || ts <= -9223372036854775808) {
          fail(`timestamp out of bounds for @ modifier: ${ts.toFixed(6).replace('Infinity', '+Inf')}`, range);
        }
        target.atMs = goRound(ts * 1000);
      }
      e.pos = range;
      return e;
    });
  }

  call(n: SyntaxNode): Expr {
    const id = this.child(n, 'FunctionIdentifier')!;
    let name = this.text(id);
    if (this.holtWinters.has(id.from)) name = HOLT_WINTERS;
    const func = FUNCTIONS.get(name);
    if (!func) fail(`unknown function with name ${JSON.stringify(name)}`, this.range(id));
    const body = this.child(n, 'FunctionCallBody')!;
    const args = this.exprChildren(body).map((c) => this.expr(c));
    return { type: 'Call', func, args, pos: this.range(n) };
  }

  aggregate(n: SyntaxNode): Expr {
    const opNode = this.child(n, 'AggregateOp')!;
    const op = this.text(opNode).toLowerCase();
    if (!AGGREGATE_OPS.has(op)) fail(`unknown function with name ${JSON.stringify(this.text(opNode))}`, this.range(opNode));
    const mod = this.child(n, 'AggregateModifier');
    let grouping: string[] = [];
    let without = false;
    if (mod) {
      without = mod.firstChild?.name === 'Without';
      grouping = this.groupingLabels(this.child(mod, 'GroupingLabels')!);
    }
    const body = this.child(n, 'FunctionCallBody')!;
    const args = this.exprChildren(body).map((c) => this.expr(c));
    const range = this.range(n);
    if (args.length === 0) fail('no arguments for aggregate expression provided', range);
    const want = PARAM_AGGREGATES.has(op) ? 2 : 1;
    if (args.length !== want) fail(`wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`, range);
    return {
      type: 'AggregateExpr',
      op: op as AggregateOp,
      expr: args[want - 1]!,
      param: want === 2 ? args[0]! : null,
      grouping,
      without,
      hasGrouping: mod !== null,
      pos: range,
    };
  }

  groupingLabels(n: SyntaxNode): string[] {
    const out: string[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === 'LabelName') out.push(this.text(c));
      else if (c.name === 'QuotedLabelName') fail('unexpected string in grouping opts, expected label', this.range(c));
    }
    return out;
  }

  binary(n: SyntaxNode): Expr {
    const [l, r] = this.exprChildren(n);
    let op: BinaryOp | undefined;
    let returnBool = false;
    const matching: VectorMatching = { card: 'one-to-one', matchingLabels: [], on: false, include: [], explicit: false };
    for (let c = n.firstChild; c; c = c.nextSibling) {
      const mapped = BINARY_OP_NODES[c.name];
      if (mapped && op === undefined && !c.type.is('Expr')) op = mapped;
      else if (c.name === 'BoolModifier') returnBool = true;
      else if (c.name === 'MatchingModifierClause') {
        matching.explicit = true;
        const groups: SyntaxNode[] = [];
        for (let m = c.firstChild; m; m = m.nextSibling) {
          if (m.name === 'On') matching.on = true;
          else if (m.name === 'GroupLeft') matching.card = 'many-to-one';
          else if (m.name === 'GroupRight') matching.card = 'one-to-many';
          else if (m.name === 'GroupingLabels') groups.push(m);
        }
        matching.matchingLabels = this.groupingLabels(groups[0]!);
        if (groups[1]) matching.include = this.groupingLabels(groups[1]);
      } else if (c.name === 'FillModifier' || c.name === 'TrimUpper' || c.name === 'TrimLower') {
        fail(`unexpected ${describe(this.text(c))}`, this.range(c));
      }
    }
    if (!op || !l || !r) fail('unexpected binary expression', this.range(n));
    const lhsText = this.text(l);
    if (op === '^' && l.name === 'NumberDurationLiteral' && /^[-+]/.test(lhsText)) {
      // The grammar reads `-2 ^ 2` as (-2)^2; in Prometheus the sign is a unary operator that
      // binds less tightly than ^, giving -(2^2).
      const sign = lhsText[0] === '-' ? '-' : '+';
      const base = { type: 'NumberLiteral' as const, value: Math.abs(this.number(l)), pos: { start: l.from + 1, end: l.to } };
      const pow: Expr = { type: 'BinaryExpr', op, lhs: base, rhs: this.expr(r), matching, returnBool, pos: { start: l.from + 1, end: n.to } };
      return { type: 'UnaryExpr', op: sign, expr: pow, pos: this.range(n) };
    }
    return { type: 'BinaryExpr', op, lhs: this.expr(l), rhs: this.expr(r), matching, returnBool, pos: this.range(n) };
  }
}

/**
 * Ranges, subqueries, offset and @ are postfix operators binding more tightly than any unary or
 * binary operator in Prometheus' grammar (`-x @ 100` is `-(x @ 100)`, `a + b offset 5m` is
 * `a + (b offset 5m)`); the lezer grammar can attach them to the whole expression instead. This
 * applies the modifier to the rightmost operand, as Prometheus does, and widens the positions.
 */
function attachPostfix(e: Expr, end: number, apply: (target: Expr) => Expr): Expr {
  if (e.type === 'BinaryExpr') {
    e.rhs = attachPostfix(e.rhs, end, apply);
    e.pos = { start: e.pos.start, end };
    return e;
  }
  if (e.type === 'UnaryExpr') {
    e.expr = attachPostfix(e.expr, end, apply);
    e.pos = { start: e.pos.start, end };
    return e;
  }
  return apply(e);
}

/** Go's ParseInt(s, 0, 64) then ParseFloat, as Prometheus' lexer reads a number. */
export function parseNumberLiteral(s: string): number | undefined {
  const lower = s.toLowerCase();
  if (lower === 'inf') return Infinity;
  if (lower === 'nan') return NaN;
  if (s.includes('_') || parseDurationMs(s) !== undefined && /[a-z]$/i.test(s)) return undefined;
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]+$/.test(s)) return parseInt(s.slice(1), 8);
  return parseGoFloat(s);
}

function describe(text: string): string {
  if (text === '') return 'end of input';
  if (/^[a-zA-Z_:][\w:]*$/.test(text)) return `identifier ${JSON.stringify(text)}`;
  if (/^[\d.]/.test(text)) return `number ${JSON.stringify(text)}`;
  return JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}` : text);
}

/**
 * The errors Prometheus' lexer reports before parsing: unbalanced brackets and unterminated
 * strings, worded as its lexer words them.
 */
function lexicalError(text: string): ParseFailure | undefined {
  const open: { c: string; at: number }[] = [];
  const names: Record<string, string> = { '(': 'parenthesis', '{': 'brace', '[': 'bracket' };
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && (c === '`' || text[j] !== '\n')) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      if (j >= text.length || text[j] !== c) return new ParseFailure('unterminated quoted string', { start: i, end: text.length });
      i = j;
      continue;
    }
    if (c in names) open.push({ c, at: i });
    else if (c in pairs) {
      const top = open.pop();
      const kind = names[pairs[c]!]!;
      if (!top) return new ParseFailure(`unexpected right ${kind} '${c}'`, { start: i, end: i + 1 });
      if (top.c !== pairs[c]) return new ParseFailure(`unexpected right ${kind} '${c}'`, { start: i, end: i + 1 });
    }
  }
  const last = open.pop();
  if (last) return new ParseFailure(`unclosed left ${names[last.c]!}`, { start: text.length, end: text.length });
  return undefined;
}

/** Finds the first syntax error of the lezer tree and words it as Prometheus would. */
function syntaxError(query: string, text: string, top: SyntaxNode): ParseFailure | undefined {
  let first: { from: number; to: number } | undefined;
  top.cursor().iterate((node) => {
    if (first) return false;
    if (node.type.isError) {
      first = { from: node.from, to: node.to };
      return false;
    }
    return undefined;
  });
  if (!first) return undefined;
  const lexical = lexicalError(text);
  if (lexical) return lexical;
  const at = first.from;
  // Describe tokens from the original text (the holt_winters stand-in has the same length).
  const before = query.slice(0, at).trimEnd();
  const rest = query.slice(at).trimStart();
  const restStart = query.length - rest.length;
  const ident = /([a-zA-Z_:][\w:]*)$/.exec(before);
  if (rest.startsWith('(') && ident) {
    const name = query.slice(before.length - ident[1]!.length, before.length);
    return new ParseFailure(`unknown function with name ${JSON.stringify(name)}`, { start: before.length - ident[1]!.length, end: before.length });
  }
  if (rest === '') return new ParseFailure('unexpected end of input', { start: text.length, end: text.length });
  const token = /^([a-zA-Z_:][\w:]*|\d[\w.]*|"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`[^`]*`?|[=!<>]=|=~|!~|.)/.exec(rest)![0];
  if (token.startsWith('"') || token.startsWith("'") || token.startsWith('`')) {
    const closed = token.length >= 2 && token.endsWith(token[0]!);
    if (!closed) return new ParseFailure('unterminated quoted string', { start: restStart, end: text.length });
  }
  return new ParseFailure(`unexpected ${describe(token)}`, { start: restStart, end: restStart + token.length });
}

/** Parses a PromQL expression into a type-checked AST; throws a PromQLError (bad_data). */
export function parsePromQL(query: string): Expr {
  const { text, at } = substituteHoltWinters(query);
  try {
    if (text.trim() === '') fail('no expression found in input', { start: 0, end: 0 });
    const tree = lezer.parse(text);
    const top = tree.topNode;
    const err = syntaxError(query, text, top);
    if (err) throw err;
    const conv = new Converter(text, at);
    const children = conv.exprChildren(top);
    if (children.length !== 1) fail('unexpected end of input', { start: text.length, end: text.length });
    const expr = conv.expr(children[0]!);
    checkAST(expr);
    return expr;
  } catch (e) {
    if (e instanceof ParseFailure) throw toError(query, e);
    throw e;
  }
}

function expectType(e: Expr, want: ValueType, context: string): void {
  const t = checkAST(e);
  if (t !== want) fail(`expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`, e.pos);
}

/** Prometheus' parser.checkAST: type rules of every node; returns the node's type. */
function checkAST(e: Expr): ValueType {
  switch (e.type) {
    case 'NumberLiteral':
    case 'StringLiteral':
      break;
    case 'ParenExpr':
      checkAST(e.expr);
      break;
    case 'VectorSelector':
      checkVectorSelector(e);
      break;
    case 'MatrixSelector':
      checkVectorSelector(e.vectorSelector);
      break;
    case 'SubqueryExpr': {
      const t = checkAST(e.expr);
      if (t !== 'vector') fail(`subquery is only allowed on instant vector, got ${t} instead`, e.pos);
      break;
    }
    case 'AggregateExpr':
      expectType(e.expr, 'vector', 'aggregation expression');
      if (e.op === 'topk' || e.op === 'bottomk' || e.op === 'quantile') expectType(e.param!, 'scalar', 'aggregation parameter');
      if (e.op === 'count_values') expectType(e.param!, 'string', 'aggregation parameter');
      break;
    case 'Call': {
      const f = e.func;
      const nargs = f.argTypes.length;
      if (f.variadic === 0) {
        if (nargs !== e.args.length) fail(`expected ${nargs} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e.pos);
      } else {
        const na = nargs - 1;
        if (na > e.args.length) fail(`expected at least ${na} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e.pos);
        const max = na + f.variadic;
        if (f.variadic > 0 && max < e.args.length) fail(`expected at most ${max} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e.pos);
      }
      e.args.forEach((arg, i) => {
        const idx = Math.min(i, nargs - 1);
        expectType(arg, f.argTypes[idx]!, `call to function ${JSON.stringify(f.name)}`);
      });
      break;
    }
    case 'UnaryExpr': {
      const t = checkAST(e.expr);
      if (t !== 'scalar' && t !== 'vector') fail(`unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(documentedType(t))}`, e.pos);
      break;
    }
    case 'BinaryExpr':
      checkBinary(e);
      break;
  }
  return typeOf(e);
}

function checkVectorSelector(vs: VectorSelector): void {
  if (vs.name !== '') {
    for (const m of vs.matchers.slice(0, -1)) {
      if (m.name === METRIC_NAME) fail(`metric name must not be set twice: ${JSON.stringify(vs.name)} or ${JSON.stringify(m.value)}`, vs.pos);
    }
    return;
  }
  const notEmpty = vs.matchers.some((m) => !matcherMatchesEmpty(m));
  if (!notEmpty) fail('vector selector must contain at least one non-empty matcher', vs.pos);
}

function matcherMatchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return compileAnchored(m.value).test('');
    case '!~':
      return !compileAnchored(m.value).test('');
  }
}

function checkBinary(e: Extract<Expr, { type: 'BinaryExpr' }>): void {
  const lt = checkAST(e.lhs);
  const rt = checkAST(e.rhs);
  const opRange: PosRange = { start: e.lhs.pos.end, end: e.rhs.pos.start };
  const comparison = COMPARISON_OPS.has(e.op);
  const setOp = SET_OPS.has(e.op);
  if (e.returnBool && !comparison) fail('bool modifier can only be used on comparison operators', opRange);
  if (comparison && !e.returnBool && lt === 'scalar' && rt === 'scalar') fail('comparisons between scalars must use BOOL modifier', opRange);
  const m = e.matching;
  if (m && setOp && m.card === 'one-to-one') m.card = 'many-to-many';
  if (m && m.on) {
    for (const l of m.matchingLabels) if (m.include.includes(l)) fail(`label ${JSON.stringify(l)} must not occur in ON and GROUP clause at once`, opRange);
  }
  if (lt !== 'scalar' && lt !== 'vector') fail('binary expression must contain only scalar and instant vector types', e.lhs.pos);
  if (rt !== 'scalar' && rt !== 'vector') fail('binary expression must contain only scalar and instant vector types', e.rhs.pos);
  if ((lt !== 'vector' || rt !== 'vector') && m) {
    if (m.matchingLabels.length > 0) fail('vector matching only allowed between instant vectors', e.pos);
    e.matching = null;
  } else if (setOp && m) {
    if (m.card === 'one-to-many' || m.card === 'many-to-one') fail(`no grouping allowed for ${JSON.stringify(e.op)} operation`, e.pos);
    if (m.card !== 'many-to-many') fail('set operations must always be many-to-many', e.pos);
  }
  if ((lt === 'scalar' || rt === 'scalar') && setOp) fail(`set operator ${JSON.stringify(e.op)} not allowed in binary scalar expression`, e.pos);
}

/**
 * Parses a series selector such as `up{job="api"}` (Prometheus' ParseMetricSelector), as
 * `match[]` parameters of /api/v1/series, /labels and /label/<name>/values take them.
 */
export function parseMetricSelector(input: string): LabelMatcher[] {
  const e = parsePromQL(input);
  if (e.type !== 'VectorSelector' || e.offsetMs !== 0 || e.atMs !== null || e.atAnchor !== null) {
    throw toError(input, new ParseFailure('expected a series selector (a metric name and/or label matchers)', e.pos));
  }
  return e.matchers;
}

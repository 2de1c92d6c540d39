/**
 * PromQL text from the AST: Prometheus 2.x's Expr.String() (one line) and its prettifier
 * (parser/prettier.go), which /api/v1/format_query answers with: expressions longer than 100
 * characters are split over lines, indented by two spaces per level.
 */
import type { Expr, VectorSelector } from './ast.js';
import { formatDurationMs } from './go-compat.js';
import { METRIC_NAME } from './labels.js';
import { parsePromQL } from './parser.js';

/** Go's fmt %v of a float64. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v !== 0 && Math.abs(v) < 1e-4) {
    return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function offsetString(ms: number): string {
  if (ms > 0) return ` offset ${formatDurationMs(ms)}`;
  if (ms < 0) return ` offset -${formatDurationMs(-ms)}`;
  return '';
}

function atString(atMs: number | null, anchor: 'start' | 'end' | null): string {
  if (atMs !== null) return ` @ ${(atMs / 1000).toFixed(3)}`;
  if (anchor === 'start') return ' @ start()';
  if (anchor === 'end') return ' @ end()';
  return '';
}

function selectorString(vs: VectorSelector, withModifiers: boolean): string {
  const parts = vs.matchers
    .filter((m) => !(m.name === METRIC_NAME && m.op === '=' && m.value === vs.name))
    .map((m) => `${m.name}${m.op}${quote(m.value)}`)
    .sort();
  const mods = withModifiers ? atString(vs.atMs, vs.atAnchor) + offsetString(vs.offsetMs) : '';
  return parts.length === 0 ? `${vs.name}${mods}` : `${vs.name}{${parts.join(',')}}${mods}`;
}

export function exprToString(e: Expr): string {
  switch (e.type) {
    case 'NumberLiteral':
      return formatNumber(e.value);
    case 'StringLiteral':
      return quote(e.value);
    case 'VectorSelector':
      return selectorString(e, true);
    case 'MatrixSelector': {
      const vs = e.vectorSelector;
      return `${selectorString(vs, false)}[${formatDurationMs(e.rangeMs)}]${atString(vs.atMs, vs.atAnchor)}${offsetString(vs.offsetMs)}`;
    }
    case 'SubqueryExpr':
      return `${exprToString(e.expr)}[${formatDurationMs(e.rangeMs)}:${e.stepMs ? formatDurationMs(e.stepMs) : ''}]${atString(e.atMs, e.atAnchor)}${offsetString(e.offsetMs)}`;
    case 'Call':
      return `${e.func.name}(${e.args.map(exprToString).join(', ')})`;
    case 'AggregateExpr': {
      let s = e.op;
      if (e.without) s += ` without (${e.grouping.join(', ')}) `;
      else if (e.grouping.length > 0) s += ` by (${e.grouping.join(', ')}) `;
      s += '(';
      if (e.param) s += `${exprToString(e.param)}, `;
      return `${s}${exprToString(e.expr)})`;
    }
    case 'BinaryExpr': {
      let matching = '';
      const vm = e.matching;
      if (vm && (vm.matchingLabels.length > 0 || vm.on)) {
        matching = ` ${vm.on ? 'on' : 'ignoring'} (${vm.matchingLabels.join(', ')})`;
        if (vm.card === 'many-to-one' || vm.card === 'one-to-many') {
          matching += ` ${vm.card === 'many-to-one' ? 'group_left' : 'group_right'} (${vm.include.join(', ')})`;
        }
      }
      return `${exprToString(e.lhs)} ${e.op}${e.returnBool ? ' bool' : ''}${matching} ${exprToString(e.rhs)}`;
    }
    case 'UnaryExpr':
      return `${e.op}${exprToString(e.expr)}`;
    case 'ParenExpr':
      return `(${exprToString(e.expr)})`;
  }
}

const MAX_LINE = 100;

function indent(level: number): string {
  return '  '.repeat(level);
}

function matchingString(e: Extract<Expr, { type: 'BinaryExpr' }>): string {
  const vm = e.matching;
  if (!vm || (vm.matchingLabels.length === 0 && !vm.on)) return '';
  let s = ` ${vm.on ? 'on' : 'ignoring'} (${vm.matchingLabels.join(', ')})`;
  if (vm.card === 'many-to-one' || vm.card === 'one-to-many') s += ` ${vm.card === 'many-to-one' ? 'group_left' : 'group_right'} (${vm.include.join(', ')})`;
  return s;
}

/** Prometheus' Pretty(level). */
export function prettyExpr(e: Expr, level: number): string {
  const flat = exprToString(e);
  const split = flat.length > MAX_LINE;
  switch (e.type) {
    case 'AggregateExpr': {
      if (!split) return indent(level) + flat;
      let s = indent(level) + e.op;
      if (e.without) s += ` without (${e.grouping.join(', ')}) `;
      else if (e.grouping.length > 0) s += ` by (${e.grouping.join(', ')}) `;
      s += '(\n';
      if (e.param) s += `${prettyExpr(e.param, level + 1)},\n`;
      return `${s}${prettyExpr(e.expr, level + 1)}\n${indent(level)})`;
    }
    case 'BinaryExpr':
      if (!split) return indent(level) + flat;
      return `${prettyExpr(e.lhs, level + 1)}\n${indent(level)}${e.op}${e.returnBool ? ' bool' : ''}${matchingString(e)}\n${prettyExpr(e.rhs, level + 1)}`;
    case 'Call':
      if (!split) return indent(level) + flat;
      return `${indent(level)}${e.func.name}(\n${e.args.map((a) => prettyExpr(a, level + 1)).join(',\n')}\n${indent(level)})`;
    case 'ParenExpr':
      if (!split) return indent(level) + flat;
      return `${indent(level)}(\n${prettyExpr(e.expr, level + 1)}\n${indent(level)})`;
    case 'SubqueryExpr': {
      if (!split) return flat;
      const inner = exprToString(e.expr);
      return prettyExpr(e.expr, level) + flat.slice(inner.length);
    }
    case 'UnaryExpr':
      return `${indent(level)}${e.op}${prettyExpr(e.expr, level).trim()}`;
    default:
      return indent(level) + flat;
  }
}

/** Parses and re-formats a query as /api/v1/format_query does; throws the parse error if invalid. */
export function formatPromQL(query: string): string {
  return prettyExpr(parsePromQL(query), 0);
}

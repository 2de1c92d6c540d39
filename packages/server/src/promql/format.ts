/**
 * PromQL text from the AST, as Prometheus 2.x's Expr.String() writes it (what
 * /api/v1/format_query answers for expressions that fit on one line).
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

/** Parses and re-formats a query (for /api/v1/format_query); throws the parse error if invalid. */
export function formatPromQL(query: string): string {
  return exprToString(parsePromQL(query));
}

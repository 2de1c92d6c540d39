/**
 * Signatures of Prometheus 2.x's functions (promql/parser/functions.go): argument types,
 * optional/variadic arguments and return type, as the type checker needs them.
 */
import type { ValueType } from './ast.js';

export interface FunctionDef {
  name: string;
  argTypes: ValueType[];
  /** 0: exactly argTypes; n > 0: up to n trailing optional args; -1: unbounded repeats of the last. */
  variadic: number;
  returnType: ValueType;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';

function def(name: string, argTypes: ValueType[], returnType: ValueType, variadic = 0): FunctionDef {
  return { name, argTypes, variadic, returnType };
}

const DEFS: FunctionDef[] = [
  def('abs', [V], V),
  def('absent', [V], V),
  def('absent_over_time', [M], V),
  def('acos', [V], V),
  def('acosh', [V], V),
  def('asin', [V], V),
  def('asinh', [V], V),
  def('atan', [V], V),
  def('atanh', [V], V),
  def('avg_over_time', [M], V),
  def('ceil', [V], V),
  def('changes', [M], V),
  def('clamp', [V, S, S], V),
  def('clamp_max', [V, S], V),
  def('clamp_min', [V, S], V),
  def('cos', [V], V),
  def('cosh', [V], V),
  def('count_over_time', [M], V),
  def('days_in_month', [V], V, 1),
  def('day_of_month', [V], V, 1),
  def('day_of_week', [V], V, 1),
  def('day_of_year', [V], V, 1),
  def('deg', [V], V),
  def('delta', [M], V),
  def('deriv', [M], V),
  def('exp', [V], V),
  def('floor', [V], V),
  def('histogram_count', [V], V),
  def('histogram_sum', [V], V),
  def('histogram_fraction', [S, S, V], V),
  def('histogram_quantile', [S, V], V),
  def('holt_winters', [M, S, S], V),
  def('hour', [V], V, 1),
  def('idelta', [M], V),
  def('increase', [M], V),
  def('irate', [M], V),
  def('label_replace', [V, STR, STR, STR, STR], V),
  def('label_join', [V, STR, STR, STR], V, -1),
  def('last_over_time', [M], V),
  def('ln', [V], V),
  def('log10', [V], V),
  def('log2', [V], V),
  def('max_over_time', [M], V),
  def('min_over_time', [M], V),
  def('minute', [V], V, 1),
  def('month', [V], V, 1),
  def('pi', [], S),
  def('predict_linear', [M, S], V),
  def('present_over_time', [M], V),
  def('quantile_over_time', [S, M], V),
  def('rad', [V], V),
  def('rate', [M], V),
  def('resets', [M], V),
  def('round', [V, S], V, 1),
  def('scalar', [V], S),
  def('sgn', [V], V),
  def('sin', [V], V),
  def('sinh', [V], V),
  def('sort', [V], V),
  def('sort_desc', [V], V),
  def('sqrt', [V], V),
  def('stddev_over_time', [M], V),
  def('stdvar_over_time', [M], V),
  def('sum_over_time', [M], V),
  def('tan', [V], V),
  def('tanh', [V], V),
  def('time', [], S),
  def('timestamp', [V], V),
  def('vector', [S], V),
  def('year', [V], V, 1),
];

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(DEFS.map((d) => [d.name, d]));

/**
 * Functions whose result changes with the evaluation time even when their arguments do not
 * (Prometheus' AtModifierUnsafeFunctions); they stop step-invariant evaluation.
 */
export const AT_MODIFIER_UNSAFE: ReadonlySet<string> = new Set(['days_in_month', 'day_of_month', 'day_of_week', 'day_of_year', 'hour', 'minute', 'month', 'year', 'predict_linear', 'time', 'timestamp']);

/**
 * The typed PromQL syntax tree, shaped as Prometheus' parser.Expr so the engine can follow
 * Prometheus' evaluation code closely. Positions are UTF-16 offsets into the query.
 */
import type { LabelMatcher } from '../store/metrics/querier.js';
import type { FunctionDef } from './function-defs.js';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export interface PosRange {
  start: number;
  end: number;
}

export interface NumberLiteral {
  type: 'NumberLiteral';
  value: number;
  pos: PosRange;
}

export interface StringLiteral {
  type: 'StringLiteral';
  value: string;
  pos: PosRange;
}

export type AtAnchor = 'start' | 'end' | null;

export interface VectorSelector {
  type: 'VectorSelector';
  /** The metric name written before the braces, or "". */
  name: string;
  matchers: LabelMatcher[];
  offsetMs: number;
  /** `@ <timestamp>` in ms; null when absent or anchored to start()/end(). */
  atMs: number | null;
  atAnchor: AtAnchor;
  pos: PosRange;
}

export interface MatrixSelector {
  type: 'MatrixSelector';
  vectorSelector: VectorSelector;
  rangeMs: number;
  pos: PosRange;
}

export interface SubqueryExpr {
  type: 'SubqueryExpr';
  expr: Expr;
  rangeMs: number;
  /** 0 means the default evaluation interval. */
  stepMs: number;
  offsetMs: number;
  atMs: number | null;
  atAnchor: AtAnchor;
  pos: PosRange;
}

export interface Call {
  type: 'Call';
  func: FunctionDef;
  args: Expr[];
  pos: PosRange;
}

export type AggregateOp = 'sum' | 'avg' | 'count' | 'min' | 'max' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'count_values' | 'quantile';

export interface AggregateExpr {
  type: 'AggregateExpr';
  op: AggregateOp;
  expr: Expr;
  param: Expr | null;
  grouping: string[];
  without: boolean;
  /** Whether `by`/`without` was written (even with an empty list), for formatting. */
  hasGrouping: boolean;
  pos: PosRange;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2' | '==' | '!=' | '>' | '<' | '>=' | '<=' | 'and' | 'or' | 'unless';

export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface VectorMatching {
  card: Cardinality;
  /** Labels of `on(...)` / `ignoring(...)`. */
  matchingLabels: string[];
  on: boolean;
  /** Labels of `group_left(...)` / `group_right(...)`. */
  include: string[];
  /** Whether on/ignoring was written, for formatting. */
  explicit: boolean;
}

export interface BinaryExpr {
  type: 'BinaryExpr';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  /** Null where one side is a scalar. */
  matching: VectorMatching | null;
  returnBool: boolean;
  pos: PosRange;
}

export interface UnaryExpr {
  type: 'UnaryExpr';
  op: '-' | '+';
  expr: Expr;
  pos: PosRange;
}

export interface ParenExpr {
  type: 'ParenExpr';
  expr: Expr;
  pos: PosRange;
}

export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | SubqueryExpr | Call | AggregateExpr | BinaryExpr | UnaryExpr | ParenExpr;

export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS: ReadonlySet<BinaryOp> = new Set(['and', 'or', 'unless']);

/** The value type an expression evaluates to. */
export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'NumberLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'Call':
      return e.func.returnType;
    case 'BinaryExpr':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'UnaryExpr':
    case 'ParenExpr':
      return typeOf(e.expr);
  }
}

/** Prometheus' DocumentedType: the words its error messages use for a value type. */
export function documentedType(t: ValueType): string {
  return t === 'vector' ? 'instant vector' : t === 'matrix' ? 'range vector' : t;
}

/**
 * Parser for Prometheus' PromQL test-file format (promql/testdata/*.test):
 *
 *   load <interval>
 *     <series> <sequence>
 *   clear
 *   eval[_fail|_ordered] instant at <time> <query>
 *     <series> <value>            (or a bare number for a scalar result)
 *   eval range from <time> to <time> step <duration> <query>
 *     <series> <sequence>
 *
 * Times are durations from 0 (`10m`, `1h5s`, `0`) or plain seconds.
 */
import type { Labels } from '../../store/metrics/querier.js';
import { parseDurationMs } from '../go-compat.js';
import { parseSequence, parseSeriesLabels, type SequenceValue } from './series-notation.js';

export interface LoadCommand {
  kind: 'load';
  line: number;
  intervalMs: number;
  series: { labels: Labels; values: SequenceValue[] }[];
}

export interface ClearCommand {
  kind: 'clear';
  line: number;
}

export interface ExpectedSeries {
  labels: Labels;
  values: SequenceValue[];
}

export interface EvalCommand {
  kind: 'eval';
  line: number;
  query: string;
  /** 'instant' at startMs, or 'range' from startMs to endMs by stepMs. */
  mode: 'instant' | 'range';
  startMs: number;
  endMs: number;
  stepMs: number;
  fail: boolean;
  ordered: boolean;
  expectedScalar: number | undefined;
  expected: ExpectedSeries[];
  failMessage: string | undefined;
  failRegexp: RegExp | undefined;
}

export type TestCommand = LoadCommand | ClearCommand | EvalCommand;

export function parseTime(s: string): number {
  const d = parseDurationMs(s);
  if (d !== undefined) return d;
  const n = Number(s);
  if (Number.isFinite(n)) return n * 1000;
  throw new Error(`bad time ${JSON.stringify(s)}`);
}

const EVAL_INSTANT = /^eval(_fail|_ordered)?\s+instant\s+at\s+(\S+)\s+(.+)$/;
const EVAL_RANGE = /^eval(_fail)?\s+range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s+(.+)$/;

export function parseTestFile(text: string): TestCommand[] {
  const lines = text.split('\n');
  const commands: TestCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const lineNo = i + 1;
    const body: { text: string; line: number }[] = [];
    // Indented lines that follow belong to this command.
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!) && !lines[i + 1]!.trim().startsWith('#')) {
      body.push({ text: lines[i + 1]!.trim(), line: i + 2 });
      i++;
    }
    try {
      commands.push(parseCommand(line, lineNo, body));
    } catch (err) {
      throw new Error(`line ${lineNo}: ${(err as Error).message}`);
    }
  }
  return commands;
}

function parseCommand(line: string, lineNo: number, body: { text: string; line: number }[]): TestCommand {
  if (line === 'clear') return { kind: 'clear', line: lineNo };
  const load = /^load\s+(\S+)$/.exec(line);
  if (load) {
    const intervalMs = parseDurationMs(load[1]!);
    if (intervalMs === undefined) throw new Error(`bad load interval ${load[1]}`);
    return {
      kind: 'load',
      line: lineNo,
      intervalMs,
      series: body.map((b) => {
        const { labels, rest } = parseSeriesLabels(b.text);
        return { labels, values: parseSequence(rest) };
      }),
    };
  }
  const cmd: EvalCommand = {
    kind: 'eval', line: lineNo, query: '', mode: 'instant', startMs: 0, endMs: 0, stepMs: 0,
    fail: false, ordered: false, expectedScalar: undefined, expected: [], failMessage: undefined, failRegexp: undefined,
  };
  const inst = EVAL_INSTANT.exec(line);
  const range = inst ? null : EVAL_RANGE.exec(line);
  if (inst) {
    cmd.fail = inst[1] === '_fail';
    cmd.ordered = inst[1] === '_ordered';
    cmd.startMs = cmd.endMs = parseTime(inst[2]!);
    cmd.query = inst[3]!;
  } else if (range) {
    cmd.mode = 'range';
    cmd.fail = range[1] === '_fail';
    cmd.startMs = parseTime(range[2]!);
    cmd.endMs = parseTime(range[3]!);
    cmd.stepMs = parseTime(range[4]!);
    cmd.query = range[5]!;
  } else {
    throw new Error(`unknown command ${JSON.stringify(line)}`);
  }
  for (const b of body) {
    const msg = /^expected_fail_message\s+(.*)$/.exec(b.text);
    if (msg) {
      cmd.failMessage = msg[1]!;
      continue;
    }
    const re = /^expected_fail_regexp\s+(.*)$/.exec(b.text);
    if (re) {
      cmd.failRegexp = new RegExp(re[1]!);
      continue;
    }
    if (/^[-+]?(\d|\.\d|Inf|NaN|inf|nan)/.test(b.text) && !/[{]/.test(b.text)) {
      cmd.expectedScalar = parseSequence(b.text).map((v) => (v.kind === 'value' ? v.value : NaN))[0];
      continue;
    }
    const { labels, rest } = parseSeriesLabels(b.text);
    cmd.expected.push({ labels, values: parseSequence(rest) });
  }
  return cmd;
}

/**
 * LogQL's log pipeline after the stream selector (grafana/loki docs, "Log queries"): line
 * filters with `or`, the parsers `json`, `logfmt`, `regexp` and `pattern`, label filters,
 * `line_format`, `label_format`, `drop`, `keep` and `decolorize`, run entry by entry.
 *
 * An entry has its stream labels (the output labels), the labels stages add (also output), and
 * its structured metadata (log attributes, trace_id, span_id, severity_text, detected_level),
 * which filters and templates read but which, unlike Loki 3 by default, does not split result
 * streams and series. A parser that cannot read a line sets `__error__` (JSONParserErr,
 * LogfmtParserErr) and keeps the entry, as Loki does, so `| __error__=""` drops those lines.
 */
import type { LineFilter } from '../../store/logs/log-store.js';
import { extractJson, extractLogfmt, extractPattern, type PatternPart } from './parsers.js';
import { matchesLabelFilter, type LabelFilterExpr } from './label-filter.js';
import { renderTemplate, type Template } from './template.js';

export type Stage =
  /** One or more alternatives joined with `or` (`|= "a" or "b"`). */
  | { stage: 'line'; op: LineFilter['op']; values: string[]; regexes?: RegExp[] }
  | { stage: 'json'; extract?: { label: string; path: (string | number)[] }[] }
  | { stage: 'logfmt' }
  | { stage: 'regexp'; re: RegExp }
  | { stage: 'pattern'; parts: PatternPart[] }
  | { stage: 'labels'; expr: LabelFilterExpr }
  | { stage: 'line_format'; template: Template }
  | { stage: 'label_format'; assignments: { label: string; from?: string; template?: Template }[] }
  | { stage: 'drop' | 'keep'; labels: { name: string; value?: string }[] }
  | { stage: 'decolorize' };

export interface Entry {
  tsNs: bigint;
  line: string;
  /** Stream labels and the labels stages added: the entry's stream in answers. */
  labels: Record<string, string>;
  /** Structured metadata: read by filters and templates, not part of the stream. */
  meta: Record<string, string>;
}

/** A label's value as filters and templates see it: stage or stream labels first, then metadata. */
export function labelValue(e: Entry, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(e.labels, name) ? e.labels[name] : Object.prototype.hasOwnProperty.call(e.meta, name) ? e.meta[name] : undefined;
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

function lineMatches(s: Extract<Stage, { stage: 'line' }>, line: string): boolean {
  const any = s.op === '|=' || s.op === '!=' ? s.values.some((v) => line.includes(v)) : s.regexes!.some((re) => re.test(line));
  return s.op === '|=' || s.op === '|~' ? any : !any;
}

/** Adds parsed labels; a name already taken by a stream label gets the suffix `_extracted`. */
function addParsed(e: Entry, stream: ReadonlySet<string>, parsed: Iterable<[string, string]>): void {
  for (const [k, v] of parsed) e.labels[stream.has(k) ? `${k}_extracted` : k] = v;
}

/**
 * Runs the stages over one entry (changed in place). False when a stage drops it.
 * `stream` names the entry's stream labels (for `_extracted`).
 */
export function runPipeline(stages: readonly Stage[], e: Entry, stream: ReadonlySet<string>): boolean {
  for (const s of stages) {
    switch (s.stage) {
      case 'line':
        if (!lineMatches(s, e.line)) return false;
        break;
      case 'json': {
        const r = extractJson(e.line, s.extract);
        if (r === undefined) e.labels.__error__ = 'JSONParserErr';
        else addParsed(e, stream, r);
        break;
      }
      case 'logfmt': {
        const r = extractLogfmt(e.line);
        if (r === undefined) e.labels.__error__ = 'LogfmtParserErr';
        else addParsed(e, stream, r);
        break;
      }
      case 'regexp': {
        const m = s.re.exec(e.line);
        if (m?.groups) addParsed(e, stream, Object.entries(m.groups).filter((kv): kv is [string, string] => kv[1] !== undefined));
        break;
      }
      case 'pattern': {
        const r = extractPattern(s.parts, e.line);
        if (r) addParsed(e, stream, r);
        break;
      }
      case 'labels':
        if (!matchesLabelFilter(s.expr, e)) return false;
        break;
      case 'line_format':
        e.line = renderTemplate(s.template, e);
        break;
      case 'label_format': {
        const values = s.assignments.map((a) => (a.template ? renderTemplate(a.template, e) : labelValue(e, a.from!) ?? ''));
        s.assignments.forEach((a, i) => {
          if (a.from !== undefined && a.from !== a.label) delete e.labels[a.from];
          e.labels[a.label] = values[i]!;
        });
        break;
      }
      case 'drop':
        for (const l of s.labels) if (l.value === undefined || e.labels[l.name] === l.value) delete e.labels[l.name];
        break;
      case 'keep': {
        const keep = new Set(s.labels.filter((l) => l.value === undefined || e.labels[l.name] === l.value).map((l) => l.name));
        for (const k of Object.keys(e.labels)) if (!keep.has(k)) delete e.labels[k];
        break;
      }
      case 'decolorize':
        e.line = e.line.replace(ANSI, '');
        break;
    }
  }
  return true;
}

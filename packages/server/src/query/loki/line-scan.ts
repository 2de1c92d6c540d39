/**
 * Reads the entries of a LogQL log query for the pipeline: the store's lines that the selector
 * and the leading line filters match, in time slices of about PAGE lines (the table is sorted by
 * service before time, so cursor pages in time order would re-read the rest of the range for
 * every page), each with its stream labels (once per resource) and, if a stage reads it, its
 * structured metadata; then the pipeline (pipeline.ts). Reading more than MAX_SCANNED_LINES for
 * one query is refused with PTR_ERR_QUERY_LIMIT.
 */
import { ptrError } from '../../errors/index.js';
import type { LineResource, LogLine } from '../../store/logs/log-store.js';
import type { QueryContext } from '../context.js';
import { queryBounds } from '../params.js';
import { labelName, matcherFor, streamLabels } from './labels.js';
import type { LogSelector } from './logql.js';
import { runPipeline, type Entry, type Stage } from './pipeline.js';

export const MAX_SCANNED_LINES = 500_000;
const PAGE = 50_000;

type Labels = Record<string, string>;

const SEVERITY_LEVELS: [number, string][] = [[21, 'fatal'], [17, 'error'], [13, 'warn'], [9, 'info'], [5, 'debug'], [1, 'trace']];

/** A stream's labels, computed once per distinct resource of a scan. */
interface StreamInfo {
  labels: Labels;
  names: ReadonlySet<string>;
  key: string;
}

/** Per-scan caches: stream labels by resource, label names of attribute keys. */
class LineReader {
  private readonly streams = new Map<string, StreamInfo>();
  private readonly names = new Map<string, string>();

  constructor(private readonly resources: Map<string, LineResource>) {}

  /** True when a line's resource is not known (written after the resources were read). */
  missesAny(lines: readonly LogLine[]): boolean {
    return lines.some((l) => !this.resources.has(l.resourceHash));
  }

  learn(more: ReadonlyMap<string, LineResource>): void {
    for (const [k, v] of more) this.resources.set(k, v);
  }

  stream(l: LogLine): StreamInfo {
    let s = this.streams.get(l.resourceHash);
    if (!s) {
      const r = this.resources.get(l.resourceHash) ?? { serviceName: '', keys: [], values: [] };
      const resource: Record<string, string> = {};
      r.keys.forEach((k, i) => (resource[k] = r.values[i] ?? ''));
      const labels = streamLabels(r.serviceName, resource);
      s = { labels, names: new Set(Object.keys(labels)), key: key(labels) };
      this.streams.set(l.resourceHash, s);
    }
    return s;
  }

  /** Loki 3's structured metadata of an OTLP record: its attributes (names as labels), ids and severity. */
  metadata(l: LogLine): Labels {
    const meta: Labels = {};
    for (let i = 0; i < l.attributeKeys.length; i++) {
      const k = l.attributeKeys[i]!;
      let name = this.names.get(k);
      if (name === undefined) this.names.set(k, (name = labelName(k)));
      meta[name] = l.attributeValues[i] ?? '';
    }
    if (l.traceId) meta.trace_id = l.traceId;
    if (l.spanId) meta.span_id = l.spanId;
    if (l.severityText) meta.severity_text = l.severityText;
    if (l.severityNumber) meta.severity_number = String(l.severityNumber);
    const level = l.severityText ? l.severityText.toLowerCase() : SEVERITY_LEVELS.find(([n]) => l.severityNumber >= n)?.[1];
    if (level) meta.detected_level = level;
    return meta;
  }
}

/** An entry whose structured metadata is built only if a stage reads it. */
class LineEntry implements Entry {
  readonly tsNs: bigint;
  line: string;
  private built: Labels | undefined;

  constructor(
    private readonly source: LogLine,
    public labels: Labels,
    private readonly reader: LineReader,
  ) {
    this.tsNs = BigInt(source.timeNs);
    this.line = source.line;
  }

  get meta(): Labels {
    return (this.built ??= this.reader.metadata(this.source));
  }
}

/** Stages that change an entry's labels; without them its series is its stream. */
const LABEL_STAGES = new Set<Stage['stage']>(['json', 'logfmt', 'regexp', 'pattern', 'label_format', 'drop', 'keep', 'labels']);

/**
 * The entries in [startNs, endNs] that the selector and its pipeline keep, page by page in
 * `direction` order, each with its series key; stops when `want` returns false.
 */
export async function scanEntries(
  q: QueryContext, tenant: string, sel: LogSelector, startNs: bigint, endNs: bigint, direction: 'forward' | 'backward',
  signal: AbortSignal | undefined, want: (e: Entry, seriesKey: () => string) => boolean,
): Promise<number> {
  const filter = { range: { startNs, endNs }, resourceMatchers: sel.matchers.map((m) => matcherFor(m.label, m.op, m.value)), lineFilters: sel.filters };
  const deadline = performance.now() + q.limits.timeoutMs;
  const relabels = sel.pipeline.some((s) => LABEL_STAGES.has(s.stage));
  const left = () => {
    const ms = deadline - performance.now();
    if (ms <= 0) throw ptrError('PTR_ERR_QUERY_TIMEOUT', `the query ran past ${q.limits.timeoutMs} ms (query.timeout)`);
    return queryBounds({ ...q.limits, timeoutMs: ms }, signal);
  };
  // count the lines, then read the range in slices of about PAGE lines, each sorted on its own
  const [total, resources] = await Promise.all([q.logs.count(tenant, filter, left()), q.logs.lineResources(tenant, filter, left())]);
  const reader = new LineReader(resources);
  let scanned = 0;
  for (const slice of timeSlices(startNs, endNs, Math.ceil(total / PAGE), direction)) {
    // a log query that has its lines stops early; past the budget, the query is refused
    const page = await q.logs.lines(tenant, { ...filter, range: slice }, MAX_SCANNED_LINES - scanned, undefined, left(), direction);
    if (page.nextCursor) {
      throw ptrError('PTR_ERR_QUERY_LIMIT', `the query reads more than ${MAX_SCANNED_LINES} log lines through its pipeline (${total} match the selector); narrow the stream selector, add a line filter (|= "...") before the parser, or shorten the range`);
    }
    if (reader.missesAny(page.lines)) reader.learn(await q.logs.lineResources(tenant, filter, left()));
    for (const l of page.lines) {
      scanned++;
      const stream = reader.stream(l);
      const entry = new LineEntry(l, relabels ? copyLabels(stream.labels) : stream.labels, reader);
      if (!runPipeline(sel.pipeline, entry, stream.names)) continue;
      // a label filter may add __error__ (labels is then a copy: relabels covers 'labels')
      if (!want(entry, relabels ? () => key(entry.labels) : () => stream.key)) return scanned;
    }
  }
  return scanned;
}

/** [start, end] in `n` (at least one) adjoining slices of equal length, in `direction` order. */
export function timeSlices(startNs: bigint, endNs: bigint, n: number, direction: 'forward' | 'backward'): { startNs: bigint; endNs: bigint }[] {
  const count = BigInt(Math.max(1, n));
  const span = endNs - startNs + 1n;
  const out: { startNs: bigint; endNs: bigint }[] = [];
  for (let i = 0n; i < count; i++) {
    const a = startNs + (span * i) / count;
    const b = startNs + (span * (i + 1n)) / count - 1n;
    if (b >= a) out.push({ startNs: a, endNs: b });
  }
  return direction === 'forward' ? out : out.reverse();
}

/**
 * A label set a stage may change, without a prototype: V8 stores the parsers' computed keys into
 * such an object about ten times faster than into a copy made with `{ ...labels }`.
 */
export function copyLabels(labels: Labels): Labels {
  return Object.assign(Object.create(null) as Labels, labels);
}

/** A canonical key of a label set: names sorted. */
export function key(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = '';
  for (const n of names) out += `${n}\u0000${labels[n]}\u0001`;
  return out;
}

export function sorted(labels: Labels): Labels {
  return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]!]));
}


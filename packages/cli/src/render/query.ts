/** Tables for PromQL, trace search and log query results. */
import Table from 'cli-table3';
import type { LogQueryData, PromQueryData, TraceSearchHit } from '@pointer/sdk';

const labels = (m: Record<string, string>): string => {
  const { __name__: name, ...rest } = m;
  const inner = Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  return `${name ?? ''}{${inner}}`;
};

export function renderPromql(d: PromQueryData): string {
  if (d.resultType === 'scalar' || d.resultType === 'string') return `${d.resultType}: ${d.result[1]} @ ${d.result[0]}`;
  if (d.result.length === 0) return 'no data';
  if (d.resultType === 'vector') {
    const t = new Table({ head: ['series', 'value', 'time'] });
    for (const r of d.result) t.push([labels(r.metric), r.value[1], new Date(r.value[0] * 1000).toISOString()]);
    return t.toString();
  }
  const t = new Table({ head: ['series', 'points', 'first', 'last'] });
  for (const r of d.result) t.push([labels(r.metric), r.values.length, r.values[0]?.[1] ?? '', r.values[r.values.length - 1]?.[1] ?? '']);
  return t.toString();
}

export function renderTraces(hits: TraceSearchHit[]): string {
  if (hits.length === 0) return 'no traces';
  const t = new Table({ head: ['trace id', 'root service', 'root span', 'start', 'duration ms'] });
  for (const h of hits) {
    const start = h.startTimeUnixNano ? new Date(Number(BigInt(h.startTimeUnixNano) / 1_000_000n)).toISOString() : '';
    t.push([h.traceID, h.rootServiceName ?? '', h.rootTraceName ?? '', start, h.durationMs ?? '']);
  }
  return t.toString();
}

export function renderLogs(d: LogQueryData): string {
  if (d.resultType !== 'streams') return renderPromql(d as PromQueryData);
  const rows = d.result.flatMap((s) => s.values.map(([ts, line]) => ({ ts, line, stream: s.stream })));
  if (rows.length === 0) return 'no log lines';
  const t = new Table({ head: ['time', 'stream', 'line'], wordWrap: true });
  for (const r of rows) t.push([new Date(Number(BigInt(r.ts) / 1_000_000n)).toISOString(), labels(r.stream), r.line]);
  return t.toString();
}

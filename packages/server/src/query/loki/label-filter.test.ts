import { describe, expect, it } from 'vitest';
import { matchesLabelFilter, parseBytes, parseGoDurationSeconds, type LabelFilterExpr } from './label-filter.js';
import { runPipeline, type Entry } from './pipeline.js';
import { parseTemplate, renderTemplate, type Template } from './template.js';

const entry = (labels: Record<string, string>, meta: Record<string, string> = {}): Entry => ({ tsNs: 1_795_000_000_123_000_000n, line: 'the line', labels, meta });

describe('LogQL label filters, templates and the pipeline', () => {
  it('converts Go durations and byte sizes as Loki does', () => {
    expect(parseGoDurationSeconds('1h30m')).toBe(5400);
    expect(parseGoDurationSeconds('250ms')).toBe(0.25);
    expect(parseGoDurationSeconds('-1.5s')).toBe(-1.5);
    expect(parseGoDurationSeconds('5')).toBeUndefined();
    expect(parseBytes('5KB')).toBe(5000);
    expect(parseBytes('1.5 KiB')).toBe(1536);
    expect(parseBytes('42')).toBe(42);
    expect(parseBytes('5 parsecs')).toBeUndefined();
  });

  it('compares numbers, durations and sizes; and/or; metadata is visible; a bad value keeps the entry with __error__', () => {
    const f = (x: LabelFilterExpr, e: Entry) => matchesLabelFilter(x, e);
    const num = (label: string, cmp: '>' | '==' | '!=', value: number, unit: 'number' | 'duration' | 'bytes' = 'number'): LabelFilterExpr => ({ op: 'number', label, cmp, value, unit });
    expect(f(num('status', '>', 400), entry({ status: '500' }))).toBe(true);
    expect(f(num('status', '>', 400), entry({ status: '200' }))).toBe(false);
    expect(f(num('took', '>', 1, 'duration'), entry({ took: '1.5s' }))).toBe(true);
    expect(f(num('size', '>', 1000, 'bytes'), entry({ size: '2KB' }))).toBe(true);
    expect(f({ op: 'or', left: num('a', '==', 1), right: { op: 'string', label: 'trace_id', cmp: '=', value: 't' } }, entry({ a: '2' }, { trace_id: 't' }))).toBe(true);
    expect(f(num('missing', '>', 1), entry({}))).toBe(false);
    const bad = entry({ status: 'oops' });
    expect(f(num('status', '>', 400), bad)).toBe(true);
    expect(bad.labels.__error__).toBe('LabelFilterErr');
    expect(f({ op: 'string', label: 'env', cmp: '=~', value: 'pr.*', re: /^(?:pr.*)$/u }, entry({ env: 'prod' }))).toBe(true);
  });

  it('renders templates and refuses what it cannot render', () => {
    const t = parseTemplate('{{.level | ToUpper}} {{ .trace_id }} [{{__line__}}] {{"x"}} at {{__timestamp__}}') as Template;
    expect(renderTemplate(t, entry({ level: 'warn' }, { trace_id: 't1' }))).toBe('WARN t1 [the line] x at 2026-11-18T11:06:40.123Z');
    expect(parseTemplate('{{ if .a }}x{{ end }}')).toMatch(/not supported/);
    expect(parseTemplate('{{ .a | printf }}')).toMatch(/template function "printf"/);
    expect(parseTemplate('{{ .a ')).toMatch(/unclosed/);
  });

  it('runs stages in order: parse, filter, format, rename, drop, keep; a parsed name taken by a stream label gets _extracted', () => {
    const e: Entry = { tsNs: 1n, line: '\x1b[31m{"job":"x","level":"error","status":503}\x1b[0m', labels: { job: 'api' }, meta: {} };
    const ok = runPipeline([
      { stage: 'decolorize' },
      { stage: 'json' },
      { stage: 'labels', expr: { op: 'number', label: 'status', cmp: '>', value: 500, unit: 'number' } },
      { stage: 'label_format', assignments: [{ label: 'code', from: 'status' }] },
      { stage: 'line_format', template: parseTemplate('{{.job_extracted}}:{{.code}}') as Template },
      { stage: 'drop', labels: [{ name: 'level', value: 'info' }, { name: 'job_extracted' }] },
    ], e, new Set(['job']));
    expect(ok).toBe(true);
    expect(e).toMatchObject({ line: 'x:503', labels: { job: 'api', level: 'error', code: '503' } });
    expect(e.labels.status).toBeUndefined();
    const k: Entry = { tsNs: 1n, line: 'a=1 b=2', labels: { job: 'api' }, meta: {} };
    runPipeline([{ stage: 'logfmt' }, { stage: 'keep', labels: [{ name: 'a' }, { name: 'job' }] }], k, new Set(['job']));
    expect(k.labels).toEqual({ job: 'api', a: '1' });
    const j: Entry = { tsNs: 1n, line: 'plain', labels: {}, meta: {} };
    expect(runPipeline([{ stage: 'json' }, { stage: 'labels', expr: { op: 'string', label: '__error__', cmp: '=', value: '' } }], j, new Set())).toBe(false);
    expect(runPipeline([{ stage: 'line', op: '!=', values: ['x', 'plain'] }], { ...j, labels: {} }, new Set())).toBe(false);
  });
});

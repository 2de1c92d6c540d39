import { describe, expect, it } from 'vitest';
import { parseLogQL } from './logql.js';

const code = (q: string) => {
  try {
    parseLogQL(q);
    return 'ok';
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
};

describe('LogQL subset', () => {
  it('parses selectors with line filters', () => {
    expect(parseLogQL('{job="api", env!~"dev|test"} |= "err\\"or" != `x` |~ "a.*" !~ "b"')).toEqual({
      kind: 'log',
      matchers: [{ label: 'job', op: '=', value: 'api' }, { label: 'env', op: '!~', value: 'dev|test' }],
      filters: [{ op: '|=', value: 'err"or' }, { op: '!=', value: 'x' }, { op: '|~', value: 'a.*' }, { op: '!~', value: 'b' }],
      pipeline: [],
    });
  });
  it('parses range and vector aggregations with grouping before or after', () => {
    const a = parseLogQL('sum by (env) (rate({job="api"}[5m]))');
    const b = parseLogQL('sum(rate({job="api"}[5m])) by (env)');
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: 'aggregate', op: 'sum', grouping: { without: false, labels: ['env'] }, inner: { kind: 'range', fn: 'rate', rangeNs: 300_000_000_000n } });
  });
  it('folds scalar arithmetic: vector(1)+vector(1) = 2', () => {
    expect(parseLogQL('vector(1)+vector(1)')).toEqual({ kind: 'scalar', value: 2 });
    expect(parseLogQL('(2 + 3) * 4 / 2 - 1')).toEqual({ kind: 'scalar', value: 9 });
  });
  it('parses a pipeline: leading line filters go to the store, the rest run in order', () => {
    const e = parseLogQL('{job="a"} |= "x" | json status="res.code", path="req.path" |~ "a" or "b" | status >= 400 and path =~ "/api.*" or took > 1.5s, size < 5KB | line_format "{{.path}}" | drop __error__, level="info" | decolorize');
    expect(e).toMatchObject({ kind: 'log', filters: [{ op: '|=', value: 'x' }] });
    const stages = (e as { pipeline: { stage: string }[] }).pipeline;
    expect(stages.map((s) => s.stage)).toEqual(['json', 'line', 'labels', 'line_format', 'drop', 'decolorize']);
    expect(stages[0]).toEqual({ stage: 'json', extract: [{ label: 'status', path: ['res', 'code'] }, { label: 'path', path: ['req', 'path'] }] });
    expect(stages[1]).toMatchObject({ stage: 'line', op: '|~', values: ['a', 'b'] });
    expect(stages[2]).toMatchObject({
      stage: 'labels',
      expr: {
        op: 'or',
        left: { op: 'and', left: { op: 'number', label: 'status', cmp: '>=', value: 400, unit: 'number' }, right: { op: 'string', label: 'path', cmp: '=~', value: '/api.*' } },
        right: { op: 'and', left: { op: 'number', label: 'took', cmp: '>', value: 1.5, unit: 'duration' }, right: { op: 'number', label: 'size', cmp: '<', value: 5000, unit: 'bytes' } },
      },
    });
    expect(stages[4]).toEqual({ stage: 'drop', labels: [{ name: '__error__' }, { name: 'level', value: 'info' }] });
  });
  it('reads a line filter right after a parser keyword as a line filter', () => {
    for (const op of ['|=', '!=', '|~', '!~']) {
      const e = parseLogQL(`{job="a"} | json ${op} "x" | logfmt ${op} "y"`) as { pipeline: { stage: string; op?: string }[] };
      expect(e.pipeline.map((s) => [s.stage, s.op])).toEqual([['json', undefined], ['line', op], ['logfmt', undefined], ['line', op]]);
    }
    expect(parseLogQL('{job="a"} | level != "info" != "x"')).toMatchObject({ pipeline: [{ stage: 'labels', expr: { op: 'string', label: 'level', cmp: '!=' } }, { stage: 'line', op: '!=', values: ['x'] }] });
  });
  it('parses unwrapped range functions, quantiles, offsets, topk and the range after the pipeline', () => {
    expect(parseLogQL('quantile_over_time(0.99, {job="a"} | logfmt | unwrap duration(took) | __error__="" [5m] offset 1m) by (route)')).toMatchObject({
      kind: 'range', fn: 'quantile_over_time', quantile: 0.99, rangeNs: 300_000_000_000n, offsetNs: 60_000_000_000n,
      unwrap: { label: 'took', conversion: 'duration' }, grouping: { without: false, labels: ['route'] },
    });
    expect(parseLogQL('count_over_time({job="a"}[5m] | json | level="error")')).toMatchObject({ kind: 'range', selector: { pipeline: [{ stage: 'json' }, { stage: 'labels' }] } });
    expect(parseLogQL('topk(3, sum by (level) (bytes_rate({job="a"}[1m])))')).toMatchObject({ kind: 'aggregate', op: 'topk', param: 3, inner: { op: 'sum' } });
  });
  it('refuses what it does not evaluate, with the position', () => {
    expect(code('{job=~".*"}')).toMatch(/^PTR_ERR_QUERY: queries require at least one matcher/);
    expect(code('{job="a"} | unpack')).toMatch(/^PTR_ERR_QUERY: parse error at position 13: the unpack stage is not supported/);
    expect(code('{job="a"} | frobnicate')).toMatch(/unknown pipeline stage "frobnicate"/);
    expect(code('{job="a"} | status > "x"')).toMatch(/compares numbers, durations or byte sizes, not strings/);
    expect(code('{job="a"} | regexp "(no names)"')).toMatch(/needs at least one named capture/);
    expect(code('{job="a"} | line_format "{{ if .a }}"')).toMatch(/not supported/);
    expect(code('sum_over_time({job="a"}[5m])')).toMatch(/sum_over_time needs \| unwrap/);
    expect(code('{job="a"} | unwrap x')).toMatch(/unwrap belongs in a range function/);
    expect(code('count_over_time({job="a"}[5m]) by (x)')).toMatch(/does not take by\/without/);
    expect(code('{job="a"')).toMatch(/^PTR_ERR_QUERY/);
    expect(code('absent(count_over_time({a="b"}[1m]))')).toMatch(/unsupported function or keyword "absent"/);
    expect(code('{a="b"} |= "x')).toMatch(/unterminated string/);
    expect(code('count_over_time({a="b"} + 1)')).toMatch(/^PTR_ERR_QUERY/);
  });
});

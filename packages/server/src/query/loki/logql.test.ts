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
  it('refuses what it does not evaluate, with the position', () => {
    expect(code('{job=~".*"}')).toMatch(/^PTR_ERR_QUERY: queries require at least one matcher/);
    expect(code('{job="a"} | json')).toMatch(/^PTR_ERR_QUERY: parse error at position 11: parsers and label filters/);
    expect(code('{job="a"')).toMatch(/^PTR_ERR_QUERY/);
    expect(code('topk(3, count_over_time({a="b"}[1m]))')).toMatch(/unsupported function or keyword "topk"/);
    expect(code('{a="b"} |= "x')).toMatch(/unterminated string/);
    expect(code('count_over_time({a="b"} + 1)')).toMatch(/^PTR_ERR_QUERY/);
  });
});

import { describe, expect, it } from 'vitest';
import { formatPromQL } from './format.js';
import { parsePromQL } from './parser.js';

describe('formatPromQL (Prometheus Expr.String())', () => {
  const cases: [string, string][] = [
    ['sum by(a)(rate(x{b="c",a=~"d"}[5m] offset 1m))', 'sum by (a) (rate(x{a=~"d",b="c"}[5m] offset 1m))'],
    ['sum(x) without(a,b)', 'sum without (a, b) (x)'],
    ['sum by () (x)', 'sum(x)'],
    ['a+on(b)group_left(c)b', 'a + on (b) group_left (c) b'],
    ['a / ignoring(b) group_right b', 'a / ignoring (b) group_right () b'],
    ['a > bool 1', 'a > bool 1'],
    ['a and on() b', 'a and on () b'],
    ['x @ 100 offset -5m', 'x @ 100.000 offset -5m'],
    ['x[5m] @ start()', 'x[5m] @ start()'],
    ['rate(x[1h30m:1m] offset 1d)', 'rate(x[1h30m:1m] offset 1d)'],
    ['x[90s:]', 'x[1m30s:]'],
    ['topk(3,x)', 'topk(3, x)'],
    ['count_values("v",x)', 'count_values("v", x)'],
    ['-x', '-x'],
    ['-(1)', '-(1)'],
    ['0.00001 + 1e21', '1e-05 + 1e+21'],
    ['Inf - -Inf', '+Inf - -Inf'],
    ['{__name__="x"}', '{__name__="x"}'],
    ['{__name__=~"x|y", a!="b"}', '{__name__=~"x|y",a!="b"}'],
    ['label_replace(x, "a", "$1", "b", "(.*)")', 'label_replace(x, "a", "$1", "b", "(.*)")'],
    ['holt_winters(x[5m], 0.1, 0.2)', 'holt_winters(x[5m], 0.1, 0.2)'],
    ['x   # comment', 'x'],
    ['-x @ 100', '-x @ 100.000'],
    ['a + b offset 5m', 'a + b offset 5m'],
    ['rate(a[5m] @ 10) * -b offset 1m', 'rate(a[5m] @ 10.000) * -b offset 1m'],
  ];
  for (const [input, want] of cases) {
    it(input, () => {
      expect(formatPromQL(input)).toBe(want);
      // What it prints parses back to the same text.
      expect(formatPromQL(want)).toBe(want);
    });
  }
});

describe('parsePromQL', () => {
  it('reports line and column of errors on later lines', () => {
    expect(() => parsePromQL('sum(x)\n  + foo()')).toThrow(/^2:5: parse error: unknown function with name "foo"$/);
  });

  it('builds a typed tree', () => {
    const e = parsePromQL('rate(x{a="b"}[5m] offset 1m @ 100)');
    expect(e.type).toBe('Call');
    if (e.type !== 'Call') return;
    const arg = e.args[0]!;
    expect(arg.type).toBe('MatrixSelector');
    if (arg.type !== 'MatrixSelector') return;
    expect(arg.rangeMs).toBe(300_000);
    expect(arg.vectorSelector.offsetMs).toBe(60_000);
    expect(arg.vectorSelector.atMs).toBe(100_000);
    expect(arg.vectorSelector.matchers).toEqual([
      { name: 'a', op: '=', value: 'b' },
      { name: '__name__', op: '=', value: 'x' },
    ]);
  });

  it('keeps ^ right-associative and above unary minus', () => {
    expect(formatPromQL('2 ^ 3 ^ 2')).toBe('2 ^ 3 ^ 2');
    const e = parsePromQL('-2 ^ 2');
    expect(e.type).toBe('UnaryExpr');
  });

  it('reads string escapes as Go does', () => {
    const e = parsePromQL('x{a="\\u00e9\\t\\"", b=`raw\\n`}');
    expect(e.type === 'VectorSelector' && e.matchers.slice(0, 2)).toEqual([
      { name: 'a', op: '=', value: 'é\t"' },
      { name: 'b', op: '=', value: 'raw\\n' },
    ]);
  });
});

describe('formatPromQL splits long expressions as Prometheus prettifier does', () => {
  it('splits binary expressions, aggregations and calls over 100 characters', () => {
    const q =
      'sum by (job) (rate(http_requests_total{job="api-server",code=~"5.."}[5m])) / on (job) group_left sum by (job) (rate(http_requests_total{job="api-server"}[5m]))';
    expect(formatPromQL(q)).toBe(
      [
        '  sum by (job) (rate(http_requests_total{code=~"5..",job="api-server"}[5m]))',
        '/ on (job) group_left ()',
        '  sum by (job) (rate(http_requests_total{job="api-server"}[5m]))',
      ].join('\n'),
    );
    const call = 'histogram_quantile(0.99, sum by (le, job, instance, handler) (rate(prometheus_http_request_duration_seconds_bucket[5m])))';
    expect(formatPromQL(call)).toBe(
      [
        'histogram_quantile(',
        '  0.99,',
        '  sum by (le, job, instance, handler) (rate(prometheus_http_request_duration_seconds_bucket[5m]))',
        ')',
      ].join('\n'),
    );
  });
});

describe('parseMetricSelector', () => {
  it('returns the matchers of a selector and rejects anything else', async () => {
    const { parseMetricSelector } = await import('./parser.js');
    expect(parseMetricSelector('up{job="api"}')).toEqual([
      { name: 'job', op: '=', value: 'api' },
      { name: '__name__', op: '=', value: 'up' },
    ]);
    expect(() => parseMetricSelector('sum(up)')).toThrow(/parse error: expected a series selector/);
    expect(() => parseMetricSelector('up[5m]')).toThrow(/parse error/);
    expect(() => parseMetricSelector('{job=""}')).toThrow(/at least one non-empty matcher/);
  });
});

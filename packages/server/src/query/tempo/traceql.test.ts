import { describe, expect, it } from 'vitest';
import { criteriaFromTags, criteriaFromTraceQL, parseLogfmt } from './traceql.js';
import { parseTraceQL } from './traceql-parse.js';

const attr = (scope: 'span' | 'resource' | 'any', key: string) => ({ kind: 'attribute', scope, key });

describe('Tempo search input', () => {
  it('reads logfmt tags', () => {
    expect(parseLogfmt('service.name=checkout http.route="/a b" x=')).toEqual([['service.name', 'checkout'], ['http.route', '/a b'], ['x', '']]);
    expect(criteriaFromTags('service.name=checkout name=GET status=error http.status_code=500')).toEqual({
      service: 'checkout', spanName: 'GET', status: 'error', attributes: [{ key: 'http.status_code', op: 'contains', value: '500' }],
    });
  });

  it("reads Grafana's search builder query, with a regex holding |", () => {
    const f = parseTraceQL('{resource.service.name=~"checkout|cart" && name="POST /pay" && span.http.status_code>=500 && status=error && kind=server && duration>100ms && duration<=1h30m}');
    expect(f.aggregates).toEqual([]);
    expect(f.show).toEqual([attr('resource', 'service.name'), attr('span', 'http.status_code')]);
    const leaves: unknown[] = [];
    const walk = (c: { op: string; left?: unknown; right?: unknown }): void => {
      if (c.op === 'and') {
        walk(c.left as typeof c);
        walk(c.right as typeof c);
      } else leaves.push(c);
    };
    walk((f.spansets as { condition: { op: string } }).condition);
    expect(leaves).toEqual([
      { op: 'compare', field: attr('resource', 'service.name'), cmp: '=~', value: { type: 'string', value: 'checkout|cart' } },
      { op: 'compare', field: { kind: 'intrinsic', name: 'name' }, cmp: '=', value: { type: 'string', value: 'POST /pay' } },
      { op: 'compare', field: attr('span', 'http.status_code'), cmp: '>=', value: { type: 'int', value: 500 } },
      { op: 'compare', field: { kind: 'intrinsic', name: 'status' }, cmp: '=', value: { type: 'status', value: 'error' } },
      { op: 'compare', field: { kind: 'intrinsic', name: 'kind' }, cmp: '=', value: { type: 'kind', value: 'server' } },
      { op: 'compare', field: { kind: 'intrinsic', name: 'duration' }, cmp: '>', value: { type: 'duration', ns: 100_000_000n } },
      { op: 'compare', field: { kind: 'intrinsic', name: 'duration' }, cmp: '<=', value: { type: 'duration', ns: 5_400_000_000_000n } },
    ]);
  });

  it('reads precedence, negation, quoted names, values of every type and pipelines', () => {
    const f = parseTraceQL('({ span.a.b = 1 } || { .x = -2.5 && !(span."a b" != nil || resource.y = `r\\aw`) }) && { trace:rootService = "s" } | count() > 2 | avg(duration) >= 1.5s | select(span.z, name)');
    expect(f.spansets.op).toBe('and');
    expect(f.aggregates).toEqual([
      { fn: 'count', cmp: '>', value: { type: 'int', value: 2 } },
      { fn: 'avg', field: { kind: 'intrinsic', name: 'duration' }, cmp: '>=', value: { type: 'duration', ns: 1_500_000_000n } },
    ]);
    expect(f.show).toEqual([attr('span', 'a.b'), attr('any', 'x'), attr('span', 'a b'), attr('resource', 'y'), attr('span', 'z'), { kind: 'intrinsic', name: 'name' }]);
    const or = (f.spansets as { left: { op: string; right: { condition: unknown } } }).left;
    expect(or.op).toBe('or');
    expect(or.right.condition).toEqual({
      op: 'and',
      left: { op: 'compare', field: attr('any', 'x'), cmp: '=', value: { type: 'float', value: -2.5 } },
      right: {
        op: 'not',
        operand: {
          op: 'or',
          left: { op: 'compare', field: attr('span', 'a b'), cmp: '!=', value: { type: 'nil' } },
          right: { op: 'compare', field: attr('resource', 'y'), cmp: '=', value: { type: 'string', value: 'r\\aw' } },
        },
      },
    });
    expect(parseTraceQL('{}').spansets).toEqual({ op: 'spanset', condition: { op: 'const', value: true } });
    expect(parseTraceQL('{ span.x = "a" } | { span.y = true }').spansets).toEqual({
      op: 'spanset',
      condition: { op: 'and', left: { op: 'compare', field: attr('span', 'x'), cmp: '=', value: { type: 'string', value: 'a' } }, right: { op: 'compare', field: attr('span', 'y'), cmp: '=', value: { type: 'bool', value: true } } },
    });
  });

  it('refuses what it cannot answer with PTR_ERR_QUERY saying what and where', () => {
    const cases: [string, RegExp][] = [
      ['{ .a = 1 } >> { .b = 2 }', /structural operator >> is not supported at character 12/],
      ['{ .a = 1 } ~ { .b = 2 }', /structural operator ~/],
      ['{ .a = 1 } | by(.b)', /by\(\) grouping is not supported/],
      ['{ span.a + 1 > 2 }', /arithmetic in conditions is not supported/],
      ['{ event.name = "x" }', /the event scope is not supported/],
      ['{ foo = 1 }', /unknown intrinsic "foo"/],
      ['{ status = "error" }', /status = needs error, ok or unset/],
      ['{ duration > 5 }', /needs a duration/],
      ['{ name > 1 }', /needs a "string"/],
      ['{ span.a =~ 1 }', /needs a "regex" string/],
      ['{ span.a > nil }', /needs a value other than nil/],
      ['{ .a = "x" ', /expected "}", got the end of the query/],
      ['{ .a = "x }', /unterminated string at character 8/],
      ['a = 1', /expected a spanset/],
      ['{ .a = .b }', /comparing two fields is not supported/],
      ['{ nestedSetParent = 5 }', /needs a number below 1/],
    ];
    for (const [q, message] of cases) expect(() => criteriaFromTraceQL(q), q).toThrow(expect.objectContaining({ code: 'PTR_ERR_QUERY', message: expect.stringMatching(message) }));
    expect(() => criteriaFromTraceQL(`{ .a = "${'x'.repeat(20_000)}" }`)).toThrow(/at most 16384 are read/);
  });
});

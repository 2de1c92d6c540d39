import { describe, expect, it } from 'vitest';
import { criteriaFromTags, criteriaFromTraceQL, parseLogfmt } from './traceql.js';

describe('Tempo search input', () => {
  it('reads logfmt tags', () => {
    expect(parseLogfmt('service.name=checkout http.route="/a b" x=')).toEqual([['service.name', 'checkout'], ['http.route', '/a b'], ['x', '']]);
    expect(criteriaFromTags('service.name=checkout name=GET status=error http.status_code=500')).toEqual({
      service: 'checkout', spanName: 'GET', status: 'error', attributes: [{ key: 'http.status_code', op: 'contains', value: '500' }],
    });
  });
  it('reads a TraceQL spanset of && conditions', () => {
    expect(criteriaFromTraceQL('{ resource.service.name = "checkout" && name = "POST /pay" && span.http.status_code = 500 && status = error && kind = server && duration > 100ms && duration <= 2s && .db.system =~ ".*sql.*" }')).toEqual({
      service: 'checkout', spanName: 'POST /pay', status: 'error', kind: 'server', minDurationNs: 100_000_001n, maxDurationNs: 2_000_000_000n,
      attributes: [{ key: 'http.status_code', op: 'eq', value: '500' }, { key: 'db.system', op: 'contains', value: 'sql' }],
    });
    expect(criteriaFromTraceQL('{}')).toEqual({ attributes: [] });
  });
  it('refuses the rest with PTR_ERR_QUERY', () => {
    for (const q of ['{ a = 1 || b = 2 }', '{ a = 1 } | count() > 2', 'a = 1', '{ name != "x" }', '{ .a =~ "^x$" }']) {
      expect(() => criteriaFromTraceQL(q), q).toThrow(expect.objectContaining({ code: 'PTR_ERR_QUERY' }));
    }
  });
});

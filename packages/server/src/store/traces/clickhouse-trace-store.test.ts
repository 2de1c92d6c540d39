import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../../model/index.js';
import { decodeTracesJson, spanBatchToJson } from '../../ingest/otlp/index.js';
import { openChdbConnection } from '../clickhouse/chdb-connection.js';
import type { ClickHouseConnection } from '../clickhouse/connection.js';
import { openClickHouseTraceStore } from './clickhouse-trace-store.js';
import { TRACES_BUCKET_SECONDS } from './schema.js';
import type { TraceStore } from './trace-store.js';
import { parseTraceQL } from '../../query/tempo/traceql-parse.js';

// Recent times: rows older than the retention are dropped by the TTL as they are inserted.
const T0 = BigInt(Date.now() - 600_000) * 1_000_000n;
const ns = (ms: number): string => (T0 + BigInt(ms) * 1_000_000n).toString();
const bounds = { timeoutMs: 10_000 };
const range = { startNs: T0 - 1_000_000_000n, endNs: T0 + 60_000_000_000n };

/** Every OTLP span field, every attribute type, events, links, dropped counts, flags. */
export function richTraces(traceId: string, tenantTag = 'a'): unknown {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'checkout' } },
            { key: 'host.cpu', value: { intValue: '8' } },
            { key: 'tenant.tag', value: { stringValue: tenantTag } },
          ],
          droppedAttributesCount: 2,
        },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        scopeSpans: [
          {
            scope: { name: 'lib', version: '1.2.3', attributes: [{ key: 'scope.attr', value: { boolValue: true } }], droppedAttributesCount: 1 },
            schemaUrl: 'https://scope/schema',
            spans: [
              {
                traceId, spanId: '1111111111111111', name: 'POST /checkout', kind: 2, flags: 257, traceState: 'k=v',
                startTimeUnixNano: ns(0), endTimeUnixNano: ns(120),
                attributes: [
                  { key: 's', value: { stringValue: 'hello "world" \n ünï' } },
                  { key: 'b', value: { boolValue: false } },
                  { key: 'i', value: { intValue: '-9223372036854775808' } },
                  { key: 'd', value: { doubleValue: 0.1 } },
                  { key: 'dneg0', value: { doubleValue: -0 } },
                  { key: 'dinf', value: { doubleValue: 'Infinity' } },
                  { key: 'y', value: { bytesValue: 'AAEC/w==' } },
                  { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: '2' }] } } },
                  { key: 'kv', value: { kvlistValue: { values: [{ key: 'n', value: { doubleValue: 1.5 } }] } } },
                  { key: 'empty', value: {} },
                  { key: 'http.status_code', value: { intValue: '500' } },
                ],
                droppedAttributesCount: 3,
                events: [
                  { timeUnixNano: ns(10), name: 'exception', attributes: [{ key: 'exception.type', value: { stringValue: 'Boom' } }, { key: 'n', value: { intValue: '1' } }], droppedAttributesCount: 4 },
                  { timeUnixNano: ns(11), name: 'no-attrs' },
                ],
                droppedEventsCount: 5,
                links: [{ traceId: 'abcdefabcdefabcdefabcdefabcdefab', spanId: 'abcdefabcdefabcd', traceState: 'lk=lv', attributes: [{ key: 'link.d', value: { doubleValue: 2.25 } }], droppedAttributesCount: 6, flags: 1 }],
                droppedLinksCount: 7,
                status: { code: 2, message: 'payment failed' },
              },
              {
                traceId, spanId: '2222222222222222', parentSpanId: '1111111111111111', name: 'SELECT orders', kind: 3,
                startTimeUnixNano: ns(20), endTimeUnixNano: ns(60),
                attributes: [{ key: 'db.system', value: { stringValue: 'postgresql' } }],
                status: { code: 1 },
              },
            ],
          },
        ],
      },
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
        scopeSpans: [{ scope: {}, spans: [{ traceId, spanId: '3333333333333333', parentSpanId: '2222222222222222', name: 'charge', kind: 5, startTimeUnixNano: ns(30), endTimeUnixNano: ns(50), status: {} }] }],
      },
    ],
  };
}

export function decodeTraces(body: unknown, tenant = 'default') {
  const r = decodeTracesJson(body, { tenant, limits: DEFAULT_INGEST_LIMITS });
  expect(r.rejected).toBe(0);
  return r.batch;
}

/** Spans as a flat, sorted list with their resource and scope, for order-free comparison. */
export function flatSpans(doc: { resourceSpans: Record<string, unknown>[] }): unknown[] {
  const out: { key: string; v: unknown }[] = [];
  for (const rs of doc.resourceSpans) {
    for (const ss of (rs.scopeSpans as Record<string, unknown>[]) ?? []) {
      for (const sp of (ss.spans as Record<string, unknown>[]) ?? []) {
        out.push({ key: String(sp.spanId), v: { resource: rs.resource, rschema: rs.schemaUrl, scope: ss.scope, sschema: ss.schemaUrl, span: sp } });
      }
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key)).map((x) => x.v);
}

describe('ClickHouse trace store (chdb)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointer-traces-'));
  let conn: ClickHouseConnection;
  let store: TraceStore;
  const traceA = '0af7651916cd43dd8448eb211c80319c';
  const traceB = 'b'.repeat(32);

  beforeAll(async () => {
    conn = await openChdbConnection(join(dir, 'clickhouse'));
    store = await openClickHouseTraceStore(conn, { retentionSeconds: 7 * 86400, maxDelayMs: 2 });
  });
  afterAll(async () => {
    await store?.stop();
    await conn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back every field of every span exactly', async () => {
    const batch = decodeTraces(richTraces(traceA));
    await store.write(batch);
    const got = await store.getTrace('default', traceA.toUpperCase(), bounds);
    expect(got).toBeDefined();
    expect(flatSpans(got!)).toEqual(flatSpans(spanBatchToJson(batch)));
  });

  it('keeps tenants apart', async () => {
    await store.write(decodeTraces(richTraces(traceB, 'other'), 'other'));
    expect(await store.getTrace('default', traceB, bounds)).toBeUndefined();
    expect(await store.getTrace('other', traceB, bounds)).toBeDefined();
    expect(await store.services('other', range, bounds)).toEqual(['checkout', 'payments']);
  });

  it('commits concurrent writes as groups and resolves each', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => (i + 1).toString(16).padStart(32, 'c'));
    await Promise.all(ids.map((id) => store.write(decodeTraces(richTraces(id), 'group'))));
    const s = await store.search('group', { range, limit: 100 }, bounds);
    expect(s.map((x) => x.traceId).sort()).toEqual([...ids].sort());
  });

  it('searches with summaries: root, duration, counts, errors', async () => {
    const [s] = await store.search('default', { range, service: 'payments', limit: 10 }, bounds);
    expect(s).toMatchObject({
      traceId: traceA, rootServiceName: 'checkout', rootSpanName: 'POST /checkout', startTimeUnixNano: ns(0),
      durationNanos: String(120_000_000), spanCount: 3, errorCount: 1, services: ['checkout', 'payments'],
    });
    expect(s!.matched).toEqual([{ spanId: '3333333333333333', name: 'charge', startTimeUnixNano: ns(30), durationNanos: String(20_000_000), attributes: [] }]);
    const q = (extra: object) => store.search('default', { range, limit: 10, ...extra }, bounds).then((r) => r.map((x) => x.traceId));
    expect(await q({ status: 'error' })).toEqual([traceA]);
    expect(await q({ spanName: 'SELECT orders', status: 'ok' })).toEqual([traceA]);
    expect(await q({ spanName: 'SELECT orders', status: 'error' })).toEqual([]);
    expect(await q({ minDurationNs: 100_000_000n })).toEqual([traceA]);
    expect(await q({ minDurationNs: 121_000_000n })).toEqual([]);
    expect(await q({ maxDurationNs: 19_000_000n })).toEqual([]);
    expect(await q({ attributes: [{ key: 'http.status_code', op: 'eq', value: '500' }] })).toEqual([traceA]);
    expect(await q({ attributes: [{ key: 'http.status_code', op: 'eq', value: '50' }] })).toEqual([]);
    expect(await q({ attributes: [{ key: 's', op: 'contains', value: 'WORLD' }] })).toEqual([traceA]);
    expect(await q({ attributes: [{ key: 'tenant.tag', op: 'eq', value: 'a' }, { key: 'db.system', op: 'eq', value: 'postgresql' }] })).toEqual([traceA]);
    expect(await store.search('default', { range: { startNs: 0n, endNs: T0 - 1n }, limit: 10 }, bounds)).toEqual([]);
  });

  it('searches with TraceQL filters: operators, scopes, nil, regexes, trace-level fields, spanset && and ||, aggregates, select', async () => {
    const q = async (traceql: string) => (await store.search('default', { range, limit: 10, filter: parseTraceQL(traceql) }, bounds)).map((x) => x.traceId);
    const hits: [string, boolean][] = [
      ['{ span.http.status_code >= 500 }', true],
      ['{ span.http.status_code > 500 }', false],
      ['{ span.http.status_code = 500 && status = error && kind = server }', true],
      ['{ span.http.status_code = 500 && status != error }', false],
      ['{ resource.service.name = "payments" || name = "nope" }', true],
      ['{ name =~ "POST.*" }', true],
      ['{ name =~ "POST" }', false],
      ['{ resource.service.name =~ "pay|nothing" }', false],
      ['{ resource.service.name =~ "payments|nothing" }', true],
      ['{ name !~ "POST.*" && resource.service.name = "checkout" && kind = client }', true],
      ['{ span.db.system = "postgresql" } && { status = error }', true],
      ['{ span.db.system = "postgresql" } && { span.nope = "x" }', false],
      ['{ span.db.system = "postgresql" } || { span.nope = "x" }', true],
      ['{ } | count() = 3', true],
      ['{ } | count() > 3', false],
      ['{ } | avg(duration) > 59ms', true],
      ['{ } | avg(duration) > 61ms', false],
      ['{ } | max(span.http.status_code) = 500', true],
      ['{ rootServiceName = "checkout" && resource.service.name = "payments" }', true],
      ['{ trace:rootName = "charge" }', false],
      ['{ traceDuration > 100ms && name = "charge" }', true],
      ['{ trace:duration > 121ms }', false],
      // trace-level fields under a negation (candidates relax them the other way)
      ['{ !(rootServiceName = "checkout") && name = "charge" }', false],
      ['{ !(rootServiceName = "nope") && name = "charge" }', true],
      ['{ !(traceDuration > 100ms) }', false],
      ['{ span.b = false }', true],
      ['{ span.b = true }', false],
      ['{ span.d < 0.2 && span.d > 0.05 }', true],
      ['{ span.nope = nil && name = "charge" }', true],
      ['{ span.db.system != nil && name = "charge" }', false],
      ['{ .service.name = "payments" && .tenant.tag != "b" }', false],
      ['{ .service.name = "checkout" && .tenant.tag != "b" }', true],
      ['{ !(resource.service.name = "checkout") && kind = consumer }', true],
      ['{ duration >= 120ms && duration <= 120ms }', true],
      ['{ span:id = "2222222222222222" }', true],
      ['{ nestedSetParent < 0 && name = "POST /checkout" }', true],
      ['{ nestedSetParent < 0 && name = "charge" }', false],
      ['{ nestedSetParent >= 0 && name = "charge" }', true],
      ['{ span.s =~ ".*WORLD.*" }', false],
      ['{ span.s =~ "(?i).*world.*" }', true],
    ];
    for (const [traceql, hit] of hits) expect(await q(traceql), traceql).toEqual(hit ? [traceA] : []);

    const [sel] = await store.search('default', { range, limit: 10, filter: parseTraceQL('{ span.db.system = "postgresql" } | select(resource.service.name, span.nope, duration)') }, bounds);
    expect(sel!.matched).toEqual([{
      spanId: '2222222222222222', name: 'SELECT orders', startTimeUnixNano: ns(20), durationNanos: String(40_000_000),
      attributes: [
        { key: 'db.system', value: { stringValue: 'postgresql' } },
        { key: 'service.name', value: { stringValue: 'checkout' } },
        { key: 'duration', value: { intValue: String(40_000_000) } },
      ],
    }]);
    const [typed] = await store.search('default', { range, limit: 10, filter: parseTraceQL('{ span.http.status_code = 500 && span.d > 0 }') }, bounds);
    expect(typed!.matched[0]!.attributes).toEqual([{ key: 'http.status_code', value: { intValue: '500' } }, { key: 'd', value: { doubleValue: 0.1 } }]);
  });

  it('reads a trace that crosses a time bucket, and ranks search results by the newest matching span across windows', async () => {
    // a bucket boundary of the sort key (schema.ts), well inside the retention
    const bucketNs = BigInt(TRACES_BUCKET_SECONDS) * 1_000_000_000n;
    const B = ((BigInt(Date.now() - 300_000) * 1_000_000n) / bucketNs) * bucketNs;
    const at = (ms: number): string => (B + BigInt(Math.round(ms * 1e6))).toString();
    const span = (traceId: string, spanId: string, startMs: number) => ({ traceId, spanId, name: 'op', kind: 1, startTimeUnixNano: at(startMs), endTimeUnixNano: at(startMs + 5), status: {} });
    const doc = (spans: unknown[]) => ({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bucketed' } }] }, scopeSpans: [{ scope: {}, spans }] }] });
    const id = (i: number): string => (0xb0 + i).toString(16).padStart(32, 'e');
    // trace 0 straddles the boundary; traces 1..12 one span each, every 7 s over five windows;
    // trace 13 starts 100 s before B but has the newest span of all
    const spans = [span(id(0), '0000000000000001', -100), span(id(0), '0000000000000002', 100)];
    for (let i = 1; i <= 12; i++) spans.push(span(id(i), i.toString(16).padStart(16, '0'), i * 7_000));
    spans.push(span(id(13), '00000000000000d1', -100_000), span(id(13), '00000000000000d2', 90_000));
    await store.write(decodeTraces(doc(spans), 'buckets'));

    const t0 = await store.getTrace('buckets', id(0), bounds);
    expect(flatSpans(t0!).map((s) => (s as { span: { spanId: string } }).span.spanId)).toEqual(['0000000000000001', '0000000000000002']);
    const all = { startNs: B - 200_000_000_000n, endNs: B + 200_000_000_000n };
    const search = async (limit: number) => (await store.search('buckets', { range: all, limit }, bounds)).map((x) => x.traceId);
    // chosen by their newest matching span, listed by start (newest first, as Tempo lists them)
    expect(await search(3)).toEqual([id(12), id(11), id(13)]);
    expect(await search(100)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 13].map(id));
    const t13 = (await store.search('buckets', { range: all, limit: 1 }, bounds))[0]!;
    expect([t13.spanCount, t13.startTimeUnixNano]).toEqual([2, at(-100_000)]);
    // filters that need several spans of a trace are judged over the whole trace, across windows
    const tql = async (traceql: string, limit = 100) => (await store.search('buckets', { range: all, limit, filter: parseTraceQL(traceql) }, bounds)).map((x) => x.traceId);
    expect(await tql('{ span:id = "00000000000000d1" } && { span:id = "00000000000000d2" }')).toEqual([id(13)]);
    expect(await tql('{ span:id = "00000000000000d1" } && { span:id = "0000000000000001" }')).toEqual([]);
    expect(await tql('{ } | count() = 2')).toEqual([id(0), id(13)]);
    expect(await tql('{ } | count() = 1', 3)).toEqual([id(12), id(11), id(10)]);
  });

  it('lists services, operations, attribute keys and typed values', async () => {
    expect(await store.services('default', range, bounds)).toEqual(['checkout', 'payments']);
    expect(await store.operations('default', 'checkout', range, bounds)).toEqual([
      { name: 'POST /checkout', kind: 'Server', count: 1 },
      { name: 'SELECT orders', kind: 'Client', count: 1 },
    ]);
    const keys = await store.attributeKeys('default', 'all', range, bounds);
    expect(keys.span).toContain('http.status_code');
    expect(keys.resource).toEqual(['host.cpu', 'service.name', 'tenant.tag']);
    expect(await store.attributeValues('default', 'http.status_code', 'span', range, bounds, 10)).toEqual([{ value: '500', type: 'int', count: 1 }]);
    expect(await store.attributeValues('default', 'service.name', 'resource', range, bounds, 10)).toEqual([
      { value: 'checkout', type: 'string', count: 2 },
      { value: 'payments', type: 'string', count: 1 },
    ]);
    // narrowed by a TraceQL query (Grafana's builder), trace-level fields relaxed
    expect(await store.attributeValues('default', 'service.name', 'resource', range, bounds, 10, parseTraceQL('{ span.db.system = "postgresql" }'))).toEqual([{ value: 'checkout', type: 'string', count: 1 }]);
    expect(await store.attributeValues('default', 'name', 'all', range, bounds, 10, parseTraceQL('{ resource.service.name = "payments" && rootServiceName = "checkout" }'))).toEqual([{ value: 'charge', type: 'string', count: 1 }]);
    expect(await store.attributeValues('default', 'http.status_code', 'span', range, bounds, 10, parseTraceQL('{ status = ok }'))).toEqual([]);
  });

  it('times out with PTR_ERR_QUERY_TIMEOUT', async () => {
    const err = await store.search('default', { range, limit: 10 }, { timeoutMs: 0.001 }).catch((e: unknown) => e);
    // A tiny store can answer within 1 µs of engine time; either outcome is coded, never a crash.
    if (err instanceof Error) expect((err as { code?: string }).code).toBe('PTR_ERR_QUERY_TIMEOUT');
  });
});

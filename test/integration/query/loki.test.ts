/**
 * The Loki-compatible API as Loki clients and Grafana use it: push (JSON, gzip JSON,
 * protobuf+snappy) answered 204 once durable, query_range / query with stream selectors, line
 * filters, log pipelines (parsers, label filters, formatting, unwrap), count_over_time, rate
 * and aggregations, labels and label values with OTLP resource
 * attributes mapped as Loki 3 does, and Grafana's health check `vector(1)+vector(1)`.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtoWriter, snappyEncode } from '@pointer/server';
import { ADMIN, startQueryServer, type QueryHarness } from './harness.js';

let h: QueryHarness;
const nowNs = BigInt(Date.now()) * 1_000_000n;
const ts = (msAgo: number) => String(nowNs - BigInt(msAgo) * 1_000_000n);
const auth = { authorization: `Bearer ${ADMIN}` };

function pushRequest(labels: string, entries: [bigint, string, [string, string][]][]): Uint8Array {
  const w = new ProtoWriter();
  const s = w.beginLen(1);
  w.stringField(1, labels);
  for (const [t, line, meta] of entries) {
    const e = w.beginLen(2);
    const tsm = w.beginLen(1);
    w.int64Field(1, t / 1_000_000_000n);
    w.uint32Field(2, Number(t % 1_000_000_000n));
    w.endLen(tsm);
    w.stringField(2, line);
    for (const [k, v] of meta) {
      const m = w.beginLen(3);
      w.stringField(1, k);
      w.stringField(2, v);
      w.endLen(m);
    }
    w.endLen(e);
  }
  w.endLen(s);
  return w.finish();
}

/** Lines for the pipeline test: JSON, logfmt with structured metadata, and plain text. */
const web = {
  streams: [{
    stream: { job: 'web' },
    values: [
      [ts(4000), '{"level":"error","status":500,"took":"1.5s","req":{"path":"/pay"}}'],
      [ts(3500), '{"level":"info","status":200,"took":"20ms","req":{"path":"/cart"}}'],
      [ts(3000), 'level=warn status=404 took=300ms msg="not found"', { trace_id: 't-404' }],
      [ts(2500), 'not structured at all'],
    ],
  }],
};

const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) => fetch(h.gateway + path, { method: 'POST', headers: { ...auth, ...headers }, body: body as BodyInit });
const q = (path: string, params: Record<string, string>) => h.json(`${path}?${new URLSearchParams(params)}`);

beforeAll(async () => {
  h = await startQueryServer();
  const json = {
    streams: [
      { stream: { job: 'api', env: 'prod' }, values: [[ts(5000), 'GET /orders 200'], [ts(4000), 'GET /orders 500 error', { trace_id: 'abc' }], [ts(3000), 'POST /pay error timeout']] },
      { stream: { job: 'api', env: 'dev' }, values: [[ts(2000), 'dev error line']] },
    ],
  };
  expect((await post('/loki/api/v1/push', JSON.stringify(json), { 'content-type': 'application/json' })).status).toBe(204);
  const gz = { streams: [{ stream: { job: 'worker' }, values: [[ts(1500), 'gzip line']] }] };
  expect((await post('/loki/api/v1/push', gzipSync(JSON.stringify(gz)), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(204);
  const pb = snappyEncode(pushRequest('{job="batch", app="etl"}', [[nowNs - 1_000_000_000n, 'protobuf line one', [['user', 'u1']]], [nowNs - 900_000_000n, 'protobuf line two error', []]]));
  expect((await post('/loki/api/v1/push', pb, { 'content-type': 'application/x-protobuf' })).status).toBe(204);
  expect((await post('/loki/api/v1/push', JSON.stringify(web), { 'content-type': 'application/json' })).status).toBe(204);
  const otlp = {
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'k8s.pod.name', value: { stringValue: 'checkout-7f9' } }, { key: 'host.name', value: { stringValue: 'node-1' } }] },
      scopeLogs: [{ scope: {}, logRecords: [{ timeUnixNano: ts(2500), severityNumber: 17, body: { stringValue: 'otlp error payment declined' } }] }],
    }],
  };
  expect((await fetch(`${h.http}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(otlp) })).status).toBe(200);
});
afterAll(async () => {
  await h?.stop();
});

describe('Loki API', () => {
  it('pushes are queryable with stream labels and ns timestamps as strings', async () => {
    const r = await q('/loki/api/v1/query_range', { query: '{job="api"} |= "error"', limit: '100' });
    expect(r.status).toBe('success');
    expect(r.data.resultType).toBe('streams');
    const streams = r.data.result as { stream: Record<string, string>; values: [string, string][] }[];
    const prod = streams.find((s) => s.stream.env === 'prod')!;
    expect(prod.stream).toEqual({ env: 'prod', job: 'api', service_name: 'api' });
    expect(prod.values).toEqual([[ts(3000), 'POST /pay error timeout'], [ts(4000), 'GET /orders 500 error']]);
    expect(streams.find((s) => s.stream.env === 'dev')!.values).toEqual([[ts(2000), 'dev error line']]);
  });

  it('applies every line filter and label matcher', async () => {
    const lines = async (query: string) =>
      ((await q('/loki/api/v1/query_range', { query })).data.result as { values: [string, string][] }[]).flatMap((s) => s.values.map((v) => v[1])).sort();
    expect(await lines('{job="api", env!="dev"} != "error"')).toEqual(['GET /orders 200']);
    expect(await lines('{job=~"api|worker"} |~ "^(gzip|dev)"')).toEqual(['dev error line', 'gzip line']);
    expect(await lines('{job="api"} !~ "GET.*"')).toEqual(['POST /pay error timeout', 'dev error line']);
    expect(await lines('{job="batch"}')).toEqual(['protobuf line one', 'protobuf line two error']);
    expect(await lines('{service_name="checkout", k8s_pod_name="checkout-7f9"}')).toEqual(['otlp error payment declined']);
    expect(await lines('{service_name="etl"}')).toEqual(['protobuf line one', 'protobuf line two error']);
    const bad = await h.get(`/loki/api/v1/query_range?${new URLSearchParams({ query: '{job=~".*"}' })}`);
    expect(bad.status).toBe(400);
    const parse = await h.get(`/loki/api/v1/query_range?${new URLSearchParams({ query: '{job="api"} | unpack' })}`);
    expect(parse.status).toBe(400);
    expect((await parse.json()).error).toMatchObject({ code: 'PTR_ERR_QUERY', message: expect.stringContaining('the unpack stage is not supported') });
  });

  it('runs log pipelines: parsers, label filters on parsed labels and structured metadata, formatting, unwrap, topk', async () => {
    type Stream = { stream: Record<string, string>; values: [string, string][] };
    const streams = async (query: string) => (await q('/loki/api/v1/query_range', { query })).data.result as Stream[];
    const lines = async (query: string) => (await streams(query)).flatMap((s) => s.values.map((v) => v[1])).sort();
    const parsed = await streams('{job="web"} | json | status >= 500');
    expect(parsed).toEqual([{ stream: { job: 'web', level: 'error', req_path: '/pay', service_name: 'web', status: '500', took: '1.5s' }, values: [[ts(4000), web.streams[0]!.values[0]![1]]] }]);
    expect(await lines('{job="web"} | json | __error__="" | line_format "{{.level | ToUpper}} {{.req_path}}"')).toEqual(['ERROR /pay', 'INFO /cart']);
    expect(await lines('{job="web"} | json | took > 1s or status == 200 | line_format "{{.req_path}}"')).toEqual(['/cart', '/pay']);
    expect(await lines('{job="web"} | logfmt | __error__="" | status = 404 | line_format "{{.msg}} {{.trace_id}}"')).toEqual(['not found t-404']);
    expect(await lines('{job="web"} | trace_id="t-404"')).toEqual(['level=warn status=404 took=300ms msg="not found"']);
    // RE2 flag groups in the filters that run here (after a parser), as LogQL users write them
    expect(await lines('{job="web"} | json | __error__="" |~ "(?i)PAY" | line_format "{{.level}}"')).toEqual(['error']);
    expect(await lines('{job="web"} | json |~ "(?i)PAY" | line_format "{{.level}}"')).toEqual(['error']);
    expect(await lines('{job="web"} | json | level=~"(?i)ERR.*" | line_format "{{.req_path}}"')).toEqual(['/pay']);
    expect(await lines('{service_name="checkout"} | detected_level="error" | severity_number >= 17')).toEqual(['otlp error payment declined']);
    expect(await lines('{job="web"} |= "status" or "structured" | pattern "level=<lvl> <_>" | lvl="warn"')).toEqual(['level=warn status=404 took=300ms msg="not found"']);
    const end = String(nowNs);
    const vec = async (query: string) => ((await q('/loki/api/v1/query', { query, time: end })).data.result as { metric: Record<string, string>; value: [number, string] }[])
      .map((r) => [r.metric, r.value[1]]);
    expect(await vec('sum by (level) (count_over_time({job="web"} | json | drop __error__ [10s]))')).toEqual(expect.arrayContaining([[{ level: 'error' }, '1'], [{ level: 'info' }, '1'], [{}, '2']]));
    expect(await vec('avg_over_time({job="web"} | json | __error__="" | unwrap duration(took) [10s]) by (level)')).toEqual(expect.arrayContaining([[{ level: 'error' }, '1.5'], [{ level: 'info' }, '0.02']]));
    expect(await vec('topk(1, sum by (req_path) (sum_over_time({job="web"} | json | __error__="" | unwrap status [10s])))')).toEqual([[{ req_path: '/pay' }, '500']]);
    expect(await vec('sum(bytes_over_time({job="web"} |= "not structured" [10s]))')).toEqual([[{}, '21']]);
    const unwrapped = (fn: string, arg = '') => vec(`${fn}(${arg}{job="web"} | json | __error__="" | unwrap status [10s]) by (job)`);
    expect(await unwrapped('max_over_time')).toEqual([[{ job: 'web' }, '500']]);
    expect(await unwrapped('min_over_time')).toEqual([[{ job: 'web' }, '200']]);
    expect(await unwrapped('quantile_over_time', '0.5, ')).toEqual([[{ job: 'web' }, '350']]);
    expect(await vec('sum_over_time(({job="web"} |= "status") | json | __error__="" | unwrap status [10s]) by (job)')).toEqual([[{ job: 'web' }, '700']]);
    expect(await unwrapped('stddev_over_time')).toEqual([[{ job: 'web' }, '150']]);
    expect(await unwrapped('first_over_time')).toEqual([[{ job: 'web' }, '500']]);
    expect(await unwrapped('last_over_time')).toEqual([[{ job: 'web' }, '200']]);
    expect(await vec('sum(rate({job="web"} | json | __error__="" | unwrap status [10s]))')).toEqual([[{}, '70']]);
    expect(await vec('absent_over_time({job="nothing-here"}[10s])')).toEqual([[{ job: 'nothing-here' }, '1']]);
    // Grafana's log volume groups by level from the records' severity (structured metadata)
    expect(await vec('sum by (level, detected_level) (count_over_time({service_name="checkout"} | drop __error__ [10s]))')).toEqual([[{ detected_level: 'error' }, '1']]);
    expect(await vec('sum by (detected_level) (count_over_time({service_name="checkout"}[10s]))')).toEqual([[{ detected_level: 'error' }, '1']]);
    // a range query: each step counts its own window (t - 2s, t]; entries at -4, -3.5, -3, -2.5 s;
    // steps without entries have no point
    const steps = await q('/loki/api/v1/query_range', { query: 'sum(count_over_time({job="web"} | json | drop __error__ [2s]))', start: String(nowNs - 5_000_000_000n), end: end, step: '1s' });
    const sec = (back: number) => Number((nowNs - BigInt(back) * 1_000_000_000n) / 1_000_000n) / 1000;
    expect(steps.data.result[0].values).toEqual([[sec(4), '1'], [sec(3), '3'], [sec(2), '3'], [sec(1), '1']]);
    const err = await h.get(`/loki/api/v1/query?${new URLSearchParams({ query: 'sum(count_over_time({job="web"} | json [10s]))', time: end })}`);
    expect(err.status).toBe(400);
    expect((await err.json()).error.message).toMatch(/pipeline error: 'JSONParserErr'/);
  });

  it('evaluates count_over_time, rate and aggregations', async () => {
    const end = String(nowNs);
    const start = String(nowNs - 10_000_000_000n);
    const m = await q('/loki/api/v1/query_range', { query: 'sum by (env) (count_over_time({job="api"}[10s]))', start, end, step: '10s' });
    expect(m.data.resultType).toBe('matrix');
    const byEnv = Object.fromEntries((m.data.result as { metric: { env: string }; values: [number, string][] }[]).map((s) => [s.metric.env, s.values]));
    expect(byEnv.prod).toEqual([[Number(nowNs / 1_000_000n) / 1000, '3']]);
    expect(byEnv.dev).toEqual([[Number(nowNs / 1_000_000n) / 1000, '1']]);
    const inst = await q('/loki/api/v1/query', { query: 'sum(rate({job="api"}[10s]))', time: end });
    expect(inst.data.resultType).toBe('vector');
    expect(inst.data.result).toEqual([{ metric: {}, value: [Number(nowNs / 1_000_000n) / 1000, '0.4'] }]);
    const cnt = await q('/loki/api/v1/query', { query: 'count_over_time({job="api"} |= "error" [10s])', time: end });
    expect(cnt.data.result.map((r: { metric: Record<string, string>; value: [number, string] }) => [r.metric.env, r.value[1]]).sort()).toEqual([['dev', '1'], ['prod', '2']]);
  });

  it('answers Grafana health check vector(1)+vector(1) with 2', async () => {
    const inst = await q('/loki/api/v1/query', { query: 'vector(1)+vector(1)', time: '4' });
    expect(inst).toEqual({ status: 'success', data: expect.objectContaining({ resultType: 'vector', result: [{ metric: {}, value: [4, '2'] }] }) });
    const range = await q('/loki/api/v1/query_range', { query: 'vector(1)+vector(1)', start: '1', end: '4', step: '1' });
    expect(range.data.result).toEqual([{ metric: {}, values: [[1, '2'], [2, '2'], [3, '2'], [4, '2']] }]);
  });

  it('answers index stats, index volume and buildinfo as Grafana calls them', async () => {
    const stats = await h.json(`/loki/api/v1/index/stats?${new URLSearchParams({ query: '{job="api"}' })}`);
    const apiLines = ['GET /orders 200', 'GET /orders 500 error', 'POST /pay error timeout', 'dev error line'];
    expect(stats).toEqual({ streams: 2, chunks: 0, entries: 4, bytes: apiLines.reduce((n, l) => n + l.length, 0) });
    const byEnv = await q('/loki/api/v1/index/volume', { query: 'sum(count_over_time({job="api"}[1m]))', targetLabels: 'env' });
    expect(byEnv.data.resultType).toBe('vector');
    expect(byEnv.data.result.map((r: { metric: Record<string, string>; value: [number, string] }) => [r.metric, r.value[1]])).toEqual([
      [{ env: 'prod' }, String(apiLines.slice(0, 3).reduce((n, l) => n + l.length, 0))],
      [{ env: 'dev' }, String(apiLines[3]!.length)],
    ]);
    const bySelector = await q('/loki/api/v1/index/volume', { query: '{job=~"api|web"}' });
    expect(bySelector.data.result.map((r: { metric: Record<string, string> }) => r.metric).sort((a: { job: string }, b: { job: string }) => a.job.localeCompare(b.job))).toEqual([{ job: 'api' }, { job: 'web' }]);
    expect(await q('/loki/api/v1/status/buildinfo', {})).toMatchObject({ version: expect.any(String) });
  });

  it('lists labels and label values, Loki 3 style', async () => {
    const labels = await q('/loki/api/v1/labels', {});
    expect(labels.data).toEqual(expect.arrayContaining(['app', 'env', 'job', 'k8s_pod_name', 'service_name']));
    expect(labels.data).not.toContain('host_name');
    expect((await q('/loki/api/v1/label/job/values', {})).data).toEqual(['api', 'batch', 'web', 'worker']);
    expect((await q('/loki/api/v1/label/service_name/values', {})).data).toEqual(['api', 'checkout', 'etl', 'web', 'worker']);
    const series = await q('/loki/api/v1/series', { 'match[]': '{job="api"}' });
    expect(series.data.sort((a: { env: string }, b: { env: string }) => a.env.localeCompare(b.env))).toEqual([
      { env: 'dev', job: 'api', service_name: 'api' },
      { env: 'prod', job: 'api', service_name: 'api' },
    ]);
  });

  it('rejects bad pushes precisely and stores nothing of them', async () => {
    const bad = await post('/loki/api/v1/push', JSON.stringify({ streams: [{ stream: { job: 'bad' }, values: [[12345, 'numeric ts']] }] }), { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/streams\[0\]\.values\[0\]\[0\]: expected the timestamp as a string/);
    const garbage = await post('/loki/api/v1/push', Uint8Array.of(1, 2, 3, 4), { 'content-type': 'application/x-protobuf' });
    expect(garbage.status).toBe(400);
    expect((await q('/loki/api/v1/query_range', { query: '{job="bad"}' })).data.result).toEqual([]);
    const other = await h.json(`/loki/api/v1/query_range?${new URLSearchParams({ query: '{job="api"}' })}`, { 'x-pointer-tenant': 'another' });
    expect(other.data.result).toEqual([]);
  });
});

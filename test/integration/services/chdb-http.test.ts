/**
 * The chDB HTTP test server (tools/chdb-http) at the HTTP level: the parts of ClickHouse's HTTP
 * interface that clients rely on, checked byte for byte (query split between URL and body,
 * headers, binary data, the error reply).
 */
import { describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';

function url(params: Record<string, string>): string {
  return `${serviceEnv('POINTER_TEST_CLICKHOUSE_URL')}/?${new URLSearchParams(params).toString()}`;
}

describe('chDB HTTP server (POINTER_TEST_CLICKHOUSE_URL)', () => {
  it('answers GET / and /ping with "Ok."', async () => {
    const base = serviceEnv('POINTER_TEST_CLICKHOUSE_URL');
    expect(await (await fetch(`${base}/`)).text()).toBe('Ok.\n');
    expect(await (await fetch(`${base}/ping`)).text()).toBe('Ok.\n');
  });

  it('joins the query parameter and the body, and reports id, format and summary in headers', async () => {
    const res = await fetch(
      url({ query: 'SELECT number, {word:String} AS w', query_id: 'svc-q-1', default_format: 'JSONCompactEachRow', param_word: 'hi' }),
      {
        method: 'POST',
        body: 'FROM system.numbers LIMIT 3',
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-clickhouse-query-id')).toBe('svc-q-1');
    expect(res.headers.get('x-clickhouse-format')).toBe('JSONCompactEachRow');
    const summary = JSON.parse(res.headers.get('x-clickhouse-summary') ?? '') as Record<string, string>;
    expect(summary['read_rows']).toBe('3');
    expect(await res.text()).toBe('[0, "hi"]\n[1, "hi"]\n[2, "hi"]\n');
  });

  it('inserts binary data from the body byte for byte', async () => {
    const table = uniqueName('svc_raw');
    const run = async (sql: string, body?: Buffer): Promise<Response> =>
      fetch(body ? url({ query: sql }) : url({}), { method: 'POST', body: body ? Uint8Array.from(body) : sql });
    expect((await run(`CREATE TABLE ${table} (s String) ENGINE = MergeTree ORDER BY s`)).status).toBe(200);
    try {
      const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x0d, 0x80]);
      const rowBinary = Buffer.concat([Buffer.from([bytes.length]), bytes]);
      expect((await run(`INSERT INTO ${table} FORMAT RowBinary`, rowBinary)).status).toBe(200);
      const back = await run(`SELECT hex(s) FROM ${table}`);
      expect(await back.text()).toBe('00FFFE0A0D80\n');
    } finally {
      await run(`DROP TABLE IF EXISTS ${table}`);
    }
  });

  it('replies to a bad query with the status, exception code header and body ClickHouse sends', async () => {
    const res = await fetch(url({ query_id: 'svc-q-err' }), { method: 'POST', body: 'SELECT * FROM svc_missing_table' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-clickhouse-exception-code')).toBe('60');
    expect(res.headers.get('x-clickhouse-query-id')).toBe('svc-q-err');
    expect(await res.text()).toMatch(/^Code: 60\. DB::Exception: .*svc_missing_table.*\(UNKNOWN_TABLE\)\n$/s);
  });
});

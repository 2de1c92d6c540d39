/** How tools/chdb-http reads a ClickHouse HTTP request (pure parsing, no server needed). */
import { describe, expect, it } from 'vitest';
import { effectiveFormat, parseClickHouseRequest } from '../../../tools/chdb-http/request.js';

const parse = (query: string, body = ''): ReturnType<typeof parseClickHouseRequest> =>
  parseClickHouseRequest(new URL(`http://x/?${query}`), Buffer.from(body, 'latin1'));

describe('chdb-http request parsing', () => {
  it('joins the query parameter and the body with a newline', () => {
    const r = parse('query=SELECT%201', 'UNION ALL SELECT 2');
    expect(r.sql).toBe('SELECT 1\nUNION ALL SELECT 2');
    expect(r.insert).toBeUndefined();
  });

  it('separates params, settings and the HTTP-only parameters', () => {
    const r = parse(
      'query_id=q1&database=db&default_format=JSON&param_x=1&max_threads=2&session_id=s&user=u&password=p',
      'SELECT {x:UInt8}',
    );
    expect(r.queryId).toBe('q1');
    expect(r.database).toBe('db');
    expect(r.defaultFormat).toBe('JSON');
    expect(r.params).toEqual({ x: '1' });
    expect(r.settings).toEqual([['max_threads', '2']]);
  });

  it('finds the data of INSERT ... FORMAT, keeping column lists and binary bytes', () => {
    const r = parse(`query=${encodeURIComponent('INSERT INTO db.t (a, b) FORMAT RowBinary')}`, '\x00\xff\n\x80');
    expect(r.insert?.head).toBe('INSERT INTO db.t (a, b)');
    expect(r.insert?.format).toBe('RowBinary');
    expect([...r.insert!.data]).toEqual([0x00, 0xff, 0x0a, 0x80]);
  });

  it('finds the data when the whole insert is in the body, after one line break', () => {
    const r = parse('', 'INSERT INTO t FORMAT JSONEachRow\r\n{"a":1}\n');
    expect(r.insert?.head).toBe('INSERT INTO t');
    expect(r.insert?.data.toString()).toBe('{"a":1}\n');
  });

  it('leaves INSERT ... VALUES and SELECT to the engine as SQL', () => {
    expect(parse('', 'INSERT INTO t VALUES (1)').insert).toBeUndefined();
    expect(parse('', 'SELECT 1').insert).toBeUndefined();
  });

  it('takes the response format from a trailing FORMAT clause, then default_format', () => {
    expect(effectiveFormat('SELECT 1 FORMAT JSONEachRow', 'CSV')).toBe('JSONEachRow');
    expect(effectiveFormat('SELECT 1', 'CSV')).toBe('CSV');
    expect(effectiveFormat('SELECT 1', undefined)).toBe('TabSeparated');
  });
});

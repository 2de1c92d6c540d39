import { describe, expect, it } from 'vitest';
import { extractJson, extractLogfmt, extractPattern, parseJsonPath, parsePattern } from './parsers.js';

describe('LogQL parsers', () => {
  it('json: every scalar, nested keys joined with _, arrays skipped, names sanitized', () => {
    expect(extractJson('{"level":"error","status":500,"ok":false,"req":{"path":"/a","http.method":"GET"},"tags":["x"],"n":null}')).toEqual([
      ['level', 'error'], ['status', '500'], ['ok', 'false'], ['req_path', '/a'], ['req_http_method', 'GET'],
    ]);
    expect(extractJson('not json')).toBeUndefined();
    expect(extractJson('[1,2]')).toBeUndefined();
  });

  it('json with parameters: paths with fields and indexes; objects come back as JSON text', () => {
    expect(parseJsonPath('a.b[0].c')).toEqual(['a', 'b', 0, 'c']);
    expect(parseJsonPath('["a b"].c')).toEqual(['a b', 'c']);
    expect(parseJsonPath('a..b')).toBeUndefined();
    expect(extractJson('{"a":{"b":[{"c":7}]},"o":{"x":1}}', [{ label: 'c', path: ['a', 'b', 0, 'c'] }, { label: 'o', path: ['o'] }, { label: 'm', path: ['missing'] }])).toEqual([['c', '7'], ['o', '{"x":1}']]);
  });

  it('logfmt: bare and quoted values with escapes, bare keys, malformed lines', () => {
    expect(extractLogfmt('level=warn msg="not \\"found\\"" took=3ms flag http.code=404')).toEqual([
      ['level', 'warn'], ['msg', 'not "found"'], ['took', '3ms'], ['flag', ''], ['http_code', '404'],
    ]);
    expect(extractLogfmt('a="unterminated')).toBeUndefined();
    expect(extractLogfmt('{"json":1}')).toBeUndefined();
  });

  it('pattern: captures between literals, <_> skipped, a line that does not fit gives nothing', () => {
    const p = parsePattern('<ip> - - [<_>] "<method> <uri> <_>" <status>')!;
    expect(extractPattern(p, '10.0.0.1 - - [27/Nov/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 200')).toEqual([
      ['ip', '10.0.0.1'], ['method', 'GET'], ['uri', '/index.html'], ['status', '200'],
    ]);
    expect(extractPattern(p, 'something else')).toBeUndefined();
    expect(parsePattern('<a><b>')).toBeUndefined();
    expect(parsePattern('no captures')).toBeUndefined();
  });
});

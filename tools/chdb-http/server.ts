/**
 * A test server speaking ClickHouse's HTTP interface in front of chDB (the ClickHouse engine as
 * a library, npm `chdb`), so @clickhouse/client and Pointer's ClickHouse store talk to a real
 * ClickHouse engine in tests where no ClickHouse server can be installed. Started by
 * scripts/services.sh:
 *
 *   node --import tsx tools/chdb-http/server.ts --port 28123 --data-dir .cache/... --spool-dir ...
 *
 * Covered: GET / and /ping; GET or POST with the SQL in `query` and/or the body; `param_*`
 * bindings; `database`, `default_format`, `query_id` and settings as URL parameters; INSERT ...
 * FORMAT with data in the body (text and binary formats); gzip/deflate/br request bodies;
 * X-ClickHouse-Query-Id, -Format, -Summary, -Timezone headers; errors with the server's status,
 * X-ClickHouse-Exception-Code and a `Code: N. DB::Exception: ... (NAME)` body. Not covered:
 * users and auth (any credentials are accepted), sessions, response compression, progress
 * headers, native (`decompress=1`) compression.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ChdbExecutor } from './executor.js';
import type { QueryOutcome } from './executor.js';
import { errorReply, SHIM_ERRORS, shimError } from './errors.js';
import type { ClickHouseErrorReply } from './errors.js';
import { parseClickHouseRequest } from './request.js';

const { values: args } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8123' },
    'data-dir': { type: 'string' },
    'spool-dir': { type: 'string' },
    'max-body-bytes': { type: 'string', default: String(512 * 1024 * 1024) },
  },
});
if (!args['data-dir'] || !args['spool-dir']) {
  process.stderr.write('usage: server.ts --data-dir DIR --spool-dir DIR [--host H] [--port P] [--max-body-bytes N]\n');
  process.exit(2);
}
const maxBodyBytes = Number(args['max-body-bytes']);
const executor = new ChdbExecutor(resolve(args['data-dir']), resolve(args['spool-dir']));
const timezone = (await executor.run(parseClickHouseRequest(new URL('http://x/?query=SELECT%20timezone()'), Buffer.alloc(0)))).body;
const serverTimezone = Buffer.from(timezone).toString('utf8').trim();

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? '').toLowerCase();
  let stream: Readable = req;
  if (encoding === 'gzip') stream = req.pipe(createGunzip());
  else if (encoding === 'deflate') stream = req.pipe(createInflate());
  else if (encoding === 'br') stream = req.pipe(createBrotliDecompress());
  else if (encoding !== '' && encoding !== 'identity') throw new Error(`Unsupported Content-Encoding: ${encoding}`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBodyBytes) throw new BodyTooLarge(`request body is over ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function contentType(format: string): string {
  if (/^JSONEachRow|^JSONStringsEachRow|^JSONCompact.*EachRow/i.test(format)) return 'application/x-ndjson; charset=UTF-8';
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^CSV/i.test(format)) return 'text/csv; charset=UTF-8';
  if (/^(RowBinary|Native|Parquet|Arrow|ORC|Avro|MsgPack|Protobuf|CapnProto|BSON)/i.test(format)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}

function sendOutcome(res: ServerResponse, queryId: string, outcome: QueryOutcome): void {
  const summary = {
    read_rows: String(outcome.readRows),
    read_bytes: String(outcome.readBytes),
    written_rows: '0',
    written_bytes: '0',
    total_rows_to_read: String(outcome.readRows),
    result_rows: '0',
    result_bytes: String(outcome.body.length),
    elapsed_ns: String(outcome.elapsedNs),
  };
  res.writeHead(200, {
    'Content-Type': contentType(outcome.format),
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Format': outcome.format,
    'X-ClickHouse-Timezone': serverTimezone,
    'X-ClickHouse-Summary': JSON.stringify(summary),
    'Content-Length': String(outcome.body.length),
  });
  res.end(outcome.body);
}

function sendError(res: ServerResponse, queryId: string, reply: ClickHouseErrorReply): void {
  res.writeHead(reply.status, {
    'Content-Type': 'text/plain; charset=UTF-8',
    'X-ClickHouse-Query-Id': queryId,
    'X-ClickHouse-Exception-Code': String(reply.code),
    'X-ClickHouse-Timezone': serverTimezone,
    'Content-Length': String(Buffer.byteLength(reply.body)),
  });
  res.end(reply.body);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const isPing = url.pathname === '/ping' || (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'));
  if (isPing && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': '4' });
    res.end('Ok.\n');
    return;
  }
  const queryId = url.searchParams.get('query_id') || randomUUID();
  if (url.pathname !== '/' || (req.method !== 'GET' && req.method !== 'POST')) {
    sendError(res, queryId, shimError(SHIM_ERRORS.badRequest, `No handler for ${req.method} ${url.pathname}`));
    return;
  }
  if (url.searchParams.get('decompress') === '1') {
    sendError(
      res,
      queryId,
      shimError(SHIM_ERRORS.badRequest, 'ClickHouse native compression (decompress=1) is not supported by this test server'),
    );
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    const kind = error instanceof BodyTooLarge ? SHIM_ERRORS.tooLarge : SHIM_ERRORS.badRequest;
    sendError(res, queryId, shimError(kind, (error as Error).message));
    req.resume();
    return;
  }
  const request = parseClickHouseRequest(url, body);
  if (request.sql.trim() === '' && !request.insert) {
    sendError(res, queryId, shimError(SHIM_ERRORS.badRequest, 'Empty query'));
    return;
  }
  try {
    sendOutcome(res, queryId, await executor.run(request));
  } catch (error) {
    const reply = errorReply(error);
    process.stdout.write(`query ${queryId} failed (${reply.code}): ${reply.body.split('\n', 1)[0]}\n`);
    sendError(res, queryId, reply);
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (!res.headersSent) sendError(res, 'unknown', shimError(SHIM_ERRORS.internal, String(error)));
    else res.destroy();
  });
});
server.listen(Number(args.port), args.host, () => {
  process.stdout.write(`CHDB_HTTP_READY http://${args.host}:${args.port} (chDB data in ${resolve(args['data-dir']!)})\n`);
});

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  executor.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

/**
 * OTLP/HTTP receiver: POST /v1/traces, /v1/metrics, /v1/logs with application/x-protobuf or
 * application/json bodies, optionally gzip- or deflate-encoded. Answers in the request's
 * content type: ExportXServiceResponse (with partial_success) on success, google.rpc.Status
 * on failure. Status codes as the spec and the Collector: 400 bad data, 401 no credential,
 * 405 other methods, 413 too large (after decompression), 415 other media types,
 * 429/503 + Retry-After when overloaded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { asPtrError, ptrError, type PtrError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { credentialFromHeaders } from '../../auth/index.js';
import type { IngestAuthenticator } from '../auth.js';
import { OTLP_DECODERS } from '../decoders.js';
import { outcomeOf, type IngestPipeline, type Signal } from '../pipeline.js';
import { exportResponseJson, exportResponseProtobuf, grpcCodeOf, retryDelayOf, statusJson, statusProtobuf } from '../responses.js';
import { parseContentEncoding, readBody } from './body.js';
import { parseOtlpContentType, type OtlpEncoding } from './content-type.js';
import { parseJsonExact } from './exact-json.js';

export interface OtlpHttpOptions {
  pipeline: IngestPipeline;
  maxRequestBytes: number;
  authenticator: () => IngestAuthenticator;
  log: Logger;
}

const PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };
/** Admission charge for a body of unknown length (chunked), before it is read. */
const UNKNOWN_LENGTH_CHARGE = 64 * 1024;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close', ...extra });
  res.end(text);
}

export function sendOtlpError(res: ServerResponse, encoding: OtlpEncoding, err: PtrError, bodyUnread: boolean): void {
  const delay = retryDelayOf(err);
  // OTLP clients retry only 429, 502, 503, 504: every retryable error becomes one of those
  const status = delay !== undefined ? (err.status === 429 ? 429 : 503) : err.status;
  const code = grpcCodeOf(err);
  const body = encoding === 'json' ? Buffer.from(JSON.stringify(statusJson(code, err.message, delay))) : Buffer.from(statusProtobuf(code, err.message, delay));
  const headers: Record<string, string | number> = { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf', 'content-length': body.length };
  if (delay !== undefined) headers['retry-after'] = String(delay);
  if (bodyUnread) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

export function createOtlpHttpServer(o: OtlpHttpOptions): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const signal = PATHS[path];
    if (!signal) return sendText(res, 404, `404 not found: ${path}; OTLP paths are /v1/traces, /v1/metrics, /v1/logs`);
    if (req.method !== 'POST') return sendText(res, 405, '405 method not allowed, supported: [POST]', { allow: 'POST' });
    const encoding = parseOtlpContentType(header(req, 'content-type'));
    if (!encoding) return sendText(res, 415, '415 unsupported media type, supported: [application/json, application/x-protobuf]');
    const pipeline = o.pipeline;
    let bodyUnread = true;
    let release: (() => void) | undefined;
    try {
      const compression = parseContentEncoding(header(req, 'content-encoding'));
      if (!compression) throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding ${JSON.stringify(header(req, 'content-encoding'))}; supported: gzip, deflate, identity`);
      const declared = Number(header(req, 'content-length') ?? NaN);
      if (compression === 'identity' && declared > o.maxRequestBytes) throw ptrError('PTR_ERR_PAYLOAD_TOO_LARGE', `request body of ${declared} bytes exceeds ${o.maxRequestBytes} bytes (otlp.maxRequestBytes)`);
      const auth = await o.authenticator().authenticate({
        credential: credentialFromHeaders(req.headers),
        tenantHeader: header(req, 'x-pointer-tenant'),
        remoteAddress: req.socket.remoteAddress,
      });
      if (!auth.ok) throw auth.error;
      const charged = Number.isFinite(declared) ? declared : UNKNOWN_LENGTH_CHARGE;
      release = pipeline.admit(charged);
      const body = await readBody(req, compression, o.maxRequestBytes);
      bodyUnread = false;
      if (body.length > charged) {
        // a compressed or chunked body turned out larger than admitted: charge what it really holds
        release();
        release = undefined;
        release = pipeline.admit(body.length);
      }
      const decoders = OTLP_DECODERS[signal];
      let parsed: unknown;
      if (encoding === 'json') {
        try {
          parsed = parseJsonExact(body.toString('utf8'));
        } catch (err) {
          throw ptrError('PTR_ERR_DECODE', `invalid JSON: ${(err as Error).message}`);
        }
      }
      const result = await pipeline.ingest(signal, 'http', encoding, auth.tenant, (ctx) => (encoding === 'json' ? decoders.json(parsed, ctx) : decoders.protobuf(body, ctx)));
      pipeline.countOutcome(signal, 'http', result.rejected > 0 ? 'partial' : 'ok');
      const out = encoding === 'json' ? Buffer.from(JSON.stringify(exportResponseJson(signal, result.rejected, result.errorMessage))) : Buffer.from(exportResponseProtobuf(result.rejected, result.errorMessage));
      res.writeHead(200, { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf', 'content-length': out.length });
      // an empty body (full success in protobuf) goes out with the headers in one write
      if (out.length === 0) res.end();
      else res.end(out);
    } catch (err) {
      const e = asPtrError(err);
      pipeline.countOutcome(signal, 'http', outcomeOf(e.code));
      if (e.code === 'PTR_ERR_INTERNAL') o.log.error('OTLP/HTTP request failed', { signal, error: err });
      sendOtlpError(res, encoding, e, bodyUnread);
    } finally {
      release?.();
    }
  };
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 30_000, keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      o.log.error('OTLP/HTTP handler crashed', { error: err });
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  return server;
}

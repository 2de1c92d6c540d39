/**
 * POST /api/v1/write: Prometheus remote write 1.0 (snappy block + protobuf WriteRequest).
 * 204 once the samples are durable; 400 with a text reason for bad data (nothing stored),
 * including out-of-order and conflicting duplicate samples as Prometheus 2.42 answers them;
 * 429/503 with Retry-After when the store is full, which senders retry.
 * Remote write 2.0 (`proto=io.prometheus.write.v2.Request`) is answered 415, as the spec
 * requires of receivers that do not support it, so 2.0 senders fall back to 1.0.
 */
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { ptrError } from '../../errors/index.js';
import { toPtrError } from '../../http/errors.js';
import type { MetricStore } from '../../store/metrics/metric-store.js';
import { requestTenant } from '../tenant.js';
import { decodeWriteRequest, type RemoteWriteLimits } from './decode.js';
import { snappyDecode } from './snappy.js';

export interface RemoteWriteOptions extends RemoteWriteLimits {
  /** Largest compressed body. */
  maxBodyBytes: number;
  /** Largest body after decompression. */
  maxDecodedBytes: number;
  onWritten?: (samples: number) => void;
  onRejected?: (reason: string) => void;
}

export function remoteWriteRoute(api: FastifyInstance, store: MetricStore, ingest: onRequestAsyncHookHandler, o: RemoteWriteOptions): void {
  api.register(async (rw) => {
    rw.removeAllContentTypeParsers();
    rw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: o.maxBodyBytes }, (_req, body, done) => done(null, body));
    rw.setErrorHandler((err, _req, reply) => {
      const e = toPtrError(err);
      o.onRejected?.(e.code);
      if (e.retryAfterSeconds !== undefined) void reply.header('retry-after', String(e.retryAfterSeconds));
      return reply.code(e.status).type('text/plain; charset=utf-8').send(e.message + '\n');
    });
    rw.post('/api/v1/write', { onRequest: ingest }, async (req, reply) => {
      const ct = String(req.headers['content-type'] ?? '');
      const proto = /proto=([^;\s]+)/.exec(ct)?.[1];
      if (proto && proto !== 'prometheus.WriteRequest') {
        throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported remote write message ${proto}: this receiver speaks remote write 1.0 (prometheus.WriteRequest)`);
      }
      if (ct && !ct.startsWith('application/x-protobuf')) throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Type ${ct}: expected application/x-protobuf`);
      const enc = String(req.headers['content-encoding'] ?? 'snappy').toLowerCase();
      if (enc !== 'snappy') throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding ${enc}: expected snappy`);
      const body = req.body;
      if (!(body instanceof Buffer) || body.length === 0) throw ptrError('PTR_ERR_DECODE', 'empty remote write body');
      const raw = snappyDecode(body, o.maxDecodedBytes);
      const { batch, metadata } = decodeWriteRequest(raw, requestTenant(req), o);
      const result = await store.write(batch, { conflicts: 'reject', metadata });
      if (result.firstConflict !== undefined) throw ptrError('PTR_ERR_VALIDATION', result.firstConflict);
      o.onWritten?.(result.samplesWritten);
      void reply.header('x-prometheus-remote-write-samples-written', String(result.samplesWritten));
      return reply.code(204).send();
    });
  });
}

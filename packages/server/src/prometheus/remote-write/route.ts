/**
 * POST /api/v1/write: Prometheus remote write 1.0 (snappy block + protobuf WriteRequest) and
 * 2.0 (`Content-Type: application/x-protobuf;proto=io.prometheus.write.v2.Request`).
 * 204 once the samples are durable, with the X-Prometheus-Remote-Write-*-Written headers; 400
 * with a text reason for bad data (nothing stored), including out-of-order and conflicting
 * duplicate samples as Prometheus 2.42 answers them; 429/503 with Retry-After when the store is
 * full, which senders retry; 415 for another message type or encoding. Native histograms are not
 * stored: a 2.0 request carrying them stores its float samples and is answered 400 with the
 * written counts (the 2.0 spec forbids 2xx when anything was not written); 1.0 has no way to say
 * so and drops them, as before.
 */
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { ptrError } from '../../errors/index.js';
import { toPtrError } from '../../http/errors.js';
import type { MetricStore } from '../../store/metrics/metric-store.js';
import { requestTenant } from '../tenant.js';
import { decodeWriteRequest, type RemoteWriteLimits } from './decode.js';
import { decodeWriteRequestV2 } from './decode-v2.js';
import { LabelSetCache } from './label-cache.js';
import { SnappyScratch, snappyDecode } from './snappy.js';

const V2_MESSAGE = 'io.prometheus.write.v2.Request';

export interface RemoteWriteOptions extends RemoteWriteLimits {
  /** Largest compressed body. */
  maxBodyBytes: number;
  /** Largest body after decompression. */
  maxDecodedBytes: number;
  onWritten?: (samples: number) => void;
  onRejected?: (reason: string) => void;
  /** Label sets remembered across requests (LabelSetCache; default LABEL_CACHE_MAX_SERIES). */
  labelCacheSeries?: number;
}

export function remoteWriteRoute(api: FastifyInstance, store: MetricStore, ingest: onRequestAsyncHookHandler, o: RemoteWriteOptions): void {
  // one per receiver: both protocol versions, all tenants (entries are per tenant), these limits
  const labels = new LabelSetCache(o, o.labelCacheSeries);
  // each body is decompressed into this and decoded before the next one (no await in between)
  const scratch = new SnappyScratch();
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
      const v2 = proto === V2_MESSAGE;
      if (proto && !v2 && proto !== 'prometheus.WriteRequest') {
        throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported remote write message ${proto}: this receiver speaks prometheus.WriteRequest (1.0) and ${V2_MESSAGE} (2.0)`);
      }
      if (ct && !ct.startsWith('application/x-protobuf')) throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Type ${ct}: expected application/x-protobuf`);
      const enc = String(req.headers['content-encoding'] ?? 'snappy').toLowerCase();
      if (enc !== 'snappy') throw ptrError('PTR_ERR_UNSUPPORTED_MEDIA_TYPE', `unsupported Content-Encoding ${enc}: expected snappy`);
      const body = req.body;
      if (!(body instanceof Buffer) || body.length === 0) throw ptrError('PTR_ERR_DECODE', 'empty remote write body');
      const raw = snappyDecode(body, o.maxDecodedBytes, scratch);
      const decoded = v2 ? decodeWriteRequestV2(raw, requestTenant(req), o, labels) : decodeWriteRequest(raw, requestTenant(req), o, labels);
      const result = await store.write(decoded.batch, { conflicts: 'reject', metadata: decoded.metadata });
      if (result.firstConflict !== undefined) throw ptrError('PTR_ERR_VALIDATION', result.firstConflict);
      o.onWritten?.(result.samplesWritten);
      void reply.header('x-prometheus-remote-write-samples-written', String(result.samplesWritten));
      if (v2) {
        void reply.header('x-prometheus-remote-write-histograms-written', '0');
        void reply.header('x-prometheus-remote-write-exemplars-written', String(result.exemplarsWritten));
        if (decoded.histogramsDropped > 0) {
          o.onRejected?.('native_histograms');
          return reply.code(400).type('text/plain; charset=utf-8').send(`${decoded.histogramsDropped} native histogram series not written: this receiver stores float samples only\n`);
        }
      }
      return reply.code(204).send();
    });
  });
}

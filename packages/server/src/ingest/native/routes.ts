/**
 * Native JSON ingest on the gateway: POST /api/v1/ingest/traces|logs|metrics. Same
 * authentication, admission, limits and bus as OTLP; answers
 * `{ accepted, rejected, errors }` or Pointer's JSON error body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { asPtrError, ptrError } from '../../errors/index.js';
import { credentialFromHeaders } from '../../auth/index.js';
import { MetricBatchBuilder, type DecodeResult, type IngestLimits, type MetricBatch } from '../../model/index.js';
import type { IngestAuthenticator } from '../auth.js';
import { decodeLogsJson, decodeTracesJson } from '../otlp/index.js';
import { outcomeOf, type IngestPipeline, type Signal } from '../pipeline.js';
import { nativeLogs, nativeMetrics, nativeTraces, type NativeSample } from './schemas.js';
import { logsToOtlp, nativePath, spansToOtlp } from './to-otlp.js';

function zodMessage(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => {
      let p = '';
      for (const part of i.path) p += typeof part === 'number' ? `[${part}]` : p === '' ? String(part) : `.${String(part)}`;
      return `${p || '(body)'}: ${i.message}`;
    })
    .join('; ');
}

function sampleValue(v: NativeSample['value']): number {
  if (v === 'NaN') return NaN;
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return v;
}

/**
 * Samples into a MetricBatch under the same limits as OTLP: a sample with more labels than
 * maxAttributesPerItem or a label value longer than maxAttributeValueLength is rejected on its
 * own (dropping a label would silently merge it into another series).
 */
export function samplesToBatch(samples: NativeSample[], tenant: string, nowMs: number, limits: IngestLimits): DecodeResult<MetricBatch> {
  const b = new MetricBatchBuilder(tenant);
  let rejected = 0;
  const errors: string[] = [];
  samples.forEach((s, k) => {
    const labels: [string, string][] = [['__name__', s.name], ...Object.entries(s.labels ?? {}).filter(([n]) => n !== '__name__')];
    const tooLong = labels.find(([, v]) => v.length > limits.maxAttributeValueLength);
    const reason = labels.length - 1 > limits.maxAttributesPerItem ? `labels: ${labels.length - 1} labels, more than the limit of ${limits.maxAttributesPerItem}` : tooLong ? `labels.${tooLong[0]}: value longer than ${limits.maxAttributeValueLength} characters` : undefined;
    if (reason) {
      rejected++;
      if (errors.length < 5) errors.push(`samples[${k}].${reason}`);
      return;
    }
    const meta = { ...(s.type ? { type: s.type } : {}), ...(s.help ? { help: s.help } : {}), ...(s.unit ? { unit: s.unit } : {}) };
    b.addSample(b.seriesFor(labels, meta), s.timestampMs ?? nowMs, sampleValue(s.value));
  });
  return { batch: b.finish(), rejected, errors };
}

export function registerNativeIngest(app: FastifyInstance, pipeline: IngestPipeline, authenticator: () => IngestAuthenticator): void {
  const route = (signal: Signal, handle: (body: unknown, tenant: string) => Promise<{ accepted: number; rejected: number; errors: string[] }>) => {
    app.post(`/api/v1/ingest/${signal}`, async (req: FastifyRequest) => {
      let release: (() => void) | undefined;
      try {
        const auth = await authenticator().authenticate({
          credential: credentialFromHeaders(req.headers),
          tenantHeader: typeof req.headers['x-pointer-tenant'] === 'string' ? req.headers['x-pointer-tenant'] : undefined,
          remoteAddress: req.socket.remoteAddress,
        });
        if (!auth.ok) throw auth.error;
        release = pipeline.admit(Number(req.headers['content-length'] ?? 0) || 1024);
        const out = await handle(req.body, auth.tenant);
        pipeline.countOutcome(signal, 'native', out.rejected > 0 ? 'partial' : 'ok');
        return out;
      } catch (err) {
        pipeline.countOutcome(signal, 'native', outcomeOf(asPtrError(err).code));
        throw err;
      } finally {
        release?.();
      }
    });
  };
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const r = schema.safeParse(body);
    if (!r.success) throw ptrError('PTR_ERR_VALIDATION', zodMessage(r.error));
    return r.data;
  };
  const withNativePaths = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      const e = asPtrError(err);
      if (e.code === 'PTR_ERR_VALIDATION') throw ptrError('PTR_ERR_VALIDATION', nativePath(e.message));
      throw err;
    }
  };
  route('traces', async (body, tenant) => {
    const { spans } = parse(nativeTraces, body);
    const r = await withNativePaths(() => pipeline.ingest('traces', 'native', 'json', tenant, (ctx) => decodeTracesJson(spansToOtlp(spans), ctx)));
    return { accepted: r.accepted, rejected: r.rejected, errors: r.errorMessage ? [nativePath(r.errorMessage)] : [] };
  });
  route('logs', async (body, tenant) => {
    const { logs } = parse(nativeLogs, body);
    const now = BigInt(Date.now()) * 1_000_000n;
    const r = await withNativePaths(() => pipeline.ingest('logs', 'native', 'json', tenant, (ctx) => decodeLogsJson(logsToOtlp(logs, now), ctx)));
    return { accepted: r.accepted, rejected: r.rejected, errors: r.errorMessage ? [nativePath(r.errorMessage)] : [] };
  });
  route('metrics', async (body, tenant) => {
    const { samples } = parse(nativeMetrics, body);
    const now = Date.now();
    const r = await pipeline.ingest('metrics', 'native', 'json', tenant, (ctx) => samplesToBatch(samples, tenant, now, ctx.limits));
    return { accepted: r.accepted, rejected: r.rejected, errors: r.errorMessage ? [r.errorMessage] : [] };
  });
}

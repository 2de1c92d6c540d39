/**
 * Malformed protobuf, truncated gzip, invalid JSON, wrong types, oversized bodies, wrong
 * methods and media types: the right status and message, nothing published, the process
 * healthy afterwards. Overload: 503 + Retry-After (HTTP), UNAVAILABLE + RetryInfo (gRPC).
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, Metadata, makeGenericClientConstructor, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ProtoReader } from '@pointer/server';
import { sdkSpans } from './sdk-telemetry.js';
import { ADMIN, startIngest, type IngestHarness } from './harness.js';

let h: IngestHarness;
let valid: Uint8Array;
beforeAll(async () => {
  h = await startIngest({ otlp: { maxRequestBytes: 64 * 1024, maxInFlightRequests: 2 } });
  valid = ProtobufTraceSerializer.serializeRequest(await sdkSpans(1))!;
});
afterAll(async () => {
  await h?.stop();
});

async function post(path: string, body: Uint8Array | string, headers: Record<string, string>, method = 'POST'): Promise<{ status: number; text: string; headers: Headers; bytes: Uint8Array }> {
  const res = await fetch(h.http + path, { method, headers, ...(method === 'GET' ? {} : { body: body as BodyInit }) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, text: Buffer.from(bytes).toString('utf8'), headers: res.headers, bytes };
}

const PB = { 'content-type': 'application/x-protobuf' };
const JSON_CT = { 'content-type': 'application/json' };

/** google.rpc.Status message (field 2) from a protobuf body. */
function statusMessage(bytes: Uint8Array): string {
  const r = new ProtoReader(bytes);
  let msg = '';
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag === ((2 << 3) | 2)) msg = r.string();
    else r.skip(tag & 7);
  }
  return msg;
}

async function stillHealthy(): Promise<void> {
  const before = h.total('spans');
  const ok = await post('/v1/traces', valid, PB);
  expect(ok.status).toBe(200);
  expect(h.total('spans')).toBeGreaterThan(before);
}

describe('bad input over OTLP/HTTP', () => {
  it('malformed protobuf: 400 with the path and byte offset, nothing published', async () => {
    h.clear();
    const broken = valid.slice(0, valid.length - 7);
    const res = await post('/v1/traces', broken, PB);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(statusMessage(res.bytes)).toMatch(/^resourceSpans\[0\].*: malformed protobuf: .* \(byte \d+\)$/);
    const garbage = await post('/v1/logs', Uint8Array.of(0xff, 0xff, 0xff), PB);
    expect(garbage.status).toBe(400);
    expect(h.total('spans') + h.total('logs')).toBe(0);
    await stillHealthy();
  });

  it('truncated gzip: 400 naming gzip', async () => {
    h.clear();
    const gz = gzipSync(valid);
    const res = await post('/v1/traces', gz.subarray(0, gz.length - 10), { ...PB, 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect(statusMessage(res.bytes)).toMatch(/gzip body cannot be decompressed/);
    expect(h.total('spans')).toBe(0);
    const ok = await post('/v1/traces', gz, { ...PB, 'content-encoding': 'gzip' });
    expect(ok.status).toBe(200);
    const deflated = await post('/v1/traces', deflateSync(valid), { ...PB, 'content-encoding': 'deflate' });
    expect(deflated.status).toBe(200);
  });

  it('invalid JSON and wrong types: 400 with a JSON google.rpc.Status naming the field', async () => {
    h.clear();
    const bad = await post('/v1/traces', '{"resourceSpans": [', JSON_CT);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(bad.text)).toMatchObject({ code: 3, message: expect.stringMatching(/^invalid JSON/) });
    const wrong = await post('/v1/traces', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), endTimeUnixNano: true }] }] }] }), JSON_CT);
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text).message).toBe('resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano: expected a 64-bit integer as number or decimal string, got boolean');
    expect(h.total('spans')).toBe(0);
    await stillHealthy();
  });

  it('partial success: 200 with rejected count and reasons, valid spans published', async () => {
    h.clear();
    const ok = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'fine' };
    const res = await post('/v1/traces', JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [ok, { ...ok, spanId: '' }] }] }] }), JSON_CT);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: '1 rejected: resourceSpans[0].scopeSpans[0].spans[1].spanId: missing or all zero' } });
    expect(h.total('spans')).toBe(1);
    const empty = await post('/v1/traces', '{}', JSON_CT);
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('{}');
  });

  it('oversized bodies: 413, also when only the decompressed size is too large', async () => {
    h.clear();
    const big = new Uint8Array(70 * 1024);
    const res = await post('/v1/traces', big, PB);
    expect(res.status).toBe(413);
    const bomb = gzipSync(new Uint8Array(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res2 = await post('/v1/traces', bomb, { ...PB, 'content-encoding': 'gzip' });
    expect(res2.status).toBe(413);
    expect(statusMessage(res2.bytes)).toMatch(/exceeds 65536 bytes after decompression/);
    expect(h.total('spans')).toBe(0);
    await stillHealthy();
  });

  it('405 for other methods, 415 for other media types and encodings, 404 for other paths', async () => {
    expect((await post('/v1/traces', '', {}, 'GET')).status).toBe(405);
    const r415 = await post('/v1/traces', 'x', { 'content-type': 'text/plain' });
    expect(r415.status).toBe(415);
    expect(r415.text).toBe('415 unsupported media type, supported: [application/json, application/x-protobuf]');
    expect((await post('/v1/traces', valid, { ...PB, 'content-encoding': 'br' })).status).toBe(415);
    expect((await post('/v1/traces', valid, { 'content-type': 'application/x-protobuf; charset=binary' })).status).toBe(200);
    expect((await post('/v2/traces', valid, PB)).status).toBe(404);
  });

  it('a wrong credential is refused even from loopback; the admin token selects the tenant', async () => {
    h.clear();
    const bad = await post('/v1/traces', valid, { ...PB, authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    const ok = await post('/v1/traces', valid, { ...PB, authorization: `Bearer ${ADMIN}`, 'x-pointer-tenant': 'team-a' });
    expect(ok.status).toBe(200);
    expect(h.recorded.spans.at(-1)!.tenant).toBe('team-a');
  });
});

describe('overload', () => {
  it('HTTP answers 503 with Retry-After when ingest is full, and nothing acknowledged is lost', async () => {
    h.clear();
    const release = h.hold();
    const pending = [post('/v1/traces', valid, PB), post('/v1/traces', valid, PB)];
    await new Promise((r) => setTimeout(r, 200));
    const refused = await post('/v1/traces', valid, PB);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    release();
    const done = await Promise.all(pending);
    expect(done.map((d) => d.status)).toEqual([200, 200]);
    expect(h.recorded.spans.length).toBe(2);
  });

  it('gRPC answers UNAVAILABLE with google.rpc.RetryInfo when full, RESOURCE_EXHAUSTED when too large, INVALID_ARGUMENT for bad data', async () => {
    const Client = makeGenericClientConstructor({
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    }, 'TraceService');
    const client = new Client(h.grpc.replace('http://', ''), credentials.createInsecure()) as unknown as {
      Export(req: Buffer, md: Metadata, cb: (err: ServiceError | null, res?: Buffer) => void): void;
      close(): void;
    };
    const call = (body: Uint8Array) => new Promise<{ err: ServiceError | null }>((resolve) => client.Export(Buffer.from(body), new Metadata(), (err) => resolve({ err })));
    const release = h.hold();
    const pending = [call(valid), call(valid)];
    await new Promise((r) => setTimeout(r, 200));
    const { err } = await call(valid);
    expect(err?.code).toBe(GrpcStatus.UNAVAILABLE);
    const details = err!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    expect(details.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
    release();
    expect((await Promise.all(pending)).map((p) => p.err)).toEqual([null, null]);
    const big = await call(new Uint8Array(70 * 1024));
    expect(big.err?.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    const bad = await call(Uint8Array.of(0x0a, 0x05, 0x01));
    expect(bad.err?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(bad.err?.details).toMatch(/malformed protobuf/);
    client.close();
  });
});

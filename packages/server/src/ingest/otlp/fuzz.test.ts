/**
 * Fuzzing both decoders with random mutations of valid payloads (seeded, bounded): every
 * outcome must be a result or a coded PTR_ERR_DECODE / PTR_ERR_VALIDATION error; never
 * another exception, never a hang.
 */
import { describe, expect, it } from 'vitest';
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { isPtrError } from '../../errors/index.js';
import { DEFAULT_INGEST_LIMITS, type DecodeContext } from '../../model/index.js';
import { sdkLogs, sdkSpans } from '../../../../../test/integration/ingest/sdk-telemetry.js';
import { ProtoWriter } from '../protobuf/index.js';
import { decodeLogsJson, decodeLogsProtobuf, decodeTracesJson, decodeTracesProtobuf } from './index.js';

const ctx: DecodeContext = { tenant: 'default', limits: { ...DEFAULT_INGEST_LIMITS, maxAttributesPerItem: 8 } };
const ITERATIONS = 1000;

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutateBytes(src: Uint8Array, rand: () => number): Uint8Array {
  const b = Uint8Array.from(src);
  const kind = Math.floor(rand() * 5);
  const at = Math.floor(rand() * b.length);
  switch (kind) {
    case 0:
      for (let k = 0; k < 1 + rand() * 4; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      return b;
    case 1:
      return b.subarray(0, at);
    case 2: {
      const junk = Uint8Array.from({ length: 1 + Math.floor(rand() * 16) }, () => Math.floor(rand() * 256));
      const out = new Uint8Array(b.length + junk.length);
      out.set(b.subarray(0, at));
      out.set(junk, at);
      out.set(b.subarray(at), at + junk.length);
      return out;
    }
    case 3:
      b[at] = 0xff;
      return b;
    default: {
      const len = Math.floor(rand() * 64);
      const out = new Uint8Array(b.length + len);
      out.set(b);
      out.set(b.subarray(at, at + len), b.length);
      return out;
    }
  }
}

const WEIRD: unknown[] = [null, true, 0, -1, 1.5, 2 ** 64, '', 'zz', 'NaN', '18446744073709551616', [], {}, [1], { a: 1 }, 'SPAN_KIND_SERVER', '0'.repeat(32)];

function mutateJson(v: unknown, rand: () => number, depth = 0): unknown {
  if (Array.isArray(v)) return v.map((x) => (rand() < 0.05 ? WEIRD[Math.floor(rand() * WEIRD.length)] : mutateJson(x, rand, depth + 1)));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = rand();
      if (r < 0.03) continue;
      out[r < 0.06 ? k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()) : k] = r < 0.1 ? WEIRD[Math.floor(rand() * WEIRD.length)] : mutateJson(x, rand, depth + 1);
    }
    return out;
  }
  return v;
}

function check(fn: () => unknown): void {
  const t0 = performance.now();
  try {
    fn();
  } catch (err) {
    if (!isPtrError(err) || (err.code !== 'PTR_ERR_DECODE' && err.code !== 'PTR_ERR_VALIDATION')) throw err;
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe('decoder fuzzing', () => {
  it('protobuf decoders survive random mutations', async () => {
    const rand = rng(42);
    const traces = ProtobufTraceSerializer.serializeRequest(await sdkSpans(2))!;
    const logs = ProtobufLogsSerializer.serializeRequest(await sdkLogs(2))!;
    for (let i = 0; i < ITERATIONS; i++) {
      check(() => decodeTracesProtobuf(mutateBytes(traces, rand), ctx));
      check(() => decodeLogsProtobuf(mutateBytes(logs, rand), ctx));
    }
    // deep AnyValue nesting is bounded, not recursed into until the stack breaks
    const w = (field: number, body: Uint8Array): Uint8Array => {
      const len = new ProtoWriter(8);
      len.varint(body.length);
      return Buffer.concat([Uint8Array.of((field << 3) | 2), len.finish(), body]);
    };
    let value = w(1, Buffer.from('x'));
    for (let k = 0; k < 2000; k++) value = w(5, w(1, value));
    const request = w(1, w(2, w(2, w(5, value))));
    expect(() => decodeLogsProtobuf(request, ctx)).toThrow(/nested deeper than 32/);
  });

  it('JSON decoders survive random mutations of the document and of its text', async () => {
    const rand = rng(7);
    const traces = JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(await sdkSpans(2))!).toString());
    const logs = JSON.parse(Buffer.from(JsonLogsSerializer.serializeRequest(await sdkLogs(2))!).toString());
    const traceText = JSON.stringify(traces);
    for (let i = 0; i < ITERATIONS; i++) {
      check(() => decodeTracesJson(mutateJson(traces, rand), ctx));
      check(() => decodeLogsJson(mutateJson(logs, rand), ctx));
      const at = Math.floor(rand() * traceText.length);
      const text = traceText.slice(0, at) + String.fromCharCode(32 + Math.floor(rand() * 90)) + traceText.slice(at + 1);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        continue;
      }
      check(() => decodeTracesJson(parsed, ctx));
    }
    let nested: unknown = { stringValue: 'x' };
    for (let k = 0; k < 5000; k++) nested = { arrayValue: { values: [nested] } };
    check(() => decodeLogsJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: nested }] }] }] }, ctx));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { AttrType, DEFAULT_INGEST_LIMITS, type DecodeContext } from '../../model/index.js';
import { isPtrError } from '../../errors/index.js';
import { sdkSpans } from '../../../../../test/integration/ingest/sdk-telemetry.js';
import { decodeTracesJson, decodeTracesProtobuf, spanBatchToJson, toHex } from './index.js';
import { ProtoWriter } from '../protobuf/index.js';

const ctx: DecodeContext = { tenant: 'default', limits: DEFAULT_INGEST_LIMITS };

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isPtrError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

describe('trace decoders', () => {
  it('decode SDK protobuf and SDK JSON to the same batch, every field intact', async () => {
    const spans = await sdkSpans(2);
    const proto = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!, ctx);
    const json = decodeTracesJson(JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString()), ctx);
    expect(proto.rejected).toBe(0);
    expect(proto.batch.count).toBe(spans.length);
    expect(spanBatchToJson(proto.batch)).toEqual(spanBatchToJson(json.batch));

    const b = proto.batch;
    const byName = new Map<string, number>();
    for (let i = 0; i < b.count; i++) byName.set(b.strings[b.name[i]!]!, i);
    const rootIdx = byName.get('GET /orders/1')!;
    const sdkRoot = spans.find((s) => s.name === 'GET /orders/1')!;
    expect(toHex(b.traceId, rootIdx * 16, rootIdx * 16 + 16)).toBe(sdkRoot.spanContext().traceId);
    expect(toHex(b.spanId, rootIdx * 8, rootIdx * 8 + 8)).toBe(sdkRoot.spanContext().spanId);
    expect(b.kind[rootIdx]).toBe(2);
    expect(b.flags[rootIdx]! & 0xff).toBe(1);
    const [sec, nanos] = sdkRoot.startTime;
    expect(b.startTimeUnixNano[rootIdx]).toBe(BigInt(sec) * 1_000_000_000n + BigInt(nanos));
    const attrs: Record<string, unknown> = {};
    for (let a = b.attrStart[rootIdx]!; a < b.attrEnd[rootIdx]!; a++) {
      const key = b.strings[b.attrs.key[a]!]!;
      const t = b.attrs.type[a];
      attrs[key] = t === AttrType.String ? b.strings[b.attrs.str[a]!] : t === AttrType.Int ? b.attrs.int[a] : t === AttrType.Bool ? b.attrs.num[a] === 1 : t === AttrType.Double ? b.attrs.num[a] : JSON.parse(b.strings[b.attrs.str[a]!]!);
    }
    expect(attrs).toEqual({
      'http.request.method': 'GET',
      'http.response.status_code': 201n,
      'http.route': '/orders/:id',
      sampled: true,
      ratio: 1.25,
      tags: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }, { stringValue: 'c1' }] } },
      codes: { arrayValue: { values: [{ intValue: '1' }, { intValue: '2' }, { intValue: '3' }] } },
      flags: { arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } },
      unicode: 'grüße 🚀',
    });
    expect(b.eventEnd[rootIdx]! - b.eventStart[rootIdx]!).toBe(2);
    const ev = b.eventStart[rootIdx]!;
    expect(b.strings[b.events.name[ev]!]).toBe('cache.miss');
    expect(b.events.attrEnd[ev]! - b.events.attrStart[ev]!).toBe(2);
    expect(b.linkEnd[rootIdx]! - b.linkStart[rootIdx]!).toBe(1);
    const ln = b.linkStart[rootIdx]!;
    const producer = spans.find((s) => s.name === 'linked-producer')!;
    expect(toHex(b.links.spanId, ln * 8, ln * 8 + 8)).toBe(producer.spanContext().spanId);
    const child = byName.get('SELECT orders')!;
    expect(b.statusCode[child]).toBe(2);
    expect(b.strings[b.statusMessage[child]!]).toBe('deadlock detected');
    expect(toHex(b.parentSpanId, child * 8, child * 8 + 8)).toBe(sdkRoot.spanContext().spanId);
    expect(b.statusCode[byName.get('compute')!]).toBe(1);
    const res = b.resources[b.resource[rootIdx]!]!;
    expect(b.strings[res.serviceName]).toBe('checkout');
    const scope = b.scopes[b.scope[rootIdx]!]!;
    expect(b.strings[scope.name]).toBe('pointer-test');
    expect(b.strings[scope.version]).toBe('2.0.0');
  });

  it('accepts the opentelemetry-proto example trace.json', () => {
    const body = JSON.parse(readFileSync(new URL('./fixtures/trace.json', import.meta.url), 'utf8'));
    const { batch, rejected } = decodeTracesJson(body, ctx);
    expect(rejected).toBe(0);
    expect(batch.count).toBe(1);
    expect(toHex(batch.traceId, 0, 16)).toBe('5b8efff798038103d269b633813fc60c');
    expect(toHex(batch.parentSpanId, 0, 8)).toBe('eee19b7ec3c1b173');
    expect(batch.startTimeUnixNano[0]).toBe(1544712660000000000n);
    expect(batch.kind[0]).toBe(2);
    expect(spanBatchToJson(batch).resourceSpans[0]).toMatchObject({ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] } });
  });

  it('accepts the Collector lenient JSON forms: snake_case keys, enum names, numbers for 64-bit ints', () => {
    const body = {
      resource_spans: [{
        scope_spans: [{
          spans: [{
            trace_id: 'AB'.repeat(16), span_id: 'cd'.repeat(8), name: 'x', kind: 'SPAN_KIND_CLIENT',
            start_time_unix_nano: 1544712660000000000, end_time_unix_nano: '1544712661000000000',
            status: { code: 'STATUS_CODE_ERROR' }, unknown_field: { anything: 1 },
            attributes: [{ key: 'n', value: { int_value: 7 } }, { key: 'd', value: { double_value: 'NaN' } }],
          }],
        }],
      }],
    };
    const { batch } = decodeTracesJson(body, ctx);
    expect(batch.count).toBe(1);
    expect(batch.kind[0]).toBe(3);
    expect(batch.statusCode[0]).toBe(2);
    expect(batch.endTimeUnixNano[0]).toBe(1544712661000000000n);
    expect(batch.attrs.int[0]).toBe(7n);
    expect(Number.isNaN(batch.attrs.num[1])).toBe(true);
  });

  it('names the exact path of a whole-request error (JSON)', () => {
    const spans = Array.from({ length: 18 }, () => ({ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }));
    spans[17] = { traceId: 'ab'.repeat(9), spanId: 'cd'.repeat(8) };
    const rs = { scopeSpans: [{ spans }] };
    const body = { resourceSpans: [{}, {}, rs] };
    expect(errorOf(() => decodeTracesJson(body, ctx))).toEqual({ code: 'PTR_ERR_VALIDATION', message: 'resourceSpans[2].scopeSpans[0].spans[17].traceId: expected 16 bytes, got 9' });
    expect(errorOf(() => decodeTracesJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 5 }] }] }] }, ctx)).message).toBe('resourceSpans[0].scopeSpans[0].spans[0].name: expected a string, got number');
    expect(errorOf(() => decodeTracesJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ startTimeUnixNano: '12x' }] }] }] }, ctx)).message).toMatch(/spans\[0\]\.startTimeUnixNano: expected a 64-bit integer/);
    expect(errorOf(() => decodeTracesJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ kind: 'SERVER' }] }] }] }, ctx)).message).toMatch(/kind: unknown enum value "SERVER"/);
    expect(errorOf(() => decodeTracesJson({ resourceSpans: {} }, ctx)).message).toBe('resourceSpans: expected an array, got object');
    expect(errorOf(() => decodeTracesJson([], ctx)).message).toMatch(/expected an object, got array/);
  });

  it('names the exact path of a whole-request error (protobuf)', () => {
    const w = new ProtoWriter();
    const rs0 = w.beginLen(1);
    w.endLen(rs0);
    const rs = w.beginLen(1);
    const ss = w.beginLen(2);
    const sp = w.beginLen(2);
    w.bytesField(1, new Uint8Array(9).fill(1));
    w.endLen(sp);
    w.endLen(ss);
    w.endLen(rs);
    expect(errorOf(() => decodeTracesProtobuf(w.finish(), ctx))).toEqual({ code: 'PTR_ERR_VALIDATION', message: 'resourceSpans[1].scopeSpans[0].spans[0].traceId: expected 16 bytes, got 9' });
    const bytes = w.finish();
    expect(errorOf(() => decodeTracesProtobuf(bytes.subarray(0, bytes.length - 3), ctx))).toMatchObject({ code: 'PTR_ERR_DECODE', message: expect.stringMatching(/^resourceSpans\[1\]: malformed protobuf: length \d+ runs past the end/) });
  });

  it('keeps every value of a request denser in attributes than its first estimate (the columns grow)', () => {
    // ~11 bytes per attribute: more attributes than the builder's first guess (a 24-byte average)
    const w = new ProtoWriter();
    const rs = w.beginLen(1);
    const ss = w.beginLen(2);
    for (let s = 0; s < 3; s++) {
      const sp = w.beginLen(2);
      w.bytesField(1, new Uint8Array(16).fill(1));
      w.bytesField(2, new Uint8Array(8).fill(s + 1));
      for (let j = 0; j < 120; j++) {
        const kv = w.beginLen(9);
        w.stringField(1, `a${j}`);
        const v = w.beginLen(2);
        w.uint32Field(3, s * 1000 + j);
        w.endLen(v);
        w.endLen(kv);
      }
      w.endLen(sp);
    }
    w.endLen(ss);
    w.endLen(rs);
    const { batch: b } = decodeTracesProtobuf(w.finish(), ctx);
    expect(b.attrs.count).toBe(360);
    for (let s = 0; s < 3; s++) {
      const values = Array.from({ length: 120 }, (_, j) => b.attrs.int[b.attrStart[s]! + j]);
      expect(values).toEqual(Array.from({ length: 120 }, (_, j) => BigInt(s * 1000 + j)));
    }
  });

  it('rejects spans one by one for missing ids and unknown enums (partial success), keeps the rest', () => {
    const ok = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'ok' };
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [ok, { ...ok, traceId: '' }, { ...ok, spanId: '00'.repeat(8) }, { ...ok, kind: 9 }, ok] }] }] };
    const { batch, rejected, errors } = decodeTracesJson(body, ctx);
    expect(batch.count).toBe(2);
    expect(rejected).toBe(3);
    expect(errors).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[1].traceId: missing or all zero',
      'resourceSpans[0].scopeSpans[0].spans[2].spanId: missing or all zero',
      'resourceSpans[0].scopeSpans[0].spans[3].kind: unknown SpanKind 9',
    ]);
    expect(batch.attrs.count).toBe(0);
  });

  it('applies the limits as OTLP dropped counts, in both encodings', async () => {
    const limits = { maxAttributesPerItem: 3, maxAttributeValueLength: 4, maxEventsPerSpan: 1, maxLinksPerSpan: 0 };
    const spans = await sdkSpans(1);
    const p = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!, { tenant: 't', limits });
    const j = decodeTracesJson(JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString()), { tenant: 't', limits });
    expect(spanBatchToJson(p.batch)).toEqual(spanBatchToJson(j.batch));
    const b = p.batch;
    const root = [...Array(b.count).keys()].find((i) => b.strings[b.name[i]!] === 'GET /orders/0')!;
    expect(b.attrEnd[root]! - b.attrStart[root]!).toBe(3);
    expect(b.droppedAttributesCount[root]).toBe(6);
    expect(b.eventEnd[root]! - b.eventStart[root]!).toBe(1);
    expect(b.droppedEventsCount[root]).toBe(1);
    expect(b.linkEnd[root]! - b.linkStart[root]!).toBe(0);
    expect(b.droppedLinksCount[root]).toBe(1);
    expect(b.strings[b.attrs.str[b.attrStart[root]!]!]).toBe('GET');
    const route = b.attrStart[root]! + 2;
    expect(b.strings[b.attrs.str[route]!]).toBe('/ord');
    expect(b.tenant).toBe('t');
    expect(p.droppedByLimits).toBeGreaterThan(0);
    expect(p.truncatedValues).toBeGreaterThan(0);
    expect(j.droppedByLimits).toBe(p.droppedByLimits);
    expect(j.truncatedValues).toBe(p.truncatedValues);
  });
});

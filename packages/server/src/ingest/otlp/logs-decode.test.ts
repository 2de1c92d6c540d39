import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { BodyType, DEFAULT_INGEST_LIMITS, type DecodeContext } from '../../model/index.js';
import { isPtrError } from '../../errors/index.js';
import { sdkLogs } from '../../../../../test/integration/ingest/sdk-telemetry.js';
import { decodeLogsJson, decodeLogsProtobuf, logBatchToJson } from './index.js';

const ctx: DecodeContext = { tenant: 'default', limits: DEFAULT_INGEST_LIMITS };

describe('log decoders', () => {
  it('decode SDK protobuf and SDK JSON to the same batch, every field intact', async () => {
    const logs = await sdkLogs(2);
    const proto = decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(logs)!, ctx);
    const json = decodeLogsJson(JSON.parse(Buffer.from(JsonLogsSerializer.serializeRequest(logs)!).toString()), ctx);
    expect(proto.rejected).toBe(0);
    expect(proto.batch.count).toBe(4);
    expect(logBatchToJson(proto.batch)).toEqual(logBatchToJson(json.batch));
    const b = proto.batch;
    expect(b.bodyType[0]).toBe(BodyType.String);
    expect(b.strings[b.body[0]!]).toBe('payment 0 failed: card declined');
    expect(b.severityNumber[0]).toBe(17);
    expect(b.strings[b.severityText[0]!]).toBe('ERROR');
    expect(b.timeUnixNano[0]).toBe(1_700_000_000_000_000_000n);
    expect(b.observedTimeUnixNano[0]! > 0n).toBe(true);
    expect(b.attrEnd[0]! - b.attrStart[0]!).toBe(5);
    expect(b.bodyType[1]).toBe(BodyType.Json);
    expect(JSON.parse(b.strings[b.body[1]!]!)).toEqual({
      kvlistValue: { values: [
        { key: 'message', value: { stringValue: 'structured' } },
        { key: 'count', value: { intValue: '0' } },
        { key: 'nested', value: { kvlistValue: { values: [{ key: 'ok', value: { boolValue: true } }] } } },
      ] },
    });
    expect(b.severityNumber[1]).toBe(10);
    expect(b.strings[b.scopes[b.scope[0]!]!.name]).toBe('pointer-test-logs');
  });

  it('accepts the opentelemetry-proto example logs.json and events.json', () => {
    for (const f of ['logs.json', 'events.json']) {
      const body = JSON.parse(readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8'));
      const { batch, rejected } = decodeLogsJson(body, ctx);
      expect(rejected).toBe(0);
      expect(batch.count).toBeGreaterThan(0);
      expect(logBatchToJson(batch).resourceLogs.length).toBe(body.resourceLogs.length);
    }
    const logs = decodeLogsJson(JSON.parse(readFileSync(new URL('./fixtures/logs.json', import.meta.url), 'utf8')), ctx).batch;
    expect(logs.strings[logs.body[0]!]).toBe('Example log record');
    const events = decodeLogsJson(JSON.parse(readFileSync(new URL('./fixtures/events.json', import.meta.url), 'utf8')), ctx).batch;
    expect(events.strings[events.eventName[0]!]).not.toBe('');
  });

  it('fails the request with a path for wrong types, accepts severity names', () => {
    const bad = { resourceLogs: [{ scopeLogs: [{ logRecords: [{}, { traceId: 'zz'.repeat(16) }] }] }] };
    try {
      decodeLogsJson(bad, ctx);
      expect.unreachable();
    } catch (err) {
      expect(isPtrError(err) && err.message).toBe('resourceLogs[0].scopeLogs[0].logRecords[1].traceId: expected hex, got "' + 'zz'.repeat(16) + '"');
    }
    const ok = decodeLogsJson({ resource_logs: [{ scope_logs: [{ log_records: [{ severity_number: 'SEVERITY_NUMBER_WARN', body: { string_value: 'w' } }, { severityNumber: 99 }] }] }] }, ctx);
    expect(ok.batch.count).toBe(1);
    expect(ok.batch.severityNumber[0]).toBe(13);
    expect(ok.rejected).toBe(1);
    expect(ok.errors[0]).toBe('resourceLogs[0].scopeLogs[0].logRecords[1].severityNumber: unknown SeverityNumber 99');
  });
});

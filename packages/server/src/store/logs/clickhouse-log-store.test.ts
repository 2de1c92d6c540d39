import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_LIMITS } from '../../model/index.js';
import { decodeLogsJson, logBatchToJson } from '../../ingest/otlp/index.js';
import { openChdbConnection } from '../clickhouse/chdb-connection.js';
import type { ClickHouseConnection } from '../clickhouse/connection.js';
import { openClickHouseLogStore } from './clickhouse-log-store.js';
import type { LogFilter, LogStore } from './log-store.js';
import { resourceLogsFromRecords } from './read.js';

const T0 = BigInt(Date.now() - 600_000) * 1_000_000n;
const ns = (ms: number): string => (T0 + BigInt(ms) * 1_000_000n).toString();
const bounds = { timeoutMs: 10_000 };
const range = { startNs: T0 - 1_000_000_000n, endNs: T0 + 60_000_000_000n };

export function richLogs(): unknown {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'k8s.pod.name', value: { stringValue: 'pod-1' } }, { key: 'host.cores', value: { intValue: '4' } }], droppedAttributesCount: 1 },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        scopeLogs: [
          {
            scope: { name: 'logger', version: '2', attributes: [{ key: 'sa', value: { doubleValue: 1.25 } }] },
            schemaUrl: 'https://scope',
            logRecords: [
              {
                timeUnixNano: ns(1), observedTimeUnixNano: ns(2), severityNumber: 17, severityText: 'ERROR',
                body: { stringValue: 'payment failed for user-42: card declined' },
                attributes: [{ key: 'user.id', value: { intValue: '42' } }, { key: 'ok', value: { boolValue: false } }, { key: 'raw', value: { bytesValue: 'AP8=' } }],
                droppedAttributesCount: 2, flags: 1, traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', eventName: 'payment.failed',
              },
              { timeUnixNano: ns(2), severityNumber: 9, severityText: 'INFO', body: { stringValue: 'Payment accepted' }, attributes: [{ key: 'user.id', value: { intValue: '7' } }] },
              { observedTimeUnixNano: ns(3), severityNumber: 5, body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'structured' } }] } } },
              { timeUnixNano: ns(4), severityNumber: 13, body: { stringValue: 'retrying payment "soon"' } },
            ],
          },
        ],
      },
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
        scopeLogs: [{ scope: {}, logRecords: [{ timeUnixNano: ns(5), severityNumber: 9, body: { stringValue: 'cart updated' } }] }],
      },
    ],
  };
}

export function decodeLogs(body: unknown, tenant = 'default') {
  const r = decodeLogsJson(body, { tenant, limits: DEFAULT_INGEST_LIMITS });
  expect(r.rejected).toBe(0);
  return r.batch;
}

function flatRecords(doc: { resourceLogs: Record<string, unknown>[] }): unknown[] {
  const out: unknown[] = [];
  for (const rl of doc.resourceLogs) {
    for (const sl of (rl.scopeLogs as Record<string, unknown>[]) ?? []) {
      for (const r of (sl.logRecords as Record<string, unknown>[]) ?? []) out.push({ resource: rl.resource, rschema: rl.schemaUrl, scope: sl.scope, sschema: sl.schemaUrl, r });
    }
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('ClickHouse log store (chdb)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointer-logs-'));
  let conn: ClickHouseConnection;
  let store: LogStore;
  const batch = decodeLogs(richLogs());

  beforeAll(async () => {
    conn = await openChdbConnection(join(dir, 'clickhouse'));
    store = await openClickHouseLogStore(conn, { retentionSeconds: 7 * 86400, maxDelayMs: 2 });
    await store.write(batch);
    await store.write(decodeLogs(richLogs(), 'other'));
  });
  afterAll(async () => {
    await store?.stop();
    await conn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = async (f: Partial<LogFilter>, tenant = 'default') => (await store.search(tenant, { range, ...f }, 100, undefined, bounds)).records.map((r) => r.line);

  it('reads back every field of every record exactly', async () => {
    const page = await store.search('default', { range }, 100, undefined, bounds);
    expect(flatRecords({ resourceLogs: resourceLogsFromRecords(page.records) })).toEqual(flatRecords(logBatchToJson(batch)));
  });

  it('returns newest first and pages with a cursor', async () => {
    const all = await lines({});
    expect(all).toEqual(['cart updated', 'retrying payment "soon"', '{"kvlistValue":{"values":[{"key":"msg","value":{"stringValue":"structured"}}]}}', 'Payment accepted', 'payment failed for user-42: card declined']);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = await store.search('default', { range }, 2, cursor, bounds);
      seen.push(...p.records.map((r) => r.line));
      cursor = p.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
  });

  it('filters by service, severity, terms, phrases, attributes, trace id and label matchers', async () => {
    expect(await lines({ service: 'cart' })).toEqual(['cart updated']);
    expect(await lines({ minSeverity: 13 })).toEqual(['retrying payment "soon"', 'payment failed for user-42: card declined']);
    expect(await lines({ text: [{ text: 'PAYMENT', phrase: false, negate: false }] })).toEqual(['retrying payment "soon"', 'Payment accepted', 'payment failed for user-42: card declined']);
    expect(await lines({ text: [{ text: 'card declined', phrase: true, negate: false }] })).toEqual(['payment failed for user-42: card declined']);
    expect(await lines({ text: [{ text: 'user-42', phrase: false, negate: false }] })).toEqual(['payment failed for user-42: card declined']);
    expect(await lines({ text: [{ text: 'payment', phrase: false, negate: false }, { text: 'failed', phrase: false, negate: true }] })).toEqual(['retrying payment "soon"', 'Payment accepted']);
    expect(await lines({ text: [{ text: 'pay', phrase: false, negate: false }] })).toEqual([]);
    expect(await lines({ attributes: [{ key: 'user.id', op: 'eq', value: '7' }] })).toEqual(['Payment accepted']);
    expect(await lines({ attributes: [{ key: 'k8s.pod.name', op: 'eq', value: 'pod-1' }], minSeverity: 17 })).toEqual(['payment failed for user-42: card declined']);
    expect(await lines({ traceId: '0AF7651916CD43DD8448EB211C80319C' })).toEqual(['payment failed for user-42: card declined']);
    expect(await lines({ lineFilters: [{ op: '|=', value: 'Payment' }] })).toEqual(['Payment accepted']);
    expect(await lines({ lineFilters: [{ op: '|~', value: '(?i)^payment' }, { op: '!=', value: 'failed' }] })).toEqual(['Payment accepted']);
    expect(await lines({ resourceMatchers: [{ keys: ['k8s.pod.name', 'k8s_pod_name'], op: '=~', value: 'pod-.*' }], lineFilters: [{ op: '!~', value: 'pay' }] })).toEqual(['{"kvlistValue":{"values":[{"key":"msg","value":{"stringValue":"structured"}}]}}', 'Payment accepted']);
    expect(await lines({ resourceMatchers: [{ keys: [], serviceName: true, op: '!=', value: 'checkout' }] })).toEqual(['cart updated']);
    expect(await lines({ service: 'cart' }, 'nobody')).toEqual([]);
  });

  it('counts over time per resource at each step', async () => {
    const step = 1_000_000n; // 1 ms steps, 2 ms windows
    const series = await store.countOverTime('default', { service: 'checkout' }, { startNs: T0, stepNs: step, steps: 6, windowNs: 2n * step }, bounds);
    expect(series).toHaveLength(1);
    // records at 1, 2, 3 (observed; time unset), 4 ms; step k counts (k-2, k]
    expect([...series[0]!.counts.entries()].sort((a, b) => a[0] - b[0])).toEqual([[1, 1], [2, 2], [3, 2], [4, 2], [5, 1]]);
  });

  it('lists resource keys and values', async () => {
    expect(await store.resourceKeys('default', range, bounds)).toEqual(['host.cores', 'k8s.pod.name', 'service.name']);
    expect(await store.resourceValues('default', [], true, range, bounds, 10)).toEqual(['cart', 'checkout']);
    expect(await store.resourceValues('default', ['k8s.pod.name'], false, range, bounds, 10)).toEqual(['pod-1']);
  });
});

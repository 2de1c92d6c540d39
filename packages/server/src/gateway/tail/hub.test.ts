import { describe, expect, it } from 'vitest';
import { decodeLogsJson, decodeTracesJson } from '../../ingest/otlp/index.js';
import { DEFAULT_INGEST_LIMITS } from '../../model/index.js';
import { TailHub, type TailItem } from './hub.js';
import { toHubFilters } from './tail-route.js';

const spans = (tenant: string, service: string, names: string[], status = 0) =>
  decodeTracesJson(
    {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [
            {
              spans: names.map((name, k) => ({
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId: `eee19b7ec3c1b17${k}`,
                name,
                kind: 2,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000250000000',
                attributes: [{ key: 'http.route', value: { stringValue: `/r${k}` } }],
                status: { code: status },
              })),
            },
          ],
        },
      ],
    },
    { tenant, limits: DEFAULT_INGEST_LIMITS },
  ).batch;

const logs = (tenant: string, records: [number, string][]) =>
  decodeLogsJson(
    {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
          scopeLogs: [{ logRecords: records.map(([sev, body]) => ({ timeUnixNano: '1700000000000000000', severityNumber: sev, body: { stringValue: body } })) }],
        },
      ],
    },
    { tenant, limits: DEFAULT_INGEST_LIMITS },
  ).batch;

function sink(buffered = () => 0) {
  const got: { type: string; items?: TailItem[]; count?: number }[] = [];
  return { got, sink: { send: (m: { type: string }) => got.push(m), bufferedAmount: buffered } };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('TailHub', () => {
  it('delivers matching spans of the subscriber tenant only, converted to JSON items', async () => {
    const hub = new TailHub({ bufferItems: 100, maxSubscribers: 10 });
    const a = sink();
    const b = sink();
    hub.subscribe('a', 'spans', toHubFilters({ service: 'checkout', text: 'POST' }), a.sink);
    hub.subscribe('b', 'spans', toHubFilters({}), b.sink);
    hub.offer(spans('a', 'checkout', ['POST /pay', 'GET /cart']));
    hub.offer(spans('a', 'other', ['POST /x']));
    await tick();
    const items = a.got.flatMap((m) => m.items ?? []);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ service: 'checkout', name: 'POST /pay', traceId: '5b8efff798038103d269b633813fc60c', durationNanos: '250000000', attributes: { 'http.route': '/r0' }, resource: { 'service.name': 'checkout' } });
    expect(b.got).toEqual([]);
    hub.stop();
  });

  it('filters by attribute, trace id and error status', async () => {
    const hub = new TailHub({ bufferItems: 100, maxSubscribers: 10 });
    const byAttr = sink();
    const errors = sink();
    const byTrace = sink();
    hub.subscribe('t', 'spans', toHubFilters({ attributes: { 'http.route': '/r1' } }), byAttr.sink);
    hub.subscribe('t', 'spans', toHubFilters({ severity: 'error' }), errors.sink);
    hub.subscribe('t', 'spans', toHubFilters({ traceId: '00000000000000000000000000000001' }), byTrace.sink);
    hub.offer(spans('t', 's', ['a', 'b']));
    hub.offer(spans('t', 's', ['c'], 2));
    await tick();
    expect(byAttr.got.flatMap((m) => m.items ?? []).map((i) => (i as { name: string }).name)).toEqual(['b']);
    expect(errors.got.flatMap((m) => m.items ?? []).map((i) => (i as { name: string }).name)).toEqual(['c']);
    expect(byTrace.got).toEqual([]);
    hub.stop();
  });

  it('filters logs by minimum severity and text', async () => {
    const hub = new TailHub({ bufferItems: 100, maxSubscribers: 10 });
    const s = sink();
    hub.subscribe('t', 'logs', toHubFilters({ severity: 'warn', text: 'TIMEOUT' }), s.sink);
    hub.offer(logs('t', [[9, 'timeout info'], [13, 'db timeout'], [17, 'crash']]));
    await tick();
    expect(s.got.flatMap((m) => m.items ?? []).map((i) => (i as { body: string }).body)).toEqual(['db timeout']);
    hub.stop();
  });

  it('never blocks the publisher: a stalled subscriber loses the oldest items and is told how many', async () => {
    let stalled = true;
    const hub = new TailHub({ bufferItems: 16, maxSubscribers: 10, highWaterBytes: 100 });
    const s = sink(() => (stalled ? 1_000_000 : 0));
    hub.subscribe('t', 'spans', toHubFilters({}), s.sink);
    for (let k = 0; k < 10; k++) hub.offer(spans('t', 's', ['a', 'b', 'c', 'd', 'e']));
    await tick();
    expect(s.got).toEqual([]);
    stalled = false;
    await new Promise((r) => setTimeout(r, 250));
    expect(s.got[0]).toEqual({ type: 'missed', count: 34 });
    expect(s.got.flatMap((m) => m.items ?? [])).toHaveLength(16);
    hub.stop();
  });

  it('refuses subscribers beyond the limit', () => {
    const hub = new TailHub({ bufferItems: 16, maxSubscribers: 1 });
    hub.subscribe('t', 'spans', {}, sink().sink);
    expect(() => hub.subscribe('t', 'spans', {}, sink().sink)).toThrow(/subscribers/);
    hub.stop();
  });
});

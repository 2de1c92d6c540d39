/**
 * The contract every MetricStore keeps, run against each implementation: the embedded TSDB
 * (store-embedded.test.ts) and VictoriaMetrics (store-vm.test.ts). Each run uses fresh tenants,
 * so a long-lived server's earlier data never matters.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricBatchBuilder, type MetricStore, type LabelMatcher } from '@pointer/server';

export function metricStoreContract(name: string, open: () => Promise<{ store: MetricStore; close: () => Promise<void> }>): void {
  describe(`MetricStore contract: ${name}`, () => {
    let store: MetricStore;
    let close: () => Promise<void>;
    const tenant = `t${randomBytes(4).toString('hex')}`;
    const other = `o${randomBytes(4).toString('hex')}`;
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    const range = [t0 - 1000, t0 + 600_000] as const;

    beforeAll(async () => {
      ({ store, close } = await open());
      const b = new MetricBatchBuilder(tenant);
      const a = b.seriesFor(
        [
          ['__name__', 'cpu_seconds_total'],
          ['job', 'api'],
          ['mode', 'user'],
        ],
        { type: 'counter', help: 'CPU' },
      );
      const c = b.seriesFor([
        ['__name__', 'cpu_seconds_total'],
        ['job', 'db'],
        ['mode', 'system'],
      ]);
      const d = b.seriesFor([
        ['__name__', 'queue_depth'],
        ['job', 'api'],
      ]);
      for (let i = 0; i < 20; i++) {
        b.add(a, t0 + i * 15_000, i * 1.5);
        b.add(c, t0 + i * 15_000, i * 100);
        b.add(d, t0 + i * 15_000, i % 3 === 0 ? -0.25 : 1e-9 * i);
      }
      const r = await store.write(b.build());
      expect(r.samplesWritten).toBe(60);
      const o = new MetricBatchBuilder(other);
      o.add(
        o.seriesFor([
          ['__name__', 'cpu_seconds_total'],
          ['job', 'api'],
          ['mode', 'user'],
        ]),
        t0,
        999,
      );
      await store.write(o.build());
      await store.forceFlush();
    });

    afterAll(async () => {
      await close?.();
    });

    const sel = (m: [string, LabelMatcher['op'], string][]): LabelMatcher[] => m.map(([n, op, value]) => ({ name: n, op, value }));

    it('selects exactly the samples written, ordered, per series', async () => {
      const got = await store.querier(tenant).select(
        sel([
          ['__name__', '=', 'cpu_seconds_total'],
          ['job', '=', 'api'],
        ]),
        ...range,
      );
      expect(got).toHaveLength(1);
      expect(got[0]!.labels).toEqual([
        ['__name__', 'cpu_seconds_total'],
        ['job', 'api'],
        ['mode', 'user'],
      ]);
      expect(Array.from(got[0]!.timestamps)).toEqual(Array.from({ length: 20 }, (_, i) => t0 + i * 15_000));
      expect(Array.from(got[0]!.values)).toEqual(Array.from({ length: 20 }, (_, i) => i * 1.5));
      const q = await store.querier(tenant).select(sel([['__name__', '=', 'queue_depth']]), ...range);
      expect(q[0]!.values[1]).toBe(1e-9);
      expect(q[0]!.values[0]).toBe(-0.25);
    });

    it('honours every matcher type, fully anchored regexes and the empty-label rule', async () => {
      const q = store.querier(tenant);
      const names = async (m: [string, LabelMatcher['op'], string][]): Promise<string[]> =>
        (await q.select(sel(m), ...range)).map((s) => s.labels.map(([k, v]) => `${k}=${v}`).join(',')).sort();
      expect(
        await names([
          ['__name__', '=~', 'cpu_.*'],
          ['job', '!=', 'api'],
        ]),
      ).toEqual(['__name__=cpu_seconds_total,job=db,mode=system']);
      expect(await names([['__name__', '=~', 'cpu']])).toEqual([]);
      expect(
        await names([
          ['job', '!~', 'a.*'],
          ['__name__', '!=', ''],
        ]),
      ).toEqual(['__name__=cpu_seconds_total,job=db,mode=system']);
      expect(
        await names([
          ['job', '=', 'api'],
          ['mode', '=', ''],
        ]),
      ).toEqual(['__name__=queue_depth,job=api']);
      expect(
        await names([
          ['__name__', '=~', 'cpu_seconds_total|queue_depth'],
          ['job', '=', 'api'],
        ]),
      ).toHaveLength(2);
    });

    it('restricts the time range', async () => {
      const got = await store.querier(tenant).select(
        sel([
          ['__name__', '=', 'cpu_seconds_total'],
          ['job', '=', 'db'],
        ]),
        t0 + 15_000,
        t0 + 45_000,
      );
      expect(Array.from(got[0]!.values)).toEqual([100, 200, 300]);
    });

    it('lists series, label names and label values', async () => {
      const q = store.querier(tenant);
      const series = await q.series([sel([['__name__', '=', 'cpu_seconds_total']])], ...range);
      expect(series.map((s) => Object.fromEntries(s).job).sort()).toEqual(['api', 'db']);
      expect(await q.labelNames([], ...range)).toEqual(['__name__', 'job', 'mode']);
      expect(await q.labelValues('job', [], ...range)).toEqual(['api', 'db']);
      expect(await q.labelValues('mode', [sel([['job', '=', 'db']])], ...range)).toEqual(['system']);
      expect(await q.labelValues('__name__', [], ...range)).toEqual(['cpu_seconds_total', 'queue_depth']);
    });

    it('keeps tenants apart', async () => {
      const mine = await store.querier(other).select(sel([['__name__', '=~', '.+']]), ...range);
      expect(mine).toHaveLength(1);
      expect(Array.from(mine[0]!.values)).toEqual([999]);
      expect(await store.querier(other).labelValues('job', [], ...range)).toEqual(['api']);
      const none = await store.querier(`n${randomBytes(4).toString('hex')}`).select(sel([['__name__', '=~', '.+']]), ...range);
      expect(none).toEqual([]);
    });

    it('selects 20,000 series in one query (more than one label lookup of the embedded store)', async () => {
      const many = `m${randomBytes(4).toString('hex')}`;
      const b = new MetricBatchBuilder(many);
      for (let i = 0; i < 20_000; i++) b.add(b.seriesFor([['__name__', 'wide_gauge'], ['instance', `host-${i}`]]), t0, i);
      expect((await store.write(b.build())).samplesWritten).toBe(20_000);
      await store.forceFlush();
      const got = await store.querier(many).select(sel([['__name__', '=', 'wide_gauge']]), ...range);
      expect(got).toHaveLength(20_000);
      expect(got.reduce((n, s) => n + s.values[0]!, 0)).toBe((19_999 * 20_000) / 2);
      // a select of which a minority of series is new to the querier: 12,000 more, named by fingerprint in chunks
      const b2 = new MetricBatchBuilder(many);
      for (let i = 0; i < 12_000; i++) b2.add(b2.seriesFor([['__name__', 'wide_gauge_b'], ['instance', `host-${i}`]]), t0, -i - 1);
      await store.write(b2.build());
      await store.forceFlush();
      const both = await store.querier(many).select(sel([['__name__', '=~', 'wide_gauge|wide_gauge_b']]), ...range);
      expect(both).toHaveLength(32_000);
      for (const s of both) {
        const name = s.labels.find(([n]) => n === '__name__')![1];
        const host = Number(s.labels.find(([n]) => n === 'instance')![1].slice(5));
        expect(s.values[0]).toBe(name === 'wide_gauge' ? host : -host - 1);
      }
    }, 60_000);
  });
}

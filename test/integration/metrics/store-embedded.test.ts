import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openChdbConnection, openHttpConnection, openEmbeddedMetricStore } from '@pointer/server';
import { metricStoreContract } from './store-contract.js';
import { requireEnv } from './env.js';

metricStoreContract('embedded TSDB on in-process chDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ptr-tsdb-'));
  const conn = await openChdbConnection(join(dir, 'clickhouse'));
  const store = await openEmbeddedMetricStore(conn, { retentionMs: 30 * 86_400_000, walDir: join(dir, 'metrics-wal') });
  return {
    store,
    close: async () => {
      await store.stop();
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

metricStoreContract('embedded TSDB over ClickHouse HTTP', async () => {
  const conn = await openHttpConnection({ url: requireEnv('POINTER_TEST_CLICKHOUSE_URL') });
  const walDir = mkdtempSync(join(tmpdir(), 'ptr-tsdb-wal-'));
  const store = await openEmbeddedMetricStore(conn, { retentionMs: 30 * 86_400_000, walDir });
  return {
    store,
    close: async () => {
      await store.stop();
      await conn.close();
      rmSync(walDir, { recursive: true, force: true });
    },
  };
});

/**
 * Internal module `clickhouse`: the process's one ClickHouse connection (service CLICKHOUSE),
 * shared by the trace, log and metric stores. `storage.traces.backend: embedded` (default)
 * opens the in-process engine under <dataDir>/clickhouse; `clickhouse` connects to
 * `storage.traces.clickhouseUrl` over HTTP. Stores that use it list `clickhouse` in dependsOn,
 * so they stop before it closes.
 */
import { join } from 'node:path';
import { ptrError } from '../../errors/index.js';
import type { ModuleDefinition } from '../../runtime/module.js';
import { DATA_DIR } from '../../runtime/keys.js';
import type { ClickHouseConnection } from './connection.js';
import { CLICKHOUSE } from './keys.js';
import { openChdbConnection } from './chdb-connection.js';
import { openHttpConnection } from './http-connection.js';

export async function openConfiguredConnection(backend: 'embedded' | 'clickhouse', dataDir: string, url: string | undefined): Promise<ClickHouseConnection> {
  if (backend === 'clickhouse') {
    if (!url) throw ptrError('PTR_ERR_CONFIG_INVALID', 'storage.traces.clickhouseUrl is required when storage.traces.backend is "clickhouse"');
    return openHttpConnection({ url });
  }
  return openChdbConnection(join(dataDir, 'clickhouse'));
}

export const clickhouseModule: ModuleDefinition = {
  name: 'clickhouse',
  kind: 'internal',
  description: 'The ClickHouse engine shared by the trace, log and metric stores (in-process chDB, or a server over HTTP).',
  dependsOn: ['runtime'],
  async start(ctx) {
    const { backend, clickhouseUrl } = ctx.config.storage.traces;
    const conn = await openConfiguredConnection(backend, ctx.services.get(DATA_DIR), clickhouseUrl);
    ctx.services.provide(CLICKHOUSE, conn);
    ctx.log.debug('clickhouse connection open', { kind: conn.kind });
    return { readiness: () => ({ ready: true }), stop: () => conn.close() };
  },
};

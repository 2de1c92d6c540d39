import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPtrError, openChdbConnection } from '@pointer/server';
import { connectionContract } from './connection-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'pointer-chdb-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

connectionContract('chdb (in-process)', () => openChdbConnection(join(dir, 'clickhouse')));

describe('chdb engine sharing', () => {
  it('shares one engine per data path and refuses a second path while open', async () => {
    const a = await openChdbConnection(join(dir, 'shared'));
    const b = await openChdbConnection(join(dir, 'shared'));
    await a.exec('CREATE TABLE IF NOT EXISTS s (x UInt8) ENGINE = MergeTree ORDER BY x');
    await a.exec('INSERT INTO s VALUES (1)');
    expect(await b.queryRows('SELECT x FROM s')).toEqual([{ x: 1 }]);
    const other = await openChdbConnection(join(dir, 'other')).catch((e: unknown) => e);
    expect(isPtrError(other) && other.code).toBe('PTR_ERR_STORAGE');
    await a.close();
    await a.close();
    expect(await b.queryRows('SELECT count() AS n FROM s')).toEqual([{ n: '1' }]);
    await b.close();
    const c = await openChdbConnection(join(dir, 'other'));
    await c.close();
    expect(await c.queryRows('SELECT 1').catch((e: unknown) => (isPtrError(e) ? e.code : e))).toBe('PTR_ERR_UNAVAILABLE');
  });
});

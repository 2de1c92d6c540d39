import { describe, it } from 'vitest';
import { openHttpConnection } from '@pointer/server';
import { connectionContract } from './connection-contract.js';

const url = process.env.POINTER_TEST_CLICKHOUSE_URL;

if (!url) {
  describe('ClickHouseConnection contract: http', () => {
    it('needs POINTER_TEST_CLICKHOUSE_URL', () => {
      throw new Error('POINTER_TEST_CLICKHOUSE_URL is not set: run `eval "$(bash scripts/services.sh env)"` after `bash scripts/services.sh up` (the chDB HTTP shim in tools/chdb-http)');
    });
  });
} else {
  connectionContract('http (@clickhouse/client -> chDB HTTP shim)', () => openHttpConnection({ url }));
}

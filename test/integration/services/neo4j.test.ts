/** Neo4j (Bolt) from scripts/services.sh: write and read a graph with neo4j-driver. */
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { serviceEnv, uniqueName } from './env.js';

describe('Neo4j (POINTER_TEST_NEO4J_URL)', () => {
  it('is Neo4j 5 over Bolt and writes and reads back a relationship', async () => {
    // Auth is disabled on the test server; the driver still needs a token.
    const driver = neo4j.driver(serviceEnv('POINTER_TEST_NEO4J_URL'), neo4j.auth.basic('neo4j', 'unused'));
    const run = uniqueName('svc_neo4j');
    const session = driver.session();
    try {
      const info = await driver.getServerInfo();
      expect(info.agent).toMatch(/^Neo4j\/5\./);

      await session.executeWrite((tx) =>
        tx.run('CREATE (:SvcTest {run: $run, name: "checkout"})-[:CALLS {p99: 12.5}]->(:SvcTest {run: $run, name: "payments"})', { run }),
      );
      const result = await session.executeRead((tx) =>
        tx.run('MATCH (a:SvcTest {run: $run})-[r:CALLS]->(b:SvcTest {run: $run}) RETURN a.name AS a, r.p99 AS p99, b.name AS b', { run }),
      );
      expect(result.records.map((r) => r.toObject())).toEqual([{ a: 'checkout', p99: 12.5, b: 'payments' }]);
    } finally {
      await session.close();
      await driver.executeQuery('MATCH (n:SvcTest {run: $run}) DETACH DELETE n', { run }).catch(() => undefined);
      await driver.close();
    }
  });
});

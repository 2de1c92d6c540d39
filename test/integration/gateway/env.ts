/** Service addresses come from `bash scripts/services.sh env`; a missing one fails the test loudly. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run \`eval "$(bash scripts/services.sh env)"\` (npm test does this) so that this test can reach the real service`);
  return v;
}

/** A fresh PostgreSQL schema for one test file, so runs never see each other's rows. */
export async function freshPgSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = requireEnv('POINTER_TEST_PG_URL');
  const schema = `ptr_gw_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

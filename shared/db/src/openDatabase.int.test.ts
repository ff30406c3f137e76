import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase.ts';
import { selectRows } from './selectRows.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const databaseName = `test_db_${randomBytes(6).toString('hex')}`;

async function admin(statement: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(statement, values);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (serverUrl) await admin(`CREATE DATABASE "${databaseName}"`);
});

afterAll(async () => {
  if (serverUrl) await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});

describe('openDatabase on Postgres', () => {
  it('survives the server closing its idle connections, and reconnects', async (context) => {
    if (!serverUrl)
      context.skip('needs TEST_DATABASE_URL: PGlite has no server to close connections');
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    const handle = await openDatabase({ name: 'pooltest', url: url.toString() }, {});
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      await handle.ping();
      const { rowCount } = await admin(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [databaseName],
      );
      expect(rowCount).toBeGreaterThan(0);
      // Give the terminated connection's error time to reach the pool.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(uncaught).toEqual([]);
      const [row] = await selectRows<{ one: number }>(handle.db, sql`SELECT 1 AS one`);
      expect(row?.one).toBe(1);
    } finally {
      process.off('uncaughtException', record);
      await handle.close();
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsApplied } from './migrationsApplied.ts';
import { openDatabase } from './openDatabase.ts';
import { selectRows } from './selectRows.ts';

const folder = mkdtempSync(join(tmpdir(), 'migrations-applied-'));
mkdirSync(join(folder, 'meta'));

/** Writes the folder's journal and SQL files as drizzle-kit would, for `migrations` in order. */
function writeMigrations(migrations: { tag: string; when: number; sql: string }[]) {
  for (const migration of migrations) {
    writeFileSync(join(folder, `${migration.tag}.sql`), migration.sql);
  }
  const entries = migrations.map(({ tag, when }, idx) => ({
    idx,
    version: '7',
    when,
    tag,
    breakpoints: true,
  }));
  writeFileSync(
    join(folder, 'meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }),
  );
}

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('migrationsApplied', () => {
  it('is true once every migration is recorded, and false when one is new or changed', async () => {
    const first = { tag: '0000_first', when: 1000, sql: 'CREATE TABLE first (id int);' };
    writeMigrations([first]);
    const handle = await openDatabase({ name: 'applied' }, {});
    try {
      const config = {
        migrationsFolder: folder,
        migrationsSchema: 'drizzle',
        migrationsTable: 'applied_migrations',
      };
      // No migrations table yet.
      expect(await migrationsApplied(handle.db, config)).toBe(false);
      await handle.migrate(folder);
      expect(await migrationsApplied(handle.db, config)).toBe(true);
      // One query when nothing is to do.
      const { statements } = await handle.statements.measure(() => handle.migrate(folder));
      expect(statements).toBe(1);

      const second = { tag: '0001_second', when: 2000, sql: 'CREATE TABLE second (id int);' };
      writeMigrations([first, second]);
      expect(await migrationsApplied(handle.db, config)).toBe(false);
      await handle.migrate(folder);
      expect(await migrationsApplied(handle.db, config)).toBe(true);
      const tables = await selectRows<{ name: string }>(
        handle.db,
        sql`SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('first', 'second') ORDER BY 1`,
      );
      expect(tables.map((table) => table.name)).toEqual(['first', 'second']);

      // A recorded migration whose file changed since is not "applied": the migrator decides.
      writeMigrations([first, { ...second, sql: 'CREATE TABLE second (id bigint);' }]);
      expect(await migrationsApplied(handle.db, config)).toBe(false);
    } finally {
      await handle.close();
    }
  });
});

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureMigratedTemplate, migratedTemplateFolder } from './migratedTemplate.ts';
import { openDatabase } from './openDatabase.ts';
import { ensurePgliteTemplate } from './pgliteTemplate.ts';
import { selectRows } from './selectRows.ts';

const root = mkdtempSync(join(tmpdir(), 'migrated-template-'));
const base = join(root, 'template');
const migrations = join(root, 'drizzle');

afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

/** Writes a drizzle-kit migrations folder of one migration with `statement`. */
function writeMigrations(statement: string) {
  mkdirSync(join(migrations, 'meta'), { recursive: true });
  const entry = { idx: 0, version: '7', when: 1, tag: '0000_init', breakpoints: true };
  writeFileSync(
    join(migrations, 'meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries: [entry] }),
  );
  writeFileSync(join(migrations, '0000_init.sql'), statement);
}

describe('a migrated PGlite template', () => {
  it('opens already migrated, and is another folder once a migration changes', async () => {
    await ensurePgliteTemplate(base);
    writeMigrations('CREATE TABLE kept (value int);');
    const folder = migratedTemplateFolder('t', migrations, base);
    const options = { name: 't', migrationsFolder: migrations, base };
    expect(await ensureMigratedTemplate(folder, options)).toBe(true);
    expect(await ensureMigratedTemplate(folder, options)).toBe(false);
    // Nothing half made is left beside it.
    expect(readdirSync(dirname(folder))).toEqual([folder.slice(dirname(folder).length + 1)]);

    const dataDir = join(root, 'fresh');
    const database = await openDatabase({ name: 't', dataDir, pgliteTemplate: folder }, {});
    const { statements } = await database.statements.measure(() => database.migrate(migrations));
    expect(await selectRows(database.db, sql`SELECT to_regclass('kept')::text AS found`)).toEqual([
      { found: 'kept' },
    ]);
    // The migrator only read what was applied: no statement of the migration ran again.
    expect(statements).toBeLessThanOrEqual(3);
    await database.close();

    writeMigrations('CREATE TABLE kept (value bigint);');
    expect(migratedTemplateFolder('t', migrations, base)).not.toBe(folder);
    expect(migratedTemplateFolder('u', migrations, base)).not.toBe(
      migratedTemplateFolder('t', migrations, base),
    );
  }, 300_000);
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase.ts';
import { copyPgliteTemplate, ensurePgliteTemplate } from './pgliteTemplate.ts';
import { selectRows } from './selectRows.ts';

const root = mkdtempSync(join(tmpdir(), 'pglite-template-'));
const template = join(root, 'template');

afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

describe('the PGlite template', () => {
  it('is made once, and a fresh folder opened from it is a working cluster of its own', async () => {
    expect(await ensurePgliteTemplate(template)).toBe(true);
    expect(await ensurePgliteTemplate(template)).toBe(false);
    // Nothing half made is left beside it.
    expect(readdirSync(root)).toEqual(['template']);

    const first = join(root, 'first');
    const second = join(root, 'second');
    mkdirSync(second);
    for (const dataDir of [first, second]) {
      const database = await openDatabase({ name: 't', dataDir, pgliteTemplate: template }, {});
      await database.db.execute(sql`CREATE TABLE kept (value int)`);
      await database.db.execute(sql`INSERT INTO kept VALUES (1)`);
      await database.close();
    }
    // Each folder holds its own table; the template stays empty.
    const reopened = await openDatabase({ name: 't', dataDir: first }, {});
    expect(await selectRows(reopened.db, sql`SELECT count(*)::int AS n FROM kept`)).toEqual([
      { n: 1 },
    ]);
    await reopened.close();
    const pristine = await openDatabase({ name: 't', dataDir: template }, {});
    expect(await selectRows(pristine.db, sql`SELECT to_regclass('kept') AS found`)).toEqual([
      { found: null },
    ]);
    await pristine.close();
  }, 300_000);

  it('leaves a folder that holds anything alone, and does nothing without a template', () => {
    const used = join(root, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'note'), 'mine');
    expect(copyPgliteTemplate(template, used)).toBe(false);
    expect(readdirSync(used)).toEqual(['note']);
    expect(copyPgliteTemplate(join(root, 'missing'), join(root, 'fresh'))).toBe(false);
    expect(existsSync(join(root, 'fresh'))).toBe(false);
  });
});

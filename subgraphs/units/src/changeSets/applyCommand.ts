/**
 * `pnpm --filter @home-affairs/units changeset:apply <file>`: applies one change set file to the
 * units database named by UNITS_DATABASE_URL or DATABASE_URL, or to PGlite under `.data/units` at
 * the repository root (DATA_DIR moves it, as for the subgraph). Migrates, and runs the first
 * import, when the database is empty. Exits 1 with the error code and every issue when the change
 * set is refused.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { databaseConfigFromEnv } from '@home-affairs/db';
import { createLogger } from '@home-affairs/service';
import { importRuns } from '../db/schema.ts';
import { importUnits } from '../import/importUnits.ts';
import { migrationsFolder, openUnitsDatabase } from '../server.ts';
import { applyChangeSet } from './applyChangeSet.ts';
import { ChangeSetError } from './ChangeSetError.ts';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: pnpm --filter @home-affairs/units changeset:apply <change-set.json>');
  process.exit(2);
}
// pnpm runs the script inside the package folder; INIT_CWD is where the command was typed.
const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
const logger = createLogger('units');
// The same configuration as the subgraph itself (src/main.ts), so the change lands where it serves.
const handle = await openUnitsDatabase(databaseConfigFromEnv('units', process.env));
try {
  await handle.migrate(migrationsFolder);
  await handle.exclusively('import', async (db) => {
    const [run] = await db.select({ id: importRuns.id }).from(importRuns).limit(1);
    if (!run) await importUnits(db, { logger });
  });
  const text = await readFile(path, 'utf8');
  const result = await applyChangeSet(handle.db, text, { fileName: path, logger });
  console.log(
    result.status === 'applied'
      ? `applied ${result.id} (effective ${result.effectiveDate}): ${result.versionsClosed} versions closed, ${result.versionsOpened} opened, ${result.transitions} transitions`
      : `${result.id} was already applied with the same checksum: nothing to do`,
  );
} catch (error) {
  if (error instanceof ChangeSetError) {
    console.error(`change set refused (${error.code}):`);
    for (const issue of error.issues)
      console.error(`  ${issue.code} at ${issue.path}: ${issue.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await handle.close();
}

import type { DatabaseHandle } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import type { ChangeSetResult } from '../changeSets/applyChangeSet.ts';
import { applyChangeSetFolder } from '../changeSets/applyChangeSetFolder.ts';
import type * as schema from '../db/schema.ts';
import { importRuns } from '../db/schema.ts';
import { type ImportResult, importUnits } from './importUnits.ts';

/** What `ensureUnitsImported` found and did. */
export interface EnsureUnitsImportedResult {
  /** The import run written now; undefined when an earlier run already imported the data. */
  imported: ImportResult | undefined;
  changeSets: ChangeSetResult[];
}

/**
 * Makes sure the units data is in the database, once across replicas: under the `import` lock,
 * imports both packages if no import run exists yet, then applies the shipped change sets (those
 * already applied are no-ops). Call it at start-up after migrating.
 */
export async function ensureUnitsImported(
  handle: DatabaseHandle<typeof schema>,
  logger: Logger,
  options: {
    /** @default the shipped `changesets/` folder */
    changeSetsFolder?: string;
  } = {},
): Promise<EnsureUnitsImportedResult> {
  return handle.exclusively('import', async (db) => {
    const [run] = await db.select({ id: importRuns.id }).from(importRuns).limit(1);
    let imported: ImportResult | undefined;
    if (run) {
      logger.info({ runId: run.id }, 'units import: already done');
    } else {
      imported = await importUnits(db, { logger });
    }
    const started = performance.now();
    const changeSets = await applyChangeSetFolder(db, {
      folder: options.changeSetsFolder,
      logger,
    });
    logger.info(
      {
        changeSets: changeSets.length,
        applied: changeSets.filter((result) => result.status === 'applied').length,
        ms: Math.round(performance.now() - started),
      },
      'units change sets: done',
    );
    return { imported, changeSets };
  });
}

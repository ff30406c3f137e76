import type { DatabaseHandle } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import { sql } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import type { UnitDirectoryLoader } from '../directory/fetchUnitDirectories.ts';
import { storeUnitDirectory } from '../directory/storeUnitDirectory.ts';
import { fullRegistry, generateRegistry, type RegistryLayout } from './generateRegistry.ts';

/**
 * Makes sure the unit directory and the demo registry are in the database, once across replicas
 * (under the `seed` lock): copies the unit lists when the directory is empty, then generates the
 * registry when there is no organisation yet, in one transaction each.
 */
export async function ensureRegistry(
  handle: DatabaseHandle<typeof schema>,
  logger: Logger,
  options: { loadDirectory: UnitDirectoryLoader; layout?: RegistryLayout },
): Promise<void> {
  await handle.exclusively('seed', async (db) => {
    const [counts] = await selectRows<{ units: number; organizations: number }>(
      db,
      sql`SELECT
        (SELECT count(*)::int FROM associations.unit_directory) AS units,
        (SELECT count(*)::int FROM associations.organizations) AS organizations`,
    );
    const { units, organizations } = counts!;
    if (units === 0) {
      const started = performance.now();
      const directories = await options.loadDirectory();
      const stored = await db.transaction((tx) => storeUnitDirectory(tx, directories));
      logger.info(
        { ...stored, durationMs: Math.round(performance.now() - started) },
        'associations unit directory: done',
      );
    }
    if (organizations === 0) {
      const started = performance.now();
      const generated = await db.transaction((tx) =>
        generateRegistry(tx, options.layout ?? fullRegistry),
      );
      logger.info(
        { ...generated, durationMs: Math.round(performance.now() - started) },
        'associations demo data: done',
      );
    }
  });
}

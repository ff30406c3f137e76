import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import { sql } from 'drizzle-orm';
import { storeUnitDirectory } from '../directory/storeUnitDirectory.ts';
import type { PrepareOptions } from '../server.ts';
import { demoProfile } from './generateDossiers.ts';
import { loadDemoDossiers } from './loadDemoDossiers.ts';
import { seedCatalogue } from './seedCatalogue.ts';
import { seedPublications } from './seedPublications.ts';

async function isEmpty(db: Database<Record<string, unknown>>, table: string) {
  const [row] = await selectRows<{ empty: boolean }>(
    db,
    sql.raw(`SELECT NOT EXISTS (SELECT 1 FROM procedures.${table}) AS empty`),
  );
  return row!.empty;
}

/**
 * Fills what is empty, in order: the unit directory (from the units subgraph), the catalogue and
 * calendar, then the demo dossiers and their statistics. Each step runs once per database.
 */
export async function seedDatabase(
  db: Database<Record<string, unknown>>,
  logger: Logger,
  options: PrepareOptions,
) {
  if (await isEmpty(db, 'unit_directory')) {
    const started = performance.now();
    const units = await options.loadDirectory();
    const stored = await storeUnitDirectory(db, units);
    logger.info(
      { units: stored, durationMs: Math.round(performance.now() - started) },
      'procedures unit directory: stored',
    );
  }
  if (await isEmpty(db, 'procedures')) await seedCatalogue(db);
  // Also on a database seeded before the service index existed (the table is newer).
  if (await isEmpty(db, 'procedure_publications')) await seedPublications(db);
  const count = options.demoDossiers ?? demoProfile.count;
  if (count > 0 && (await isEmpty(db, 'dossiers'))) {
    const started = performance.now();
    // Generated and counted in JavaScript, bulk-loaded with COPY (docs/procedures.md).
    const { counters } = await db.transaction((tx) => loadDemoDossiers(tx, demoProfile, count));
    logger.info(
      { dossiers: count, counters, durationMs: Math.round(performance.now() - started) },
      'procedures demo data: done',
    );
  }
}

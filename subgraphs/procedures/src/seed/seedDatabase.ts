import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { dossiers, procedurePublications, procedures, unitDirectory } from '../db/schema.ts';
import { storeUnitDirectory } from '../directory/storeUnitDirectory.ts';
import type { PrepareOptions } from '../server.ts';
import { demoProfile } from './generateDossiers.ts';
import { loadDemoDossiers, startDemoDataWorker } from './loadDemoDossiers.ts';
import { seedCatalogue } from './seedCatalogue.ts';
import { seedPublications } from './seedPublications.ts';

/** Whether `table` has no row yet (a first start). */
async function isEmpty(db: Database<Record<string, unknown>>, table: PgTable) {
  const [row] = await selectRows<{ empty: boolean }>(
    db,
    sql`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`,
  );
  return row!.empty;
}

/**
 * Fills what is empty: the catalogue and calendar while the unit directory is read from the units
 * subgraph, then the directory, then the demo dossiers and their statistics. Each step runs once per database.
 */
export async function seedDatabase(
  db: Database<Record<string, unknown>>,
  logger: Logger,
  options: PrepareOptions,
) {
  const count = options.demoDossiers ?? demoProfile.count;
  // The demo data's worker loads its modules, and the directory is read from the units subgraph
  // (still importing on a first start), while the catalogue and calendar are written.
  const worker = count > 0 && (await isEmpty(db, dossiers)) ? startDemoDataWorker() : undefined;
  try {
    await seedReferenceData(db, logger, options);
    if (worker) {
      const loading = performance.now();
      // Generated and counted in JavaScript, bulk-loaded with COPY (docs/procedures.md).
      const { counters } = await db.transaction((tx) =>
        loadDemoDossiers(tx, demoProfile, count, worker),
      );
      logger.info(
        { dossiers: count, counters, durationMs: Math.round(performance.now() - loading) },
        'procedures demo data: done',
      );
    }
  } finally {
    await worker?.worker.terminate();
  }
}

/** The catalogue and calendar, the unit directory and the publications, where empty. */
async function seedReferenceData(
  db: Database<Record<string, unknown>>,
  logger: Logger,
  options: PrepareOptions,
) {
  const started = performance.now();
  const directory = (await isEmpty(db, unitDirectory)) ? options.loadDirectory() : undefined;
  directory?.catch(() => {}); // awaited below; not unhandled while the catalogue is written
  if (await isEmpty(db, procedures)) await seedCatalogue(db);
  if (directory) {
    const stored = await storeUnitDirectory(db, await directory);
    logger.info(
      { units: stored, durationMs: Math.round(performance.now() - started) },
      'procedures unit directory: stored',
    );
  }
  // Also on a database seeded before the service index existed (the table is newer).
  if (await isEmpty(db, procedurePublications)) await seedPublications(db);
}

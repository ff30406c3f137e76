import type { DatabaseHandle } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import { count } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { agencies, unitDirectory } from '../db/schema.ts';
import {
  currentDirectoryDay,
  storeUnitDirectory,
  type UnitDirectoryLoader,
} from '../directory/unitDirectoryFromGraph.ts';
import { seedDemoData } from './seedDemoData.ts';

/**
 * Makes sure the unit directory copy and the demo data exist, once across replicas: under the
 * `seed` lock, copies the directory if there is none, then generates the demo data if there are
 * no agencies yet, in one transaction. The directory is read before taking the lock, since
 * reading it waits for the units subgraph.
 */
export async function ensureDemoData(
  handle: DatabaseHandle<typeof schema>,
  logger: Logger,
  loadDirectory: UnitDirectoryLoader,
): Promise<void> {
  const [seeded] = await handle.db.select({ value: count() }).from(agencies);
  if ((seeded?.value ?? 0) > 0) {
    logger.info('personnel demo data: already there');
    return;
  }
  const [copied] = await handle.db.select({ value: count() }).from(unitDirectory);
  const snapshot = (copied?.value ?? 0) > 0 ? undefined : await loadDirectory(logger);
  await handle.exclusively('seed', async (db) => {
    await db.transaction(async (tx) => {
      const [again] = await tx.select({ value: count() }).from(agencies);
      if ((again?.value ?? 0) > 0) return;
      const [directory] = await tx.select({ value: count() }).from(unitDirectory);
      if (snapshot && (directory?.value ?? 0) === 0) {
        await storeUnitDirectory(tx, snapshot);
        logger.info(
          { beforeReform: snapshot.beforeReform.length, current: snapshot.current.length },
          'unit directory: copied',
        );
      }
      const currentDay = await currentDirectoryDay(tx);
      if (!currentDay) throw new Error('The unit directory copy is empty.');
      await seedDemoData(tx, currentDay, logger);
    });
  });
}

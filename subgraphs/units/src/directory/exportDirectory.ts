import { todayInVietnam } from '@home-affairs/graphql';
import { anonymousIdentity } from '@home-affairs/identity';
import type { Logger, SubgraphServer } from '@home-affairs/service';
import { exportUnitDirectories } from '@home-affairs/unit-directory';
import { createContext, type UnitsContext } from '../context.ts';
import type { UnitsDatabase } from '../units/queries.ts';

/**
 * The days the agency subgraphs copy the unit lists of (their `src/directory/`): the eve of the
 * reform, its first day, and today.
 */
export function directoryDays(today = todayInVietnam()): string[] {
  return ['2025-06-30', '2025-07-01', today];
}

/**
 * Exports the unit lists of `days` into `folder` for the agency subgraphs started beside this one
 * (`pnpm start` on a first start, UNIT_DIRECTORY_EXPORT_DIR): the public `units` query run in
 * this process, as an anonymous caller, through its own Apollo Server (exportUnitDirectories).
 * A failure is logged; the agency subgraphs then read through the graph.
 */
export async function exportDirectory(options: {
  apollo: SubgraphServer<UnitsContext>['apollo'];
  db: UnitsDatabase;
  folder: string;
  logger: Logger;
  days?: readonly string[];
}): Promise<void> {
  const { apollo, db, folder, logger, days = directoryDays() } = options;
  const started = performance.now();
  try {
    await exportUnitDirectories({
      folder,
      days,
      execute: async (query, variables) => {
        const response = await apollo.executeOperation(
          { query, variables },
          { contextValue: createContext(db, anonymousIdentity) },
        );
        if (response.body.kind !== 'single') throw new Error('Unexpected incremental answer');
        const { data, errors } = response.body.singleResult;
        if (!data || errors?.length) {
          throw new Error(
            `units query failed: ${errors?.map((error) => error.message).join('; ')}`,
          );
        }
        return data;
      },
    });
    logger.info(
      { days, durationMs: Math.round(performance.now() - started) },
      'unit directory: exported',
    );
  } catch (error) {
    logger.warn(
      { err: error },
      'unit directory: export failed; the agencies read it through the graph',
    );
  }
}

import { todayInVietnam } from '@home-affairs/graphql';
import type { Logger } from '@home-affairs/service';
import { type CacheInvalidationChannel, fetchUnitDirectories } from '@home-affairs/unit-directory';
import type { JWK } from 'jose';
import {
  type AssociationsSubgraph,
  startAssociationsSubgraph,
} from './startAssociationsSubgraph.ts';
import { type PersonnelSubgraph, startPersonnelSubgraph } from './startPersonnelSubgraph.ts';
import { type ProceduresSubgraph, startProceduresSubgraph } from './startProceduresSubgraph.ts';
import { startUnitsSubgraph, type UnitsSubgraph } from './startUnitsSubgraph.ts';

/** The four real subgraphs with demo data, each over its own throwaway database. */
export interface DemoSubgraphs {
  units: UnitsSubgraph;
  associations: AssociationsSubgraph;
  personnel: PersonnelSubgraph;
  procedures: ProceduresSubgraph;
  /** Each subgraph's URL by name, for `startTestGateway` or `createGateway`. */
  urls: Record<string, string>;
  /** Stops one agency subgraph (its fields then fail with SUBGRAPH_UNAVAILABLE). */
  stop(name: 'associations' | 'personnel' | 'procedures'): Promise<void>;
  /** Stops every subgraph still running and drops their databases. */
  dispose(): Promise<void>;
}

/**
 * Starts the units subgraph, then the three agency subgraphs fed the real unit directory read
 * through it (the last three-tier list, the first two-tier list and today's), as `pnpm start`
 * does, with `demoDossiers` generated dossiers. With `personnelIdentityKey`, personnel checks the
 * gateway's signed identity (so its personal fields can be read by a writer through a secured
 * gateway); every other caller is read as anonymous.
 */
export async function startDemoSubgraphs(options: {
  demoDossiers: number;
  /** Each subgraph's logger, by name. @default silent loggers */
  loggerOf?: (name: string) => Logger;
  /** The key personnel checks the gateway's signed identity with. @default every caller anonymous */
  personnelIdentityKey?: JWK;
  /**
   * The key units checks the gateway's signed identity with, when a request carries one (so that
   * a `write:units` writer can record corrections through a secured gateway); the agency
   * subgraphs' unsigned reads of the directory and the feed are anonymous.
   * @default every caller anonymous
   */
  unitsIdentityKey?: JWK;
  /**
   * Have the agency subgraphs follow the units subgraph's feed of unit changes, read from the
   * units subgraph directly, polling at this interval (milliseconds).
   */
  unitFeedIntervalMilliseconds?: number;
  /** Where the agency subgraphs announce what following the feed changed. @default nowhere */
  cacheInvalidation?: CacheInvalidationChannel;
}): Promise<DemoSubgraphs> {
  const loggerOf = options.loggerOf ?? (() => undefined);
  const units = await startUnitsSubgraph({
    logger: loggerOf('units'),
    gatewayIdentityKey: options.unitsIdentityKey,
  });
  try {
    const today = todayInVietnam();
    const unitFeed =
      options.unitFeedIntervalMilliseconds === undefined
        ? undefined
        : {
            graphUrl: units.url,
            intervalMilliseconds: options.unitFeedIntervalMilliseconds,
            cacheInvalidation: options.cacheInvalidation,
          };
    const [beforeReform, firstTwoTier, current] = await fetchUnitDirectories(
      ['2025-06-30', '2025-07-01', today],
      { graphUrl: units.url },
    );
    const [associations, personnel, procedures] = await Promise.all([
      startAssociationsSubgraph({
        loadDirectory: async () => ({ old: beforeReform, current }),
        logger: loggerOf('associations'),
        unitFeed,
      }),
      startPersonnelSubgraph({
        directory: { beforeReform, current, currentDay: today },
        logger: loggerOf('personnel'),
        identityPublicKey: options.personnelIdentityKey,
        unitFeed,
      }),
      startProceduresSubgraph({
        directory: [...beforeReform, ...firstTwoTier, ...current],
        demoDossiers: options.demoDossiers,
        logger: loggerOf('procedures'),
        unitFeed,
      }),
    ]);
    const subgraphs = { units, associations, personnel, procedures };
    const stopped = new Set<string>();
    return {
      ...subgraphs,
      urls: Object.fromEntries(Object.entries(subgraphs).map(([name, { url }]) => [name, url])),
      async stop(name) {
        stopped.add(name);
        await subgraphs[name].dispose();
      },
      async dispose() {
        await Promise.all(
          (['associations', 'personnel', 'procedures'] as const).map((name) =>
            stopped.has(name) ? undefined : subgraphs[name].dispose(),
          ),
        );
        await units.dispose();
      },
    };
  } catch (error) {
    await units.dispose();
    throw error;
  }
}

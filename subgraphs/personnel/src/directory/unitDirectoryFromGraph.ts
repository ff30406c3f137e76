import { todayInVietnam } from '@home-affairs/graphql';
import type { Logger } from '@home-affairs/service';
import { type DirectoryUnit, fetchUnitDirectories } from '@home-affairs/unit-directory';
import { sql } from 'drizzle-orm';
import type { PersonnelDatabase } from '../common/personnelDatabase.ts';
import { unitDirectory } from '../db/schema.ts';

/** The day before the reform: the last day of the three-tier list (63 provinces, 696 districts). */
export const beforeReformDay = '2025-06-30';

/** The administrative units this subgraph builds its agencies from. */
export interface UnitDirectorySnapshot {
  /** Units in force on 2025-06-30: provinces, districts and communes of the three tiers. */
  beforeReform: DirectoryUnit[];
  /** Units in force on `currentDay`. */
  current: DirectoryUnit[];
  currentDay: string;
}

/** Reads the two directories this subgraph needs; tests pass a fixture instead. */
export type UnitDirectoryLoader = (logger: Logger) => Promise<UnitDirectorySnapshot>;

/**
 * Reads the directories through the graph (the gateway, or the units subgraph itself), waiting
 * while the units subgraph is still importing, as on a first `pnpm start`.
 */
export function unitDirectoryFromGraph(graphUrl: string): UnitDirectoryLoader {
  return async (logger) => {
    const onWait = (reason: string) => logger.info({ reason }, 'unit directory: waiting');
    const currentDay = todayInVietnam();
    const [beforeReform, current] = await fetchUnitDirectories([beforeReformDay, currentDay], {
      graphUrl,
      onWait,
    });
    return { beforeReform, current, currentDay };
  };
}

/** Writes the directory copy, 1,000 rows per statement. */
export async function storeUnitDirectory(db: PersonnelDatabase, snapshot: UnitDirectorySnapshot) {
  const rows = [
    ...snapshot.beforeReform.map((unit) => ({ unit, asOf: beforeReformDay })),
    ...snapshot.current.map((unit) => ({ unit, asOf: snapshot.currentDay })),
  ].map(({ unit, asOf }) => ({
    asOf,
    code: unit.code,
    level: unit.level,
    type: unit.type,
    name: unit.name,
    fullName: unit.fullName,
    parentCode: unit.parentCode,
    provinceCode: unit.provinceCode,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    currentCodes: unit.currentCodes,
  }));
  for (let start = 0; start < rows.length; start += 1000) {
    await db.insert(unitDirectory).values(rows.slice(start, start + 1000));
  }
}

/** The day of the current directory copy; undefined when there is no copy. */
export async function currentDirectoryDay(db: PersonnelDatabase): Promise<string | undefined> {
  const [row] = await db
    .select({ day: sql<string | null>`max(${unitDirectory.asOf})::text` })
    .from(unitDirectory);
  return row?.day ?? undefined;
}

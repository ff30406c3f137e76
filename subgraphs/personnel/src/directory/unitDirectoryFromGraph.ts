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

/**
 * Writes the directory copy in one statement, the units of each day in the order the graph gave
 * them: one parameter of JSON that Postgres takes apart (`json_to_recordset`) rather than eleven
 * parameters a row built by drizzle. Not COPY: an INSERT places each row as the earlier
 * 1,000-row INSERTs did (a row that does not fit the last page may go to an earlier one), and the
 * committees, whose order numbers the status changes, are generated in that physical order.
 */
export async function storeUnitDirectory(db: PersonnelDatabase, snapshot: UnitDirectorySnapshot) {
  const days = [
    { units: snapshot.beforeReform, asOf: beforeReformDay },
    { units: snapshot.current, asOf: snapshot.currentDay },
  ];
  const rows = days.flatMap(({ units, asOf }) =>
    units.map((unit) => ({
      as_of: asOf,
      code: unit.code,
      level: unit.level,
      type: unit.type,
      name: unit.name,
      full_name: unit.fullName,
      parent_code: unit.parentCode,
      province_code: unit.provinceCode,
      valid_from: unit.validFrom,
      valid_to: unit.validTo,
      current_codes: unit.currentCodes,
    })),
  );
  await db.execute(sql`
    INSERT INTO ${unitDirectory} (as_of, code, level, type, name, full_name, parent_code,
      province_code, valid_from, valid_to, current_codes)
    SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS unit(as_of date, code text,
      level text, type text, name text, full_name text, parent_code text, province_code text,
      valid_from date, valid_to date, current_codes text[])`);
}

/** The day of the current directory copy; undefined when there is no copy. */
export async function currentDirectoryDay(db: PersonnelDatabase): Promise<string | undefined> {
  const [row] = await db
    .select({ day: sql<string | null>`max(${unitDirectory.asOf})::text` })
    .from(unitDirectory);
  return row?.day ?? undefined;
}

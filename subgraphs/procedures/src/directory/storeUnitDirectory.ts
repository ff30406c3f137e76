import { copyRows } from '@home-affairs/bulk-load';
import type { Database } from '@home-affairs/db';
import { todayInVietnam } from '@home-affairs/graphql';
import {
  type DirectoryUnit,
  fetchUnitDirectories,
  type UnitDirectoryOptions,
} from '@home-affairs/unit-directory';
import { unitDirectory } from '../db/schema.ts';

/**
 * Reads every unit a dossier may name from the units graph: the last three-tier list
 * (2025-06-30), the first two-tier list (2025-07-01) and today's, as one list of versions.
 */
export async function fetchDirectoryUnits(
  options: UnitDirectoryOptions,
  today = todayInVietnam(),
): Promise<DirectoryUnit[]> {
  return (await fetchUnitDirectories(['2025-06-30', '2025-07-01', today], options)).flat();
}

type DirectoryRow = typeof unitDirectory.$inferInsert;

/**
 * Merges unit versions read on several days (the last three-tier list, the first two-tier list,
 * today's) into one row per code: validity from the earliest version to the latest, and the unit
 * in force today that its dossiers count under. A code in force today counts under itself; an
 * old commune or province under the first unit that carries it on; an old district, whose
 * procedures went to communes and provinces, under its province's successor. An old unit the
 * lineage maps nowhere counts under its old province's successor, never silently dropped.
 */
function mergeDirectory(units: DirectoryUnit[]): DirectoryRow[] {
  const versions = new Map<string, DirectoryUnit[]>();
  for (const unit of units) versions.set(unit.code, [...(versions.get(unit.code) ?? []), unit]);
  const current = new Map<string, DirectoryUnit>();
  for (const unit of units) if (unit.validTo === null) current.set(unit.code, unit);

  const currentOf = (code: string): DirectoryUnit | undefined => {
    const inForce = current.get(code);
    if (inForce) return inForce;
    const latest = (versions.get(code) ?? []).at(-1);
    if (!latest) return undefined;
    if (latest.level !== 'DISTRICT') {
      for (const successor of latest.currentCodes) {
        const found = current.get(successor);
        if (found) return found;
      }
    }
    return latest.provinceCode === code ? undefined : currentOf(latest.provinceCode);
  };

  const rows: DirectoryRow[] = [];
  for (const [code, list] of versions) {
    const latest = list.find((unit) => unit.validTo === null) ?? list.at(-1)!;
    const successor = currentOf(code);
    if (!successor) continue;
    rows.push({
      code,
      level: latest.level,
      name: latest.name,
      provinceCode: latest.provinceCode,
      validFrom: list.some((unit) => unit.validFrom === null)
        ? null
        : list.map((unit) => unit.validFrom).sort()[0]!,
      validTo: list.some((unit) => unit.validTo === null)
        ? null
        : list
            .map((unit) => unit.validTo)
            .sort()
            .at(-1)!,
      currentCode: successor.code,
      currentProvinceCode: successor.provinceCode,
    });
  }
  return rows;
}

/** The columns of `unit_directory` as `storeUnitDirectory` copies them. */
const columns = [
  unitDirectory.code,
  unitDirectory.level,
  unitDirectory.name,
  unitDirectory.provinceCode,
  unitDirectory.validFrom,
  unitDirectory.validTo,
  unitDirectory.currentCode,
  unitDirectory.currentProvinceCode,
];

/**
 * Replaces the stored directory with `units` (several days' lists), in one transaction, the rows
 * bulk-loaded with COPY (`copyRows`; the 10,811 rows of a first start went in as 2,000-row
 * INSERTs whose 86,000 parameters drizzle built one by one, on the path to the demo data).
 */
export async function storeUnitDirectory(
  db: Database<Record<string, unknown>>,
  units: DirectoryUnit[],
) {
  const rows = mergeDirectory(units);
  await db.transaction(async (tx) => {
    await tx.delete(unitDirectory);
    await copyRows(
      tx,
      unitDirectory,
      columns,
      rows.map((row) => [
        row.code,
        row.level,
        row.name,
        row.provinceCode,
        row.validFrom ?? null,
        row.validTo ?? null,
        row.currentCode,
        row.currentProvinceCode,
      ]),
    );
  });
  return rows.length;
}

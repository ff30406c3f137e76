import type { Database } from '@home-affairs/db';
import { foldForSearch } from '@home-affairs/graphql';
import type { DirectoryUnit } from '@home-affairs/unit-directory';
import { sql } from 'drizzle-orm';
import type * as schema from '../db/schema.ts';
import { unitDirectory } from '../db/schema.ts';
import type { UnitDirectories } from './fetchUnitDirectories.ts';

/** A row of `unit_directory` as `json_to_recordset` reads it below (SQL column names). */
function directoryRow(
  snapshot: 'OLD' | 'CURRENT',
  unit: DirectoryUnit,
  currentCode: string | null,
  currentProvinceCode: string | null,
) {
  return {
    snapshot,
    code: unit.code,
    level: unit.level,
    name: unit.name,
    search_name: foldForSearch(unit.name),
    parent_code: unit.parentCode,
    province_code: unit.provinceCode,
    current_code: currentCode,
    current_province_code: currentProvinceCode,
  };
}

/**
 * Stores both unit lists in `unit_directory` in one statement (a JSON parameter unpacked by
 * `json_to_recordset`, far cheaper than thousands of bind parameters). An old unit gets the first
 * unit in force today that carries it on, and that unit's province; a unit abolished with no
 * recorded successor keeps null there (organisations seated in it keep their recorded province).
 */
export async function storeUnitDirectory(
  db: Database<typeof schema>,
  directories: UnitDirectories,
): Promise<{ old: number; current: number }> {
  const currentProvince = new Map(
    directories.current.map((unit) => [unit.code, unit.provinceCode]),
  );
  const rows = [
    ...directories.old.map((unit) => {
      const currentCode = unit.currentCodes[0] ?? null;
      const currentProvinceCode = currentCode ? (currentProvince.get(currentCode) ?? null) : null;
      return directoryRow('OLD', unit, currentCode, currentProvinceCode);
    }),
    ...directories.current.map((unit) =>
      directoryRow('CURRENT', unit, unit.code, unit.provinceCode),
    ),
  ];
  await db.execute(sql`
    INSERT INTO ${unitDirectory}
      (snapshot, code, level, name, search_name, parent_code, province_code, current_code, current_province_code)
    SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS rows(
      snapshot text, code text, level text, name text, search_name text, parent_code text, province_code text,
      current_code text, current_province_code text)`);
  return { old: directories.old.length, current: directories.current.length };
}

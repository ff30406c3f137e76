import type { DirectoryUnit } from './fetchUnitDirectory.ts';
import type { DirectoryLevel } from './unitVersion.ts';

/** A unit of a test's directory as a row: code, level, name, parent, province, and today's codes. */
export type DirectoryUnitRow = [
  code: string,
  level: DirectoryLevel,
  name: string,
  parentCode: string | null,
  provinceCode: string,
  currentCodes: string[],
];

/** The type a unit of each level has in a test's directory: a district is a rural one. */
const typeOfLevel = { PROVINCE: 'PROVINCE', DISTRICT: 'RURAL_DISTRICT', COMMUNE: 'COMMUNE' };

/**
 * A unit version of a test's directory, as the units subgraph's contract gives it: of its level's
 * type, with its name as full name and in force on every day, unless `version` says otherwise.
 */
export function directoryUnit(
  row: DirectoryUnitRow,
  version: Partial<DirectoryUnit> = {},
): DirectoryUnit {
  const [code, level, name, parentCode, provinceCode, currentCodes] = row;
  return {
    code,
    level,
    type: typeOfLevel[level],
    name,
    fullName: name,
    parentCode,
    provinceCode,
    validFrom: null,
    validTo: null,
    currentCodes,
    ...version,
  };
}

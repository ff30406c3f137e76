import {
  type DirectoryUnit,
  fetchUnitDirectory,
  type UnitDirectoryOptions,
} from './fetchUnitDirectory.ts';

/**
 * Reads the units in force on each of `days` (see fetchUnitDirectory), the days concurrently;
 * one list per day, in the order of `days`.
 */
export async function fetchUnitDirectories<const TDays extends readonly string[]>(
  days: TDays,
  options: UnitDirectoryOptions,
): Promise<{ -readonly [Index in keyof TDays]: DirectoryUnit[] }> {
  const lists = await Promise.all(days.map((day) => fetchUnitDirectory(day, options)));
  return lists as { -readonly [Index in keyof TDays]: DirectoryUnit[] };
}

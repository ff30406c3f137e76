import { todayInVietnam } from '@home-affairs/graphql';
import {
  type DirectoryUnit,
  fetchUnitDirectories as fetchDirectoriesOn,
} from '@home-affairs/unit-directory';

/** The eve of the two-tier reform: the last day of 63 provinces, 696 districts and 10,047 communes. */
const oldDirectoryDay = '2025-06-30';

/** The two unit lists this subgraph seats organisations in. */
export interface UnitDirectories {
  /** Units in force on 2025-06-30, each with the units in force today that carry it on. */
  old: DirectoryUnit[];
  /** Units in force today. */
  current: DirectoryUnit[];
}

/** Reads the unit lists a subgraph needs; tests pass a fixture instead of the network. */
export type UnitDirectoryLoader = () => Promise<UnitDirectories>;

/** Reads both lists from the units subgraph through the public graph at `graphUrl`. */
export function fetchUnitDirectories(
  graphUrl: string,
  onWait?: (reason: string) => void,
): UnitDirectoryLoader {
  return async () => {
    const [old, current] = await fetchDirectoriesOn([oldDirectoryDay, todayInVietnam()], {
      graphUrl,
      onWait,
    });
    return { old, current };
  };
}

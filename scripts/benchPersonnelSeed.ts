/**
 * `pnpm bench:personnel-seed [checkout…]`: what the personnel subgraph's first start costs once it
 * has the unit directory (`ensureDemoData`: the directory copy and the demo data), for this
 * checkout and each other checkout named (installed, e.g. a worktree of main), alternated ROUNDS
 * times (default 3). Each run is a process of its own on a fresh copy of the personnel data of a
 * graph started once (`pnpm start`; DATA_DIR, default <repo>/.data): the directory is read back
 * from the copy in the order the graph gives it (code order), every table the first start
 * fills is emptied, and `ensureDemoData` is given that directory. Prints per run the wall and CPU
 * seconds of the process and the load average, then the medians and their ratios to this
 * checkout. LOG_LEVEL=debug prints each seed step's duration. The copies are removed.
 */
import {
  alternateSeedRuns,
  measureSeedRun,
  type SeedChild,
} from './benchLoad/alternateSeedRuns.ts';

/** The directory copy as `storeUnitDirectory` wrote it, one row per unit and day. */
interface DirectoryRow {
  as_of: string;
  code: string;
  level: string;
  type: string;
  name: string;
  full_name: string;
  parent_code: string | null;
  province_code: string;
  valid_from: string | null;
  valid_to: string | null;
  current_codes: string[];
}

/** The tables a first start fills (the feed cursor is written before, and kept). */
const seededTables = [
  'unit_directory',
  'agencies',
  'agency_status_changes',
  'staffing_quotas',
  'headcount_snapshots',
  'specialist_coverage',
  'separations',
];

/** In a run's process: runs the first start's seed of the checkout on the copy. */
async function run({ from, sql, handle }: SeedChild) {
  const { ensureDemoData } = await from('subgraphs/personnel/src/seed/ensureDemoData.ts');
  const { beforeReformDay } = await from(
    'subgraphs/personnel/src/directory/unitDirectoryFromGraph.ts',
  );
  const { createLogger } = await from('shared/service/src/index.ts');
  const query = async <T>(text: string) =>
    ((await handle.db.execute(sql.raw(text))) as { rows: T[] }).rows;
  // In the order the graph gives the units (code order, as the units subgraph pages them): the
  // order they are stored in, which the ids of the status changes depend on.
  const rows = await query<DirectoryRow>(
    `SELECT as_of::text, code, level, type, name, full_name, parent_code, province_code,
       valid_from::text, valid_to::text, current_codes
     FROM personnel.unit_directory ORDER BY as_of, code COLLATE "C"`,
  );
  const toUnit = (row: DirectoryRow) => ({
    code: row.code,
    level: row.level,
    type: row.type,
    name: row.name,
    fullName: row.full_name,
    parentCode: row.parent_code,
    provinceCode: row.province_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    currentCodes: row.current_codes,
  });
  const currentDay = rows.at(-1)!.as_of;
  const snapshot = {
    beforeReform: rows.filter((row) => row.as_of === beforeReformDay).map(toUnit),
    current: rows.filter((row) => row.as_of === currentDay).map(toUnit),
    currentDay,
  };
  // Emptied as a fresh folder has them (TRUNCATE: new files, identities from 1 again).
  await query(
    `TRUNCATE ${seededTables.map((table) => `personnel.${table}`).join(', ')} RESTART IDENTITY`,
  );
  await query('CHECKPOINT');
  const logger = createLogger('bench-personnel-seed');
  return measureSeedRun(async () => {
    await ensureDemoData(handle, logger, async () => snapshot);
    return {};
  });
}

await alternateSeedRuns({
  subgraph: 'personnel',
  script: import.meta.url,
  describe: (run) => `${run.wallSeconds!.toFixed(2)} s wall, ${run.cpuSeconds!.toFixed(2)} s CPU`,
  run,
});

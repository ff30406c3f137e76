/**
 * `pnpm bench:associations-seed [checkout…]`: what the associations seed costs the first start
 * once the unit lists are read: storing them (`storeUnitDirectory`) and generating the demo
 * registry (`generateRegistry`, from the read of the stored directory to the last row and index),
 * each in its transaction as `ensureRegistry` runs them, for this checkout and each other checkout
 * named (installed, e.g. a worktree of main), alternated ROUNDS times (default 3). Each run is a
 * process of its own on a fresh copy of the associations data of a graph started once
 * (`pnpm start`; DATA_DIR, default <repo>/.data): the unit lists are rebuilt from its directory,
 * then the directory and the registry's tables emptied, as a fresh folder has them. Prints per
 * run the wall and CPU seconds of both steps and the CPU of each (PGlite runs on the process's
 * main thread), and the load average, then the medians and their ratios to this checkout. The
 * copies are removed.
 */
import {
  alternateSeedRuns,
  cpuSeconds,
  measureSeedRun,
  type SeedChild,
} from './benchLoad/alternateSeedRuns.ts';

/** A stored unit as the kept directory has it. */
interface StoredUnit {
  snapshot: 'OLD' | 'CURRENT';
  code: string;
  level: string;
  name: string;
  parent_code: string | null;
  province_code: string;
  current_code: string | null;
}

/** The unit lists as the loader gives them, rebuilt from a stored directory (old units keep their first successor). */
function unitLists(stored: StoredUnit[]) {
  const unit = (row: StoredUnit) => ({
    code: row.code,
    level: row.level,
    name: row.name,
    parentCode: row.parent_code,
    provinceCode: row.province_code,
    currentCodes: row.current_code ? [row.current_code] : [],
  });
  return {
    old: stored.filter((row) => row.snapshot === 'OLD').map(unit),
    current: stored.filter((row) => row.snapshot === 'CURRENT').map(unit),
  };
}

/** The registry's tables, emptied as a fresh folder has them. */
const registryTables = [
  'organizations',
  'organization_statuses',
  'organization_leaders',
  'charters',
  'financial_reports',
  'affiliated_entities',
  'inspections',
].map((table) => `associations.${table}`);

/** In a run's process: stores the directory and generates the registry of the checkout into the copy. */
async function run({ from, sql, handle }: SeedChild) {
  const { generateRegistry } = await from('subgraphs/associations/src/seed/generateRegistry.ts');
  const { storeUnitDirectory } = await from(
    'subgraphs/associations/src/directory/storeUnitDirectory.ts',
  );
  const { rows } = (await handle.db.execute(
    sql.raw('SELECT * FROM associations.unit_directory ORDER BY snapshot DESC, code'),
  )) as { rows: StoredUnit[] };
  const lists = unitLists(rows);
  await handle.db.execute(
    sql.raw(`TRUNCATE associations.unit_directory, ${registryTables.join(', ')} RESTART IDENTITY`),
  );
  await handle.db.execute(sql.raw('CHECKPOINT'));
  const measured = await measureSeedRun(async () => {
    const cpu = process.cpuUsage();
    await handle.db.transaction((tx: unknown) => storeUnitDirectory(tx, lists));
    const directoryCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
    const generated = await handle.db.transaction((tx: unknown) => generateRegistry(tx));
    return { directoryCpuSeconds, organizations: generated.organizations };
  });
  measured.registryCpuSeconds = measured.cpuSeconds! - measured.directoryCpuSeconds!;
  return measured;
}

await alternateSeedRuns({
  subgraph: 'associations',
  script: import.meta.url,
  measures: {
    directoryCpuSeconds: 'CPU storing the directory',
    registryCpuSeconds: 'CPU of the registry',
  },
  describe: (run) =>
    `${run.wallSeconds!.toFixed(1)} s wall, ${run.cpuSeconds!.toFixed(2)} s CPU (directory ` +
    `${run.directoryCpuSeconds!.toFixed(2)}, registry ${run.registryCpuSeconds!.toFixed(2)}), ` +
    `${run.organizations} organisations`,
  run,
});

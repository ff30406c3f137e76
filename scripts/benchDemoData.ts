/**
 * `pnpm bench:demo-data [checkout…]`: what loading the procedures demo data costs the first start,
 * from the read of the draws to the last counter row (`loadDemoDossiers`: the worker's dossiers and
 * counters, their COPYs into PGlite, the primary keys built after the rows), for this checkout and
 * each other checkout named (installed, e.g. a worktree of main), alternated ROUNDS times
 * (default 3). Each run is a process of its own on a fresh copy of the procedures data of a graph
 * started once (`pnpm start`; DATA_DIR, default <repo>/.data) with the dossiers and counters
 * emptied; the demo-data worker is started and given a second to load its modules first, as the
 * seed starts it while the unit directory is read. Prints per run the wall and CPU seconds (every
 * thread of the process, the worker's included) and the load average, then the medians and their
 * ratios to this checkout. The copies are removed.
 */
import {
  alternateSeedRuns,
  measureSeedRun,
  type SeedChild,
} from './benchLoad/alternateSeedRuns.ts';

/** In a run's process: loads the demo data of the checkout into the copy. */
async function run({ from, sql, handle }: SeedChild) {
  const { loadDemoDossiers, startDemoDataWorker } = await from(
    'subgraphs/procedures/src/seed/loadDemoDossiers.ts',
  );
  const { demoProfile } = await from('subgraphs/procedures/src/seed/generateDossiers.ts');
  const { dossiers, dossierStatistics } = await from('subgraphs/procedures/src/db/schema.ts');
  // Emptied as a fresh folder has them (TRUNCATE: no dead rows for the COPYs and keys to pass).
  await handle.db.execute(sql`TRUNCATE ${dossiers}, ${dossierStatistics}`);
  const worker = startDemoDataWorker();
  await new Promise((done) => setTimeout(done, 1000));
  return measureSeedRun(async () => {
    const { counters } = await handle.db.transaction((tx: unknown) =>
      loadDemoDossiers(tx, demoProfile, demoProfile.count, worker),
    );
    return { counters };
  });
}

await alternateSeedRuns({
  subgraph: 'procedures',
  script: import.meta.url,
  describe: (run) =>
    `${run.wallSeconds!.toFixed(1)} s wall, ${run.cpuSeconds!.toFixed(1)} s CPU, ${run.counters} counter rows`,
  run,
});

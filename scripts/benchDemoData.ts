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
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './benchLoad/processUsage.ts';

interface Run {
  wallSeconds: number;
  cpuSeconds: number;
  counters: number;
}

/** In a child process: loads the demo data of `checkout` into the copy `folder`, prints a Run. */
async function runChild(checkout: string, folder: string) {
  const from = (path: string) => import(pathToFileURL(join(checkout, path)).href);
  const { openProceduresDatabase } = await from('subgraphs/procedures/src/server.ts');
  const { loadDemoDossiers, startDemoDataWorker } = await from(
    'subgraphs/procedures/src/seed/loadDemoDossiers.ts',
  );
  const { demoProfile } = await from('subgraphs/procedures/src/seed/generateDossiers.ts');
  const { dossiers, dossierStatistics } = await from('subgraphs/procedures/src/db/schema.ts');
  // drizzle as the checkout's procedures subgraph has it (the repository's root has none).
  const { sql } = createRequire(join(checkout, 'subgraphs/procedures/package.json'))(
    'drizzle-orm',
  ) as { sql: (text: TemplateStringsArray, ...values: unknown[]) => unknown };
  const handle = await openProceduresDatabase({ dataDir: folder });
  // Emptied as a fresh folder has them (TRUNCATE: no dead rows for the COPYs and keys to pass).
  await handle.db.execute(sql`TRUNCATE ${dossiers}, ${dossierStatistics}`);
  const worker = startDemoDataWorker();
  await new Promise((done) => setTimeout(done, 1000));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { counters } = await handle.db.transaction((tx: unknown) =>
    loadDemoDossiers(tx, demoProfile, demoProfile.count, worker),
  );
  const used = process.cpuUsage(cpu);
  const run: Run = {
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    counters,
  };
  await handle.close();
  console.log(JSON.stringify(run));
}

async function main() {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const checkouts = [repoRoot, ...process.argv.slice(2).map((path) => resolve(path))];
  const rounds = Math.min(Math.max(Number(process.env.ROUNDS ?? 3), 1), 20);
  const dataRoot = resolve(process.env.DATA_DIR ?? join(repoRoot, '.data'));
  const source = join(dataRoot, 'procedures');
  if (!existsSync(join(source, 'PG_VERSION'))) {
    console.error(
      `No PGlite procedures data in ${source}: run \`pnpm start\` once first (or set DATA_DIR).`,
    );
    process.exit(1);
  }
  const results = new Map(checkouts.map((checkout) => [checkout, [] as Run[]]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const checkout of checkouts) {
      const folder = mkdtempSync(join(tmpdir(), 'bench-demo-data-'));
      const load = loadavg().map((value) => value.toFixed(2));
      try {
        cpSync(source, folder, { recursive: true });
        const child = spawnSync(
          process.execPath,
          ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', checkout, folder],
          { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 24 },
        );
        const line = child.stdout.trim().split('\n').at(-1) ?? '';
        if (child.status !== 0 || !line.startsWith('{')) {
          console.error(`round ${round} ${checkout} failed:\n${child.stderr}${child.stdout}`);
          process.exit(1);
        }
        const run = JSON.parse(line) as Run;
        results.get(checkout)!.push(run);
        console.log(
          `round ${round} ${checkout}: ${run.wallSeconds.toFixed(1)} s wall, ` +
            `${run.cpuSeconds.toFixed(1)} s CPU, ${run.counters} counter rows (load ${load.join(' ')})`,
        );
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  }
  const medians = (checkout: string) => {
    const runs = results.get(checkout)!;
    return {
      wall: median(runs.map((run) => run.wallSeconds)),
      cpu: median(runs.map((run) => run.cpuSeconds)),
    };
  };
  const first = medians(repoRoot);
  console.log(`\nmedians of ${rounds} rounds (load now ${loadavg()[0]!.toFixed(2)}):`);
  for (const checkout of checkouts) {
    const { wall, cpu } = medians(checkout);
    console.log(
      `  ${checkout}: ${wall.toFixed(1)} s wall (${(wall / first.wall).toFixed(2)}×), ` +
        `${cpu.toFixed(1)} s CPU (${(cpu / first.cpu).toFixed(2)}×)`,
    );
  }
}

if (process.argv[2] === '--child') await runChild(process.argv[3]!, process.argv[4]!);
else await main();

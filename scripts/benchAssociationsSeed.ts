/**
 * `pnpm bench:associations-seed [checkout…]`: what generating the associations demo registry
 * costs the first start (`generateRegistry`, in its transaction, from the read of the unit
 * directory to the last row and index), for this checkout and each other checkout named
 * (installed, e.g. a worktree of main), alternated ROUNDS times (default 3). Each run is a process
 * of its own on a fresh copy of the associations data of a graph started once (`pnpm start`;
 * DATA_DIR, default <repo>/.data) with the registry's tables emptied (the unit directory kept).
 * Prints per run the wall and CPU seconds (PGlite runs on the process's main thread) and the load
 * average, then the medians and their ratios to this checkout. The copies are removed.
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
  organizations: number;
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

/** In a child process: generates the registry of `checkout` into the copy `folder`, prints a Run. */
async function runChild(checkout: string, folder: string) {
  const from = (path: string) => import(pathToFileURL(join(checkout, path)).href);
  const { openAssociationsDatabase } = await from('subgraphs/associations/src/server.ts');
  const { generateRegistry } = await from('subgraphs/associations/src/seed/generateRegistry.ts');
  // drizzle as the checkout's associations subgraph has it (the repository's root has none).
  const { sql } = createRequire(join(checkout, 'subgraphs/associations/package.json'))(
    'drizzle-orm',
  ) as { sql: { raw: (text: string) => unknown } };
  const handle = await openAssociationsDatabase({ dataDir: folder });
  await handle.db.execute(sql.raw(`TRUNCATE ${registryTables.join(', ')} RESTART IDENTITY`));
  await handle.db.execute(sql.raw('CHECKPOINT'));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const generated = await handle.db.transaction((tx: unknown) => generateRegistry(tx));
  const used = process.cpuUsage(cpu);
  const run: Run = {
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    organizations: generated.organizations,
  };
  await handle.close();
  console.log(JSON.stringify(run));
}

async function main() {
  const repoRoot = fileURLToPath(new URL('..', import.meta.url));
  const checkouts = [repoRoot, ...process.argv.slice(2).map((path) => resolve(path))];
  const rounds = Math.min(Math.max(Number(process.env.ROUNDS ?? 3), 1), 20);
  const dataRoot = resolve(process.env.DATA_DIR ?? join(repoRoot, '.data'));
  const source = join(dataRoot, 'associations');
  if (!existsSync(join(source, 'PG_VERSION'))) {
    console.error(
      `No PGlite associations data in ${source}: run \`pnpm start\` once first (or set DATA_DIR).`,
    );
    process.exit(1);
  }
  const results = new Map(checkouts.map((checkout) => [checkout, [] as Run[]]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const checkout of checkouts) {
      const folder = mkdtempSync(join(tmpdir(), 'bench-associations-seed-'));
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
            `${run.cpuSeconds.toFixed(2)} s CPU, ${run.organizations} organisations (load ${load.join(' ')})`,
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
        `${cpu.toFixed(2)} s CPU (${(cpu / first.cpu).toFixed(2)}×)`,
    );
  }
}

if (process.argv[2] === '--child') await runChild(process.argv[3]!, process.argv[4]!);
else await main();

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './processUsage.ts';

/** What one run of a seed printed (its last output line, as JSON): numbers by name. */
export type SeedRun = Record<string, number>;

/** Imports a module of `checkout` by its path from the checkout's root (untyped: any checkout's version of it). */
const checkoutImport = (checkout: string) => (path: string) =>
  import(pathToFileURL(join(checkout, path)).href);

/** drizzle-orm's `sql`, as a checkout's subgraph has it: a tagged template and `sql.raw`. */
export interface CheckoutSql {
  (text: TemplateStringsArray, ...values: unknown[]): unknown;
  raw(text: string): unknown;
}

/** A checkout's subgraph database on the copy, as its `open<Name>Database` answers it. */
export interface CheckoutDatabaseHandle {
  db: {
    execute(query: unknown): Promise<unknown>;
    transaction<T>(work: (tx: unknown) => T): Promise<Awaited<T>>;
  };
  close(): Promise<void>;
}

/** What a benchmark's child measures with: the checkout's modules and its subgraph's database. */
export interface SeedChild {
  /** Imports a module of the checkout measured, by its path from the checkout's root. */
  from: ReturnType<typeof checkoutImport>;
  /** drizzle-orm as the checkout's subgraph has it (the repository's root has none). */
  sql: CheckoutSql;
  /** The subgraph's database on the fresh copy, closed by the harness after the run. */
  handle: CheckoutDatabaseHandle;
}

/** How a seed benchmark (`bench:demo-data`, `bench:associations-seed`, ...) runs and reports. */
export interface SeedBenchmark {
  /** The subgraph whose PGlite folder under DATA_DIR each run copies, e.g. `procedures`. */
  subgraph: string;
  /** The benchmark's own module (its `import.meta.url`), run with `--child` per run. */
  script: string;
  /**
   * Measures whose medians and ratios to this checkout are printed, with their labels, after the
   * wall and CPU seconds every run has (`measureSeedRun`).
   * @default {}
   */
  measures?: Record<string, string>;
  /** A run's line after `round N <checkout>:`. */
  describe: (run: SeedRun) => string;
  /** In a run's process: prepares the copy and measures the seed (`measureSeedRun`). */
  run: (child: SeedChild) => Promise<SeedRun>;
}

/**
 * A seed benchmark's entry point. Run as `<script> [checkout…]`: runs the benchmark for this
 * checkout and each checkout named (installed, e.g. a worktree of main), alternated ROUNDS times
 * (default 3, at most 20): each run is `node --import tsx <script> --child <checkout> <folder>`, a
 * process of its own on a fresh copy of `<DATA_DIR>/<subgraph>` (DATA_DIR default <repo>/.data, a
 * graph started once), removed after it. Prints each run with the load average, then the medians
 * of its wall and CPU seconds and `measures` and their ratios to this checkout. Exits 1, with the child's output, when a run
 * fails. Run with `--child`: that one run (`runChild`).
 */
export async function alternateSeedRuns(benchmark: SeedBenchmark) {
  if (process.argv[2] === '--child') {
    await runChild(benchmark, process.argv[3]!, process.argv[4]!);
    return;
  }
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const checkouts = [repoRoot, ...process.argv.slice(2).map((path) => resolve(path))];
  const rounds = Math.min(Math.max(Number(process.env.ROUNDS ?? 3), 1), 20);
  const dataRoot = resolve(process.env.DATA_DIR ?? join(repoRoot, '.data'));
  const source = join(dataRoot, benchmark.subgraph);
  if (!existsSync(join(source, 'PG_VERSION'))) {
    console.error(
      `No PGlite ${benchmark.subgraph} data in ${source}: run \`pnpm start\` once first (or set DATA_DIR).`,
    );
    process.exit(1);
  }
  const results = new Map(checkouts.map((checkout) => [checkout, [] as SeedRun[]]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const checkout of checkouts) {
      const folder = mkdtempSync(join(tmpdir(), `bench-${benchmark.subgraph}-seed-`));
      const load = loadavg().map((value) => value.toFixed(2));
      try {
        cpSync(source, folder, { recursive: true });
        const child = spawnSync(
          process.execPath,
          ['--import', 'tsx', fileURLToPath(benchmark.script), '--child', checkout, folder],
          { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 24 },
        );
        const lines = child.stdout.trim().split('\n');
        const line = lines.at(-1) ?? '';
        if (child.status !== 0 || !line.startsWith('{')) {
          console.error(`round ${round} ${checkout} failed:\n${child.stderr}${child.stdout}`);
          process.exit(1);
        }
        if (process.env.LOG_LEVEL === 'debug') console.log(lines.slice(0, -1).join('\n'));
        const run = JSON.parse(line) as SeedRun;
        results.get(checkout)!.push(run);
        console.log(
          `round ${round} ${checkout}: ${benchmark.describe(run)} (load ${load.join(' ')})`,
        );
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  }
  const medianOf = (checkout: string, measure: string) =>
    median(results.get(checkout)!.map((run) => run[measure]!));
  console.log(`\nmedians of ${rounds} rounds (load now ${loadavg()[0]!.toFixed(2)}):`);
  const measures = { wallSeconds: 'wall', cpuSeconds: 'CPU', ...benchmark.measures };
  for (const checkout of checkouts) {
    const parts = Object.entries(measures).map(([measure, label]) => {
      const value = medianOf(checkout, measure);
      const ratio = value / medianOf(repoRoot, measure);
      return `${value.toFixed(2)} s ${label} (${ratio.toFixed(2)}×)`;
    });
    console.log(`  ${checkout}: ${parts.join(', ')}`);
  }
}

/**
 * In a run's process: opens the subgraph's database of `checkout` on the copy `folder` (every
 * subgraph's `server.ts` exports `open<Name>Database`), runs the benchmark's `run` and prints its
 * answer as the JSON line the parent reads.
 */
async function runChild(benchmark: SeedBenchmark, checkout: string, folder: string) {
  const from = checkoutImport(checkout);
  const subgraph = benchmark.subgraph;
  const server = await from(`subgraphs/${subgraph}/src/server.ts`);
  const open = server[`open${subgraph[0]!.toUpperCase()}${subgraph.slice(1)}Database`];
  const { sql } = createRequire(join(checkout, 'subgraphs', subgraph, 'package.json'))(
    'drizzle-orm',
  ) as { sql: CheckoutSql };
  const handle = (await open({ dataDir: folder })) as CheckoutDatabaseHandle;
  const run = await benchmark.run({ from, sql, handle });
  await handle.close();
  console.log(JSON.stringify(run));
}

/** CPU seconds (user and system, every thread of the process) of a `process.cpuUsage` result. */
export const cpuSeconds = (used: NodeJS.CpuUsage) => (used.user + used.system) / 1e6;

/**
 * In a benchmark's child: runs `work` (the part measured) and answers its wall and CPU seconds
 * (`wallSeconds`, `cpuSeconds`) with what `work` answers, for the child to print as its JSON line.
 */
export async function measureSeedRun(work: () => Promise<SeedRun>): Promise<SeedRun> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const answered = await work();
  return {
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
    ...answered,
  };
}

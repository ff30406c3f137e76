/**
 * `pnpm bench:start [checkout…]`: how long `pnpm start` takes to print `Graph ready`, cold (a
 * fresh DATA_DIR) and warm (the same folder again), for this checkout and each other checkout
 * named (e.g. a worktree of main), alternating them, ROUNDS times (default 2). Every graph runs
 * on free ports with PGlite under BENCH_DIR (default a temporary folder), is stopped with SIGINT
 * after it is ready, and its folder is removed (kept with BENCH_KEEP_DATA=1, e.g. for
 * `pnpm data:hash`). Prints each start with the time at which each
 * phase ended (the first log line that ends it), the medians, the ratios to the first checkout,
 * and the load average before each start. BENCH_COLD_UNTIL=<phase> ends each cold start at that
 * phase instead of `graph ready` (e.g. `directory stored`, before the demo data), with no warm
 * start then. BENCH_WARM_DATA=<folder> runs warm starts only, every one on that DATA_DIR (made by
 * an earlier start, e.g. with BENCH_KEEP_DATA=1; kept), for checkouts with the same migrations.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const checkouts = [
  fileURLToPath(new URL('..', import.meta.url)),
  ...process.argv.slice(2).map((path) => resolve(path)),
];
const rounds = Number(process.env.ROUNDS ?? 2);
const benchRoot = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'bench-start-'));
const ports = ['PORT', 'UNITS_PORT', 'ASSOCIATIONS_PORT', 'PERSONNEL_PORT', 'PROCEDURES_PORT'];

/** The phases, each ended by the first output line that matches. */
const phases: [string, RegExp][] = [
  ['listening', /^(units|personnel|associations|procedures) +│ .* listening /m],
  ['units imported', /^units +│ .* units import: done/m],
  ['units ready', /^units +│ .* info ready$/m],
  ['gateway listening', /^gateway +│ .* listening /m],
  ['directory stored', /unit directory: (done|stored|copied)/],
  ['graph ready', /Graph ready at/],
];

function load() {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** Runs `pnpm start` in `checkout` on `dataDir` until it is ready; the phases' end times in s. */
function startOnce(
  checkout: string,
  dataDir: string,
  until: string,
): Promise<Record<string, number>> {
  const started = performance.now();
  const child = spawn('pnpm', ['start'], {
    cwd: checkout,
    env: {
      ...process.env,
      ...Object.fromEntries(ports.map((name) => [name, '0'])),
      DATA_DIR: dataDir,
      NO_COLOR: '1',
      START_TIMEOUT_MS: '600000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const ended: Record<string, number> = {};
  let text = '';
  let stopping = false;
  return new Promise((resolvePhases, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      for (const [name, pattern] of phases) {
        if (ended[name] === undefined && pattern.test(text)) {
          ended[name] = (performance.now() - started) / 1000;
        }
      }
      // Ctrl-C as a terminal sends it: to pnpm and the supervisor, its process group.
      if (ended[until] !== undefined && !stopping) {
        stopping = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      if (ended[until] === undefined) {
        reject(new Error(`pnpm start in ${checkout} exited (${code}):\n${text.slice(-3000)}`));
      } else resolvePhases(ended);
    });
  });
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const warmData = process.env.BENCH_WARM_DATA ? resolve(process.env.BENCH_WARM_DATA) : undefined;
const kinds = warmData ? (['warm'] as const) : (['cold', 'warm'] as const);
const coldUntil = process.env.BENCH_COLD_UNTIL ?? 'graph ready';
if (!phases.some(([name]) => name === coldUntil)) throw new Error(`No phase ${coldUntil}.`);
const results = new Map<string, number[]>();
for (let round = 1; round <= rounds; round += 1) {
  for (const [index, checkout] of checkouts.entries()) {
    const dataDir = warmData ?? join(benchRoot, `${index}-${round}`);
    // A cold start cut short leaves data to finish: the next start would not be warm.
    for (const kind of coldUntil === 'graph ready' ? kinds : (['cold'] as const)) {
      const loadBefore = load();
      const until = kind === 'cold' ? coldUntil : 'graph ready';
      const ended = await startOnce(checkout, dataDir, until);
      const key = `${checkout} ${kind}`;
      results.set(key, [...(results.get(key) ?? []), ended[until]!]);
      const steps = phases.map(([name]) => `${name} ${ended[name]?.toFixed(1) ?? '-'}`).join(', ');
      console.log(`round ${round} ${kind} ${checkout} (load ${loadBefore}): ${steps} s`);
    }
    if (!warmData && process.env.BENCH_KEEP_DATA !== '1') {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
console.log(`\nmedians of ${rounds} rounds (cold until ${coldUntil}; load now ${load()}):`);
for (const kind of coldUntil === 'graph ready' ? kinds : ['cold']) {
  const first = median(results.get(`${checkouts[0]} ${kind}`)!);
  for (const checkout of checkouts) {
    const value = median(results.get(`${checkout} ${kind}`)!);
    console.log(
      `  ${kind} ${checkout}: ${value.toFixed(1)} s (${(value / first).toFixed(2)}× the first)`,
    );
  }
}
if (!process.env.BENCH_DIR && process.env.BENCH_KEEP_DATA !== '1')
  rmSync(benchRoot, { recursive: true, force: true });

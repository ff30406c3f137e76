/**
 * Builds the dashboard only when its sources changed: a SHA-256 over every source file (and the
 * lockfile, for dependency changes) is kept beside the built files in `dist/.source-hash`, so a
 * warm `pnpm start` pays a hash of about fifty files, not a Vite build.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withProcessLock } from '@home-affairs/service/processLock';

/** The dashboard package's folder. */
export const dashboardRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where the built dashboard is; the gateway serves it at `/dashboard/`. */
export const dashboardDist = join(dashboardRoot, 'dist');
const hashFile = join(dashboardDist, '.source-hash');
/**
 * Held (created exclusively, holding the builder's pid) while one process builds: Vite empties
 * `dist/` first, so a second build at the same time, or a gateway serving `dist/` meanwhile, would
 * see it half-made. `pnpm start` and the dashboard's browser test build from the same checkout,
 * and the test files run in parallel.
 */
const buildLock = join(dashboardRoot, '.dist.lock');

/** The content hash of everything the build reads. */
export function dashboardSourceHash(): string {
  const hash = createHash('sha256');
  const files = ['index.html', 'vite.config.ts', 'package.json', '../pnpm-lock.yaml'].map((file) =>
    join(dashboardRoot, file),
  );
  for (const entry of readdirSync(join(dashboardRoot, 'src'), {
    recursive: true,
    withFileTypes: true,
  })) {
    if (entry.isFile() && !/\.test\.ts$/.test(entry.name)) {
      files.push(join(entry.parentPath, entry.name));
    }
  }
  for (const file of files.sort()) {
    if (!existsSync(file)) continue;
    hash.update(relative(dashboardRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether `dist/` was built from the sources as they are now. */
export function isDashboardFresh(): boolean {
  return (
    existsSync(join(dashboardDist, 'index.html')) &&
    existsSync(hashFile) &&
    readFileSync(hashFile, 'utf8').trim() === dashboardSourceHash()
  );
}

/**
 * Builds the dashboard with Vite (a child process) unless `dist/` is fresh; resolves to whether
 * it built. Rejects with Vite's output when the build fails. One process builds at a time (the
 * others wait, then find `dist/` fresh).
 */
export async function ensureDashboardBuilt(): Promise<{ built: boolean; milliseconds: number }> {
  const started = performance.now();
  if (isDashboardFresh()) return { built: false, milliseconds: performance.now() - started };
  const built = await withProcessLock(buildLock, async () => {
    if (isDashboardFresh()) return false;
    await buildDashboard();
    return true;
  });
  return { built, milliseconds: performance.now() - started };
}

async function buildDashboard(): Promise<void> {
  const sourceHash = dashboardSourceHash();
  const vite = join(dashboardRoot, 'node_modules/vite/bin/vite.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: dashboardRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`The dashboard build failed:\n${output.join('')}`);
  writeFileSync(hashFile, `${sourceHash}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { built, milliseconds } = await ensureDashboardBuilt();
  console.log(
    built
      ? `dashboard built in ${(milliseconds / 1000).toFixed(1)} s`
      : 'dashboard already built from these sources',
  );
}

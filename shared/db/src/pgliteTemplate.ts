import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The PGlite release in use: a template folder made by one release is copied for that release
 * only (a new PGlite may change the catalogue of a fresh cluster).
 */
function pgliteVersion(): string {
  const file = fileURLToPath(
    new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url),
  );
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Where the template of this PGlite release lives: beside the installed packages
 * (`node_modules/.cache`), so that it outlives every data folder made from it and goes with a
 * reinstall.
 */
export function pgliteTemplateFolder(): string {
  return fileURLToPath(
    new URL(`../../../node_modules/.cache/pglite-template/${pgliteVersion()}`, import.meta.url),
  );
}

/**
 * Makes the template folder (`folder`, default pgliteTemplateFolder()) unless it is there: an
 * empty cluster as PGlite's initdb leaves it, closed cleanly. initdb costs a few seconds of CPU
 * on every fresh folder; `pnpm start` makes the template once and copies it into each process's
 * fresh folder instead (copyPgliteTemplate). Written beside the folder and renamed, so a start
 * that dies halfway leaves no half-made template. Resolves with whether it made one.
 */
export async function ensurePgliteTemplate(folder = pgliteTemplateFolder()): Promise<boolean> {
  return ensureClusterFolder(folder, async (temporary) => {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite(temporary);
    await client.waitReady;
    await client.close();
  });
}

/**
 * Makes the PGlite cluster folder `folder` with `make` unless it is there (has `PG_VERSION`):
 * made in a folder beside it and renamed, so a start that dies halfway leaves no half-made
 * cluster, and one that another start made meanwhile is kept. Resolves with whether it made it.
 */
export async function ensureClusterFolder(
  folder: string,
  make: (temporary: string) => Promise<void>,
): Promise<boolean> {
  if (existsSync(`${folder}/PG_VERSION`)) return false;
  const temporary = `${folder}.${process.pid}.tmp`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(dirname(folder), { recursive: true });
  await make(temporary);
  await rename(temporary, folder).catch(async (error: NodeJS.ErrnoException) => {
    // Another start made it meanwhile.
    await rm(temporary, { recursive: true, force: true });
    if (!existsSync(`${folder}/PG_VERSION`)) throw error;
  });
  return true;
}

/**
 * Fills a fresh PGlite data folder (`dataDir` missing or empty) with a copy of `template`, so
 * that PGlite opens it as an existing, empty cluster instead of running initdb. Copied beside it
 * and renamed, so the folder is whole or absent. Does nothing (false) when the folder already
 * holds a cluster, or holds anything else, or when the template is not there.
 */
export function copyPgliteTemplate(template: string, dataDir: string): boolean {
  if (!existsSync(`${template}/PG_VERSION`)) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const temporary = `${dataDir}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  cpSync(template, temporary, { recursive: true });
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(temporary, dataDir);
  return true;
}

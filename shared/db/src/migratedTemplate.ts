import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { ensureClusterFolder } from './pgliteTemplate.ts';

/** Outdated migrated templates (of migrations since changed) are removed after a day unused. */
const keepOutdatedMilliseconds = 24 * 3600 * 1000;

/** Every file under `folder`, as paths relative to it, in a stable order. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(folder, path)).isFile())
    .sort();
}

/**
 * Where the migrated template of the process `name` lives: beside the empty template `base` (whose
 * folder names the PGlite release), under a hash of `name` (its migrations table) and of every
 * file of `migrationsFolder`, names and contents. A changed, added or removed migration names
 * another folder, so a template is never used for other migrations than its own.
 */
export function migratedTemplateFolder(
  name: string,
  migrationsFolder: string,
  base: string,
): string {
  const hash = createHash('sha256').update(`${basename(base)}\0${name}\0`);
  for (const file of filesUnder(migrationsFolder)) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(migrationsFolder, file)))
      .update('\0');
  }
  return join(`${base}-migrated`, `${name}-${hash.digest('hex').slice(0, 16)}`);
}

/**
 * Makes the migrated template `folder` (see migratedTemplateFolder) unless it is there: a copy of
 * the empty template `base` with the migrations of `migrationsFolder` applied exactly as the
 * process applies them (openDatabase, then migrate), closed cleanly. A fresh data folder copied
 * from it opens already migrated: a cold start skips the migrations (about 5 s per subgraph on
 * PGlite). Written beside the folder and renamed, so never half made; templates of this `name`
 * for older migrations, unused for a day, are removed. Resolves with whether it made one.
 */
export async function ensureMigratedTemplate(
  folder: string,
  options: { name: string; migrationsFolder: string; base: string },
): Promise<boolean> {
  const made = await ensureClusterFolder(folder, async (temporary) => {
    // Loaded only when a template is made: `pnpm start` loads no driver otherwise.
    const { openDatabase } = await import('./openDatabase.ts');
    const database = await openDatabase(
      { name: options.name, dataDir: temporary, pgliteTemplate: options.base },
      {},
    );
    try {
      await database.migrate(options.migrationsFolder);
    } finally {
      await database.close();
    }
  });
  if (!made) return false;
  const siblings = readdirSync(dirname(folder)).map((entry) => join(dirname(folder), entry));
  for (const sibling of siblings) {
    const outdated =
      sibling !== folder &&
      relative(dirname(folder), sibling).startsWith(`${options.name}-`) &&
      !sibling.endsWith('.tmp') &&
      Date.now() - statSync(sibling).mtimeMs > keepOutdatedMilliseconds;
    if (outdated) await rm(sibling, { recursive: true, force: true });
  }
  return true;
}

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A package with drizzle-kit migrations: its name (Postgres schema) and folder. */
export interface MigratedPackage {
  name: string;
  folder: string;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every package that owns a Postgres schema and its migrations: the gateway (audit log, tokens)
 * and each subgraph with a drizzle.config.ts.
 */
export function migratedPackages(): MigratedPackage[] {
  const subgraphs = readdirSync(join(repoRoot, 'subgraphs'))
    .sort()
    .map((name) => ({ name, folder: join(repoRoot, 'subgraphs', name) }));
  return [{ name: 'gateway', folder: join(repoRoot, 'gateway') }, ...subgraphs].filter(
    (candidate) => existsSync(join(candidate.folder, 'drizzle.config.ts')),
  );
}

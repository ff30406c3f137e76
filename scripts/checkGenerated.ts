/**
 * `pnpm check:generated`: fails when a generated artifact in the repository is stale.
 * - gateway/supergraph.graphql and gateway/contracts/: `pnpm compose --check` composes in memory
 *   and compares.
 * - dashboard/src/graphql and dashboard/persisted-documents.json: `pnpm codegen --check` generates
 *   the typed documents and the trusted-document manifest in memory and compares.
 * - <package>/drizzle (each subgraph, and the gateway): runs `drizzle-kit generate` where there is
 *   a drizzle.config.ts and fails if it wrote anything, i.e. a schema change has no migration yet. The folder is compared by content before
 *   and after (so this works with or without commits and with uncommitted work), and put back as
 *   it was, so the check never leaves files behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migratedPackages } from './migratedPackages.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const stale: string[] = [];

function run(command: string, args: string[], cwd: string) {
  // stdin is closed: a drizzle-kit question (column renamed or new?) fails instead of waiting.
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim(),
  };
}

/** Every file under `folder`, by path relative to it, with its content. */
function snapshot(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!existsSync(folder)) return files;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(folder, path), readFileSync(path));
  }
  return files;
}

const compose = run(
  process.execPath,
  ['--import', tsxLoader, 'gateway/src/compose.ts', '--check'],
  repoRoot,
);
if (compose.ok) {
  console.log(`✓ ${compose.output.split('\n').at(-1)}`);
} else {
  stale.push('gateway/supergraph.graphql');
  console.error(`✗ ${compose.output}`);
}

const codegen = run(
  process.execPath,
  ['--import', tsxLoader, 'dashboard/scripts/codegen.ts', '--check'],
  repoRoot,
);
if (codegen.ok) {
  console.log(codegen.output.split('\n').at(-1));
} else {
  stale.push('dashboard client code');
  console.error(codegen.output);
}

for (const { folder } of migratedPackages()) {
  const migrations = join(folder, 'drizzle');
  const shown = relative(repoRoot, migrations);
  const before = snapshot(migrations);
  const generate = run(join(folder, 'node_modules/.bin/drizzle-kit'), ['generate'], folder);
  const after = snapshot(migrations);

  const added = [...after.keys()].filter((path) => !before.has(path));
  const removed = [...before.keys()].filter((path) => !after.has(path));
  const changed = [...after.keys()].filter(
    (path) => before.has(path) && !before.get(path)?.equals(after.get(path) ?? Buffer.alloc(0)),
  );
  // Put the folder back as it was: the check reports, `pnpm db:generate` fixes.
  for (const path of added) rmSync(join(migrations, path));
  for (const path of [...changed, ...removed]) {
    mkdirSync(dirname(join(migrations, path)), { recursive: true });
    writeFileSync(join(migrations, path), before.get(path) ?? Buffer.alloc(0));
  }

  if (!generate.ok) {
    stale.push(shown);
    console.error(
      `✗ drizzle-kit generate failed in ${relative(repoRoot, folder)}:\n${generate.output}`,
    );
  } else if (added.length + changed.length + removed.length > 0) {
    stale.push(shown);
    const what = [
      ...added.map((path) => `would add ${path}`),
      ...changed.map((path) => `would change ${path}`),
      ...removed.map((path) => `would remove ${path}`),
    ];
    console.error(`✗ ${shown} is stale: the schema changed without a migration.`);
    for (const line of what) console.error(`    ${line}`);
  } else {
    console.log(`✓ ${shown} is up to date with its drizzle schema.`);
  }
}

if (stale.length > 0) {
  console.error(`\nStale generated files: ${stale.join(', ')}.`);
  if (stale.includes('gateway/supergraph.graphql')) {
    console.error('  Supergraph and contracts: run `pnpm compose`, review the diff and commit it.');
  }
  if (stale.includes('dashboard client code')) {
    console.error('  Dashboard: run `pnpm codegen`, review the manifest diff and commit it.');
  }
  for (const path of stale.filter((candidate) => candidate.endsWith('/drizzle'))) {
    console.error(`  ${path}: run \`pnpm db:generate\`, review the new migration and commit it.`);
  }
  process.exit(1);
}

/**
 * `pnpm create:subgraph <name> [--unit-directory] [--owner <team>] [--port <n>]`: scaffolds a new
 * ministry's subgraph in subgraphs/<name> (docs/adding-a-ministry.md) and wires it in: the
 * gateway's composition (gateway/src/subgraphs.ts and its devDependencies), the subgraph names
 * the identity package grants scopes for, the reviewed root-field policies, CODEOWNERS; then
 * installs, generates the first migration and composes. `pnpm start` finds it on disk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../shared/service/src/parseCommandLine.ts';
import { subgraphTemplate } from './subgraphTemplate.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const usage =
  'Usage: pnpm create:subgraph <name> [--unit-directory] [--owner <team>] [--port <n>]\n' +
  '  <name>            one lowercase word: folder, package, Postgres schema and supergraph name\n' +
  "  --unit-directory  keep a copy of today's units, read from the graph (ADR 0004)\n" +
  '  --owner <team>    CODEOWNERS team (default @home-affairs/<name>-ministry)\n' +
  "  --port <n>        default port (default: the next after the other subgraphs')";

function fail(message: string): never {
  console.error(`create:subgraph: ${message}\n${usage}`);
  process.exit(1);
}

const parsed = parseCommandLine(
  {
    'unit-directory': { type: 'boolean', default: false },
    owner: { type: 'string' },
    port: { type: 'string' },
  },
  usage,
  fail,
);
const [name, ...extra] = parsed.positionals;
if (!name || extra.length > 0) fail('give exactly one subgraph name');
// The identity package's rule for subgraph names (isSubgraphName), and a word a scope can carry.
if (!/^[a-z][a-z0-9]*$/.test(name) || name.length > 30) {
  fail(`"${name}" is not one lowercase word (a-z, 0-9, at most 30 characters)`);
}
const folder = join(repoRoot, 'subgraphs', name);
if (existsSync(folder)) fail(`subgraphs/${name} exists already`);
const existing = readdirSync(join(repoRoot, 'subgraphs')).filter((entry) =>
  existsSync(join(repoRoot, 'subgraphs', entry, 'src/main.ts')),
);
const ports = existing.map((entry) => {
  const main = readFileSync(join(repoRoot, 'subgraphs', entry, 'src/main.ts'), 'utf8');
  return Number(/defaultPort: (\d+)/.exec(main)?.[1] ?? 0);
});
const port = parsed.values.port ? Number(parsed.values.port) : Math.max(4000, ...ports) + 1;
if (!Number.isInteger(port) || port < 1024 || port > 65535) fail('--port must be 1024 to 65535');
if (ports.includes(port)) fail(`port ${port} is another subgraph's`);
const owner = parsed.values.owner ?? `@home-affairs/${name}-ministry`;
if (!/^@[\w.-]+(\/[\w.-]+)?$/.test(owner))
  fail('--owner must be a GitHub team or user (@org/team)');

/** A dependency's version as the existing subgraphs pin it. */
function pinned(dependency: string): string {
  for (const entry of existing) {
    const manifest = JSON.parse(
      readFileSync(join(repoRoot, 'subgraphs', entry, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const version = manifest.dependencies?.[dependency] ?? manifest.devDependencies?.[dependency];
    if (version) return version;
  }
  fail(`no subgraph pins ${dependency}: add it to the template by hand`);
}

/** Replaces the one match of `pattern` in a file through `edit`, or stops naming the file. */
function editFile(path: string, pattern: RegExp, edit: (match: string) => string) {
  const absolute = join(repoRoot, path);
  const text = readFileSync(absolute, 'utf8');
  const match = pattern.exec(text);
  if (!match)
    fail(`${path} no longer has the shape this script edits (${pattern}); wire it by hand`);
  writeFileSync(absolute, text.replace(match[0], edit(match[0])));
}

function run(command: string, args: string[], cwd = repoRoot) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    fail(
      `\`${command} ${args.join(' ')}\` failed; fix it and run the remaining steps of docs/adding-a-ministry.md by hand`,
    );
  }
}

const started = performance.now();
const files = subgraphTemplate({
  name,
  port,
  unitDirectory: parsed.values['unit-directory'],
  versions: {
    dataloader: pinned('dataloader'),
    drizzleOrm: pinned('drizzle-orm'),
    graphql: pinned('graphql'),
    drizzleKit: pinned('drizzle-kit'),
  },
});
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(folder, path)), { recursive: true });
  writeFileSync(join(folder, path), content);
}
console.log(`Wrote subgraphs/${name} (${Object.keys(files).length} files, port ${port}).`);

// Composition reads the subgraph through the gateway's devDependencies and its list.
const gatewayManifestPath = join(repoRoot, 'gateway/package.json');
const gatewayManifest = JSON.parse(readFileSync(gatewayManifestPath, 'utf8')) as {
  devDependencies: Record<string, string>;
};
gatewayManifest.devDependencies = Object.fromEntries(
  Object.entries({
    ...gatewayManifest.devDependencies,
    [`@home-affairs/${name}`]: 'workspace:*',
  }).sort(([a], [b]) => a.localeCompare(b)),
);
writeFileSync(gatewayManifestPath, `${JSON.stringify(gatewayManifest, null, 2)}\n`);
editFile(
  'gateway/src/subgraphs.ts',
  /^import /m,
  (first) =>
    `import { subgraphDefinition as ${name} } from '@home-affairs/${name}/typeDefs';\n${first}`,
);
editFile('gateway/src/subgraphs.ts', /(export const subgraphs[^=]*= \[[^\]]*?)(\n\];)/, (list) =>
  list.replace(/\n\];$/, `\n  ${name},\n];`),
);
// Writers of the new ministry get write:<name> and read:personal:<name>; admins get them too.
editFile(
  'shared/identity/src/scopesForRole.ts',
  /export const subgraphNames[^=]*= \[[^\]]*\]/,
  (list) => list.replace(/,?\s*\]$/, `, '${name}']`),
);
// The policy review: the new root fields and the policy they were generated with.
editFile(
  'gateway/src/supergraphPolicies.test.ts',
  /const reviewed[^=]*= \{[\s\S]*?\n\};/,
  (table) =>
    table.replace(
      /\n\};$/,
      `\n  'Query.${name}Office': 'public',\n  'Query.${name}Offices': 'public',\n};`,
    ),
);
const codeowners = join(repoRoot, '.github/CODEOWNERS');
const owners = readFileSync(codeowners, 'utf8');
writeFileSync(codeowners, `${owners.trimEnd()}\n${`/subgraphs/${name}/`.padEnd(27)}${owner}\n`);

const edited = [
  `subgraphs/${name}`,
  'gateway/package.json',
  'gateway/src/subgraphs.ts',
  'shared/identity/src/scopesForRole.ts',
  'gateway/src/supergraphPolicies.test.ts',
];
// A new package changes the lockfile: say so, for pnpm freezes it by default when CI is set.
run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile']);
run('pnpm', [
  '--filter',
  `@home-affairs/${name}`,
  'exec',
  'drizzle-kit',
  'generate',
  '--name',
  'init',
]);
run('pnpm', ['exec', 'biome', 'check', '--write', ...edited]);
run('pnpm', ['compose']);

console.log(`
Created the ${name} subgraph in ${((performance.now() - started) / 1000).toFixed(1)} s:
  subgraphs/${name}/              package, SDL, drizzle schema and first migration, server, test
  gateway/src/subgraphs.ts        composed into gateway/supergraph.graphql and the contracts
  shared/identity                 writers of ${name} get write:${name} and read:personal:${name}
  gateway/src/supergraphPolicies.test.ts   its root fields reviewed as public
  .github/CODEOWNERS              owned by ${owner}

Next: pnpm check && pnpm test, then make the offices feature the ministry's own
(docs/adding-a-ministry.md). \`pnpm start\` runs it on port ${port}.`);

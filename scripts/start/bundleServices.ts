/**
 * The processes of `pnpm start` run from JavaScript bundles of their TypeScript, made by esbuild
 * (ADR 0017): loading a process's modules through tsx's loader hooks costs about 4 s of CPU,
 * from a bundle about 1.5 s, and a start runs five processes on the same cores. Only this
 * repository's code is bundled; every package stays external and is imported from the file Node
 * would load (its `main`/`exports`), so packages behave as they do without bundling. A file's
 * `import.meta.url` keeps its own source address, so paths built from it (migrations, the
 * supergraph, the dashboard) are unchanged. The bundles are remade only when an input changed.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin, version } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Where the bundles are: beside the installed packages, like the PGlite template. Each build
 * goes to a folder of its own, named in `current.json` (replaced atomically), so a start never
 * runs a bundle another start in the same checkout is writing; builds older than a week go.
 */
const bundleRoot = join(repoRoot, 'node_modules/.cache/start-bundles');
const currentFile = join(bundleRoot, 'current.json');
const keepBuildsMilliseconds = 7 * 24 * 3600 * 1000;

interface CurrentBuild {
  key: string;
  folder: string;
  inputs: Record<string, string>;
}

/**
 * A dynamic import stays one (code splitting, shared code in `chunks/`): the telemetry preload
 * loads the OpenTelemetry SDK only when tracing is configured, where it cost about 0.6 s of wall
 * time per process, five processes a start, inlined into the preload.
 */
const buildLayout = { splitting: true, chunkNames: 'chunks/[name]-[hash]' };

/** Packages external, each at the path Node resolves; `import.meta.url` as in the source file. */
const keepSources: Plugin = {
  name: 'keep-sources',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      if (args.path.startsWith('@home-affairs/') || args.pluginData === 'inner') return undefined;
      const resolved = await context.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'inner',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
    context.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return {
        contents: source.replaceAll('import.meta.url', url),
        loader: 'ts',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/** A file's identity for the cache: its size and modification time. */
function stamp(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats ? `${stats.size}:${stats.mtimeMs}` : 'missing';
}

/** The current build's folder when it was made from the inputs as they are now. */
function freshBuild(entries: Record<string, string>, key: string): string | undefined {
  if (!existsSync(currentFile)) return undefined;
  const current = JSON.parse(readFileSync(currentFile, 'utf8')) as CurrentBuild;
  const folder = join(bundleRoot, current.folder);
  const fresh =
    current.key === key &&
    Object.keys(entries).every((name) => existsSync(join(folder, `${name}.mjs`))) &&
    Object.entries(current.inputs).every(([file, value]) => stamp(join(repoRoot, file)) === value);
  return fresh ? folder : undefined;
}

/** Removes the builds older than a week but the current one. */
function removeOldBuilds(current: string) {
  for (const name of readdirSync(bundleRoot)) {
    const path = join(bundleRoot, name);
    const old = Date.now() - statSync(path).mtimeMs > keepBuildsMilliseconds;
    if (name !== current && name !== 'current.json' && old) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

/**
 * Bundles each of `entries` (name → a TypeScript file under the repository) into
 * `<build folder>/<name>.mjs`, with a linked source map (`NODE_OPTIONS=--enable-source-maps`
 * for stack traces in the sources), unless the bundles are fresh. Resolves with the bundles'
 * paths and whether it made them.
 */
export async function bundleServices(
  entries: Record<string, string>,
): Promise<{ bundles: Record<string, string>; built: boolean }> {
  const bundlesIn = (folder: string) =>
    Object.fromEntries(Object.keys(entries).map((name) => [name, join(folder, `${name}.mjs`)]));
  // The layout of a build (what esbuild is asked for) is part of the key: a build made with
  // other options is made again.
  const key = JSON.stringify({ version, entries, layout: buildLayout });
  const fresh = freshBuild(entries, key);
  if (fresh) return { bundles: bundlesIn(fresh), built: false };
  const buildName = `${Date.now()}-${process.pid}`;
  const outdir = join(bundleRoot, buildName);
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, entry]) => [name, join(repoRoot, entry)]),
    ),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // What Node itself loads from a package: `main` and the `node`/`import` export conditions,
    // never a bundler-only `module` build.
    mainFields: ['main'],
    conditions: ['node', 'import'],
    absWorkingDir: repoRoot,
    outdir,
    outExtension: { '.js': '.mjs' },
    ...buildLayout,
    sourcemap: 'linked',
    metafile: true,
    plugins: [keepSources],
    logLevel: 'silent',
  });
  // The sources, and the lockfile: a reinstall moves the packages the bundles import by path.
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes(':'));
  const recorded = Object.fromEntries(
    [...inputs, 'pnpm-lock.yaml'].map((file) => [file, stamp(join(repoRoot, file))]),
  );
  const current: CurrentBuild = { key, folder: buildName, inputs: recorded };
  writeFileSync(`${currentFile}.${process.pid}`, JSON.stringify(current));
  renameSync(`${currentFile}.${process.pid}`, currentFile);
  removeOldBuilds(buildName);
  return { bundles: bundlesIn(outdir), built: true };
}

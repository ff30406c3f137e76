import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Kind, parse } from 'graphql';
import { git, repoRoot } from './gitFiles.ts';
import type { UsedOperation } from './usedOperations.ts';

/**
 * File names of trusted-document manifests, wherever they are in the repository:
 * `persisted-query-manifest.json` (Apollo's format, `@apollo/generate-persisted-query-manifest`)
 * and `persisted-documents.json` (graphql-codegen's client preset, `{ "<sha256>": "<document>" }`),
 * each also with a prefix (`dashboard.persisted-documents.json`).
 */
export const manifestFilePattern = /(^|\.)(persisted-query-manifest|persisted-documents)\.json$/;

/** Folders never searched when git cannot list the files. */
const skipped = new Set(['node_modules', '.git', '.data', 'dist']);

/** A manifest and the operations read from it, or why it could not be read. */
export interface Manifest {
  /** Path relative to the repository root. */
  path: string;
  operations: UsedOperation[];
  errors: string[];
}

/**
 * Every trusted-document manifest in the repository under `root`: the files git tracks or would
 * track (`git ls-files --cached --others --exclude-standard`, so ignored build output is left
 * out) whose name matches `manifestFilePattern`; without git, a walk that skips node_modules,
 * .git, .data and dist.
 */
export function findManifests(root = repoRoot): Manifest[] {
  const listed = git(['ls-files', '--cached', '--others', '--exclude-standard', '-z'], root);
  const paths =
    listed === undefined
      ? walk(root).map((path) => relative(root, path))
      : listed.split('\0').filter(Boolean);
  return paths
    .filter((path) => manifestFilePattern.test(basename(path)))
    .sort()
    .map((path) => readManifest(root, path));
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : walk(join(folder, entry.name));
    return entry.isFile() ? [join(folder, entry.name)] : [];
  });
}

/** Reads one manifest in either format; each document must parse and hash to its id. */
export function readManifest(root: string, path: string): Manifest {
  const manifest: Manifest = { path, operations: [], errors: [] };
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(join(root, path), 'utf8'));
  } catch (error) {
    manifest.errors.push(`not JSON: ${(error as Error).message}`);
    return manifest;
  }
  const entries = documentsOf(content);
  if (!entries) {
    manifest.errors.push(
      'neither an Apollo persisted query manifest nor a map of SHA-256 hashes to documents',
    );
    return manifest;
  }
  for (const { id, body } of entries) {
    const hash = createHash('sha256').update(body).digest('hex');
    if (id !== hash) manifest.errors.push(`document ${id} does not hash to its id`);
    try {
      const document = parse(body);
      const operation = document.definitions.find(
        (definition) => definition.kind === Kind.OPERATION_DEFINITION,
      );
      const name =
        operation?.kind === Kind.OPERATION_DEFINITION ? operation.name?.value : undefined;
      manifest.operations.push({ name: name ?? '(anonymous)', source: path, hash, document });
    } catch (error) {
      manifest.errors.push(`document ${id} does not parse: ${(error as Error).message}`);
    }
  }
  return manifest;
}

function documentsOf(content: unknown): { id: string; body: string }[] | undefined {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return undefined;
  const record = content as Record<string, unknown>;
  if (record.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(record.operations)) return undefined;
    return record.operations.map((operation: { id?: unknown; body?: unknown }) => ({
      id: String(operation.id),
      body: String(operation.body),
    }));
  }
  const entries = Object.entries(record);
  if (entries.every(([id, body]) => /^[0-9a-f]{64}$/.test(id) && typeof body === 'string')) {
    return entries.map(([id, body]) => ({ id, body: body as string }));
  }
  return undefined;
}

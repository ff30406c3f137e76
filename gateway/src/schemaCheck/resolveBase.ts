import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { git, repoRoot } from './gitFiles.ts';
import type { CheckBase } from './runSchemaCheck.ts';

/** Branches tried, in order, when no base is given: the local main, then the remote one. */
const mainBranches = ['main', 'origin/main'];

/**
 * The supergraph a check compares with.
 *
 * - `ref` given (`--base` or `SCHEMA_CHECK_BASE`): the supergraph at the merge-base of HEAD and
 *   `ref`, or at `ref` itself when the clone is too shallow to have a merge-base. An unknown ref
 *   is an error: the caller asked for something this clone does not have.
 * - otherwise: at the merge-base of HEAD and `main` (else `origin/main`), so that a feature branch
 *   behind main is judged by its own changes only, not by main's newer ones; on main itself that
 *   is HEAD, and a clean checkout has no change.
 * - a clone without a main branch: HEAD, saying so; no git at all: the checked-in file.
 */
export function resolveBase(
  supergraphPath: string,
  ref?: string | undefined,
  root = repoRoot,
): CheckBase | { error: string } {
  const path = relative(root, supergraphPath);
  const at = (commit: string) => git(['show', `${commit}:${path}`], root);
  const short = (commit: string) => commit.slice(0, 10);
  if (ref) {
    const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root)?.trim();
    if (!commit) return { error: `the base ${ref} is not a commit in this clone (fetch it first)` };
    const mergeBase = git(['merge-base', 'HEAD', commit], root)?.trim();
    return mergeBase
      ? { label: `${ref} (merge-base ${short(mergeBase)})`, supergraphSdl: at(mergeBase) }
      : {
          label: `${ref} at ${short(commit)} (no merge-base in this shallow clone: its tip)`,
          supergraphSdl: at(commit),
        };
  }
  for (const branch of mainBranches) {
    const mergeBase = git(['merge-base', 'HEAD', branch], root)?.trim();
    if (mergeBase) {
      return { label: `${branch} (merge-base ${short(mergeBase)})`, supergraphSdl: at(mergeBase) };
    }
  }
  const head = git(['rev-parse', 'HEAD'], root)?.trim();
  if (head) {
    return {
      label: `HEAD ${short(head)} (this clone has no main branch; set SCHEMA_CHECK_BASE to compare with one)`,
      supergraphSdl: at(head),
    };
  }
  let onDisk: string | undefined;
  try {
    onDisk = readFileSync(join(root, path), 'utf8');
  } catch {
    onDisk = undefined;
  }
  return { label: 'the checked-in file (no git repository)', supergraphSdl: onDisk };
}

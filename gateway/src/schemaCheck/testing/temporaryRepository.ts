import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

/** Runs git in `cwd` as a test author and returns its output. */
export const run = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: gitEnv, stdio: ['ignore', 'pipe', 'ignore'] }).toString();

/** Writes a file under `root`, making its folders. */
export function write(root: string, path: string, content: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/**
 * A throwaway repository whose `feature` branch (checked out) forked from `mainBranch` at a
 * supergraph `v1`, changed it to `v2`; the main branch has moved on to `v3` since.
 */
export function temporaryRepository(mainBranch = 'main') {
  const root = mkdtempSync(join(tmpdir(), 'schema-repo-'));
  run(root, 'init', '-q', '-b', mainBranch);
  write(root, 'gateway/supergraph.graphql', 'v1');
  run(root, 'add', '.');
  run(root, 'commit', '-qm', 'v1');
  run(root, 'checkout', '-qb', 'feature');
  write(root, 'gateway/supergraph.graphql', 'v2');
  run(root, 'commit', '-qam', 'v2');
  run(root, 'checkout', '-q', mainBranch);
  write(root, 'gateway/supergraph.graphql', 'v3');
  run(root, 'commit', '-qam', 'v3');
  run(root, 'checkout', '-q', 'feature');
  return root;
}

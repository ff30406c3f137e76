import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs git in `cwd` and returns its standard output, or undefined when git is missing, the
 * folder is not a repository, or the command fails (an unknown ref, a shallow clone without the
 * commit): callers decide what that means.
 */
export function git(args: readonly string[], cwd = repoRoot): string | undefined {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return result.status === 0 ? result.stdout : undefined;
}

/** A file as committed: the commit, its committer date, and a way to read the text. */
export interface FileVersion {
  commit: string;
  date: Date;
  read(): string | undefined;
}

/**
 * The committed versions of `path` (relative to the repository root), newest first, as far as
 * the clone's history goes; empty without git.
 */
export function fileVersions(path: string, cwd = repoRoot): FileVersion[] {
  const log = git(['log', '--format=%H %cI', '--', path], cwd);
  if (!log) return [];
  return log
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit, date] = line.split(' ') as [string, string];
      return { commit, date: new Date(date), read: () => git(['show', `${commit}:${path}`], cwd) };
    });
}

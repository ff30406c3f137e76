import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withProcessLock } from '@home-affairs/service/processLock';

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Runs `read` once for all the processes that share `folder` and ask for the same `name`: the
 * first to take `<name>.lock` (created exclusively, holding its pid) reads and writes the result
 * to `<name>.json` (atomically, by rename); the others wait for that file and read it. A holder
 * that fails removes its lock, and one that died is noticed by its pid, so a waiter then reads
 * itself. For processes started together on one machine (`pnpm start` sets the folder); the
 * folder must not outlive them, since it keeps no expiry.
 * @default pollMilliseconds 100
 */
export async function readOnce<T>(
  folder: string,
  name: string,
  read: () => Promise<T>,
  pollMilliseconds = 100,
): Promise<T> {
  const file = join(folder, `${name}.json`);
  const lock = join(folder, `${name}.lock`);
  await mkdir(folder, { recursive: true });
  const shared = await readJson<T>(file);
  if (shared !== undefined) return shared;
  return withProcessLock(
    lock,
    async () => {
      // Written by an earlier holder, or between this process's first look and its lock.
      const written = await readJson<T>(file);
      if (written !== undefined) return written;
      const value = await read();
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(value));
      await rename(temporary, file);
      return value;
    },
    pollMilliseconds,
  );
}

import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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
  for (;;) {
    const shared = await readJson<T>(file);
    if (shared !== undefined) return shared;
    const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      try {
        await handle.writeFile(String(process.pid));
        await handle.close();
        // Written between this process's first look and its lock.
        const written = await readJson<T>(file);
        if (written !== undefined) return written;
        const value = await read();
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(value));
        await rename(temporary, file);
        return value;
      } finally {
        await rm(lock, { force: true });
      }
    }
    const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
    if (holder > 0 && !isAlive(holder)) await rm(lock, { force: true });
    await sleep(pollMilliseconds);
  }
}

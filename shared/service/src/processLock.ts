import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether process `pid` exists on this machine: signal 0 reaches it, or is refused because it
 * belongs to another user (EPERM). Imported as `@home-affairs/service/processLock` by code that
 * must not load the service's HTTP stack (test set-up, build scripts, the start supervisor's
 * shares).
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the lock file `lock` (created exclusively, holding this process's pid, and
 * removed when `fn` settles), between processes of one machine. A waiter polls; it removes a
 * lock whose holder has died, and leaves alone one whose holder has not written its pid yet.
 * @default pollMilliseconds 200
 */
export async function withProcessLock<T>(
  lock: string,
  fn: () => Promise<T>,
  pollMilliseconds = 200,
): Promise<T> {
  for (;;) {
    const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      try {
        await handle.writeFile(String(process.pid));
        await handle.close();
        return await fn();
      } finally {
        await rm(lock, { force: true });
      }
    }
    const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
    if (holder > 0 && !isProcessAlive(holder)) await rm(lock, { force: true });
    await sleep(pollMilliseconds);
  }
}

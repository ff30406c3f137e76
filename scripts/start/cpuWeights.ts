import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The nice value of the scheduling group of a process that waits on a first start (see
 * firstStartChain in scripts/start.ts): a CPU weight of 110 against the 1,024 of nice 0, so that
 * it runs on what the longest chain leaves, and runs at once when that chain waits.
 */
export const waitingNice = 10;

/**
 * Linux lets a process without CAP_SYS_ADMIN set the nice value of one scheduling group a
 * second (EAGAIN otherwise): the writes are made one after the other, and one refused for that
 * reason is tried again a second later.
 */
const retryMilliseconds = 1_100;
const attempts = 4;

/** The writes to `/proc/<pid>/autogroup`, one at a time (see retryMilliseconds). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Sets the nice value of the scheduling group of the process `pid`. Each process of `pnpm start`
 * runs in a session of its own (it is started detached, so that a terminal's Ctrl-C reaches the
 * start script only), and Linux (`sched_autogroup`) shares the CPU fairly between sessions first:
 * a process's own nice value weighs only against the other threads of its session, and the
 * procedures seed, two threads (its worker makes the rows, its main thread copies them), got no
 * more than each one-thread process beside it. The group's nice value (`/proc/<pid>/autogroup`)
 * is what weighs between them. Resolves with whether it was set: false where there are no
 * scheduling groups (not Linux, autogroup off) or the process is gone; never throws.
 */
export function setGroupNice(pid: number | undefined, nice: number): Promise<boolean> {
  const write = async () => {
    if (pid === undefined) return false;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        await writeFile(`/proc/${pid}/autogroup`, String(nice));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return false;
        await sleep(retryMilliseconds);
      }
    }
    return false;
  };
  const written = queue.then(write);
  queue = written;
  return written;
}

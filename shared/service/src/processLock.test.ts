import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, withProcessLock } from './processLock.ts';

/** The pid of a process that has already ended. */
function endedPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('isProcessAlive', () => {
  it('tells a live process from one that has ended', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(endedPid())).toBe(false);
  });
});

describe('withProcessLock', () => {
  it('runs one holder at a time and removes its lock after', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'process-lock-')), 'build.lock');
    const order: string[] = [];
    const hold = (name: string) =>
      withProcessLock(
        lock,
        async () => {
          order.push(`${name} in`, `lock holds ${readFileSync(lock, 'utf8')}`);
          await new Promise((resolve) => setTimeout(resolve, 30));
          order.push(`${name} out`);
          return name;
        },
        5,
      );
    expect(await Promise.all([hold('first'), hold('second')])).toEqual(['first', 'second']);
    expect(order).toEqual([
      'first in',
      `lock holds ${process.pid}`,
      'first out',
      'second in',
      `lock holds ${process.pid}`,
      'second out',
    ]);
    await expect(withProcessLock(lock, async () => 'again', 5)).resolves.toBe('again');
  });

  it('takes over the lock of a holder that died', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'process-lock-')), 'build.lock');
    writeFileSync(lock, String(endedPid()));
    await expect(withProcessLock(lock, async () => 'taken', 5)).resolves.toBe('taken');
  });
});

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { temporaryFolders } from '@home-affairs/testing';
import { describe, expect, it } from 'vitest';
import { readOnce } from './readOnce.ts';

const folder = temporaryFolders('read-once');

describe('readOnce', () => {
  it('reads once for every caller asking for the same name at the same time', async () => {
    const shared = folder();
    let reads = 0;
    const read = async () => {
      reads += 1;
      await sleep(50);
      return [{ code: '40' }];
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => readOnce(shared, 'units-in-force-2025-06-30', read, 5)),
    );
    expect(reads).toBe(1);
    for (const result of results) expect(result).toEqual([{ code: '40' }]);
    // A later caller reads the file, not the source.
    expect(await readOnce(shared, 'units-in-force-2025-06-30', read, 5)).toEqual([{ code: '40' }]);
    expect(reads).toBe(1);
  });

  it('reads separately for different names', async () => {
    const shared = folder();
    const days: string[] = [];
    await Promise.all(
      ['2025-06-30', '2025-07-01'].map((day) =>
        readOnce(shared, day, async () => days.push(day), 5),
      ),
    );
    expect(days.sort()).toEqual(['2025-06-30', '2025-07-01']);
  });

  it('lets a waiting caller read when the one reading fails', async () => {
    const shared = folder();
    const failing = readOnce(
      shared,
      'list',
      async () => {
        await sleep(30);
        throw new Error('graph unreachable');
      },
      5,
    );
    // The second caller starts once the first holds the lock: which of two callers started in
    // the same tick takes it first is up to the file system.
    while (!existsSync(join(shared, 'list.lock'))) await sleep(1);
    const waiting = readOnce(shared, 'list', async () => 'read by the second caller', 5);
    await expect(failing).rejects.toThrow('graph unreachable');
    expect(await waiting).toBe('read by the second caller');
  });

  it('takes over the lock of a process that died while reading', async () => {
    const shared = folder();
    // A pid far above any pid_max: no such process.
    writeFileSync(join(shared, 'list.lock'), '2147483646');
    expect(await readOnce(shared, 'list', async () => 'read again', 5)).toBe('read again');
  });
});

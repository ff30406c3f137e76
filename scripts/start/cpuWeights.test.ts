import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { setGroupNice, waitingNice } from './cpuWeights.ts';

// A process in a session of its own, as `pnpm start` starts each of its processes (detached).
const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
  detached: true,
  stdio: 'ignore',
});
const groupFile = `/proc/${child.pid}/autogroup`;
const groupNice = () => Number(/nice (-?\d+)/.exec(readFileSync(groupFile, 'utf8'))?.[1]);

afterAll(() => {
  child.kill();
});

describe('setGroupNice', () => {
  it.runIf(existsSync(groupFile))(
    "sets the nice value of a process's scheduling group, and sets it back",
    async () => {
      expect(await setGroupNice(child.pid, waitingNice)).toBe(true);
      expect(groupNice()).toBe(waitingNice);
      expect(await setGroupNice(child.pid, 0)).toBe(true);
      expect(groupNice()).toBe(0);
    },
  );

  it('answers false, without throwing, for a process that is not there', async () => {
    expect(await setGroupNice(2 ** 22 + 1, waitingNice)).toBe(false);
    expect(await setGroupNice(undefined, waitingNice)).toBe(false);
  });
});

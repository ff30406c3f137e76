import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from '../shared/testing/src/createTestDatabase.ts';

// `pnpm start` as a user runs it, on free ports and one fresh database for the whole file (the
// first case imports the data, the others start warm on it): a new database on
// TEST_DATABASE_URL's server when it is set, PGlite in a temporary folder otherwise.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const subgraphNames = readdirSync(join(repoRoot, 'subgraphs')).filter((name) =>
  existsSync(join(repoRoot, 'subgraphs', name, 'src/main.ts')),
);
const processNames = ['gateway', ...subgraphNames];
const serverUrl = process.env.TEST_DATABASE_URL;
let dataDir: string | undefined;
let database: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
let databaseUrl: string | undefined;

beforeAll(async () => {
  if (serverUrl) {
    database = await createServerDatabase(serverUrl, 'start');
    databaseUrl = database.url;
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'graph-start-'));
  }
});

const runs: Run[] = [];

afterEach(async () => {
  // A failed assertion must not leave the graph running (and its data folder in use).
  for (const run of runs.splice(0)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
    run.stop();
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
    await run.exited;
    clearTimeout(timer);
  }
});

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits. */
  waitFor(pattern: RegExp, timeoutMilliseconds: number): Promise<RegExpMatchArray>;
  /** Asks the graph to stop: Ctrl-C in the terminal, SIGTERM otherwise. */
  stop(): void;
}

/**
 * Runs the graph: `pnpm start` in a pseudo-terminal (util-linux `script`, which copies what it
 * reads to the terminal, so a 0x03 byte is a Ctrl-C the terminal turns into SIGINT for its
 * foreground process group), or the script alone with pipes.
 */
function start(env: Record<string, string>, terminal = false): Run {
  const childEnv = {
    ...process.env,
    // Every subgraph on a free port: start.ts reads the real ones from their log lines.
    ...Object.fromEntries(subgraphNames.map((name) => [`${name.toUpperCase()}_PORT`, '0'])),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir ?? '' }),
    NO_COLOR: '1',
    // The machine is shared and CI's may be loaded: the test's own timeouts are the limit.
    START_TIMEOUT_MS: '400000',
    ...env,
  };
  const child = terminal
    ? // `exec`: `script` runs the command through $SHELL -c (dash when SHELL is unset, as in CI),
      // and a shell waiting in the terminal's foreground group dies of the Ctrl-C itself (exit
      // 130) whatever pnpm answers; a user's interactive shell keeps the job in a group of its
      // own, which `exec` models.
      spawn(
        'script',
        ['--quiet', '--flush', '--return', '--command', 'exec pnpm start', '/dev/null'],
        {
          cwd: repoRoot,
          env: childEnv,
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      )
    : spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
        cwd: repoRoot,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let text = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      // A terminal ends lines with \r\n.
      text += chunk.replaceAll('\r', '');
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const run: Run = {
    child,
    output: () => text,
    exited,
    stop: () => (terminal ? child.stdin?.write('\u0003') : child.kill('SIGTERM')),
    waitFor: (pattern, timeoutMilliseconds) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} after ${timeoutMilliseconds} ms:\n${text}`));
        }, timeoutMilliseconds);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(({ code }) => {
          if (!text.match(pattern)) {
            cleanup();
            reject(new Error(`start exited (${code}) before ${pattern}:\n${text}`));
          }
        });
        check();
      }),
  };
  runs.push(run);
  return run;
}

/** The graph's URL, once `Graph ready` is printed, and how the start called itself. */
async function ready(run: Run) {
  const [, url, kind, seconds] = await run.waitFor(
    /Graph ready at (\S+) \((.+), ([\d.]+) s\)/,
    400_000,
  );
  return { url: url!, kind: kind!, seconds: seconds! };
}

/** Each process's pid, from the `starting <name> (pid N)` lines. */
function pids(run: Run): Record<string, number> {
  return Object.fromEntries(
    [...run.output().matchAll(/▸ starting (\w+) \(pid (\d+)\)/g)].map((m) => [m[1], Number(m[2])]),
  );
}

/** Every address a process of the graph listens on: the subgraphs' and the gateway's. */
function urls(run: Run, gatewayUrl: string): string[] {
  const subgraphs = [...run.output().matchAll(/▸ \w+ ready at (http\S+)/g)].map((m) => m[1]!);
  return [...subgraphs, gatewayUrl];
}

const provinces = '{ units(level: PROVINCE, asOf: "2025-07-01") { totalCount } }';

async function query(url: string, body: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: body }),
  });
  return response.json();
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of `pidList` runs and nothing answers on any of `addresses`. */
async function expectAllGone(pidList: number[], addresses: string[]) {
  const deadline = Date.now() + 30_000;
  while (pidList.some(alive) && Date.now() < deadline) await sleep(100);
  expect(pidList.filter(alive)).toEqual([]);
  for (const address of addresses) {
    await expect(fetch(new URL('/health', address))).rejects.toThrow();
  }
}

/**
 * A port that something is listening on, and a way to free it. The supervisor's probes connect
 * to it while the gateway fails to bind: release() ends them, since close() waits for every open
 * connection.
 */
async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const release = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return { port, release };
}

describe('pnpm start', () => {
  it('starts cold in a terminal, answers, and stops on one Ctrl-C with exit 0', async () => {
    const spawnedAt = performance.now();
    const run = start({ PORT: '0' }, true);
    const { url, kind, seconds } = await ready(run);
    const measured = ((performance.now() - spawnedAt) / 1000).toFixed(1);
    console.log(
      `pnpm start cold start on ${databaseUrl ? 'Postgres' : 'PGlite'}: ${seconds} s reported, ${measured} s from spawn to ready line`,
    );
    expect(kind).toBe('cold start: first import');
    expect(urls(run, url)).toHaveLength(processNames.length);
    expect(await query(url, provinces)).toEqual({ data: { units: { totalCount: 34 } } });

    // The dashboard is served by the same process, built (or found fresh) by the start.
    const [, dashboardUrl] = await run.waitFor(/Dashboard at (\S+)/, 10_000);
    const page = await fetch(new URL(dashboardUrl!.replace('localhost', '127.0.0.1')));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');

    const started = pids(run);
    expect(Object.keys(started).sort()).toEqual([...processNames].sort());
    run.stop();
    const exit = await run.exited;
    // `script --return` exits with the command's status: pnpm's, which is the supervisor's.
    expect(exit, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).toMatch(/▸ SIGINT: stopping the graph\n[\s\S]*▸ stopped\n/);
    expect(run.output()).not.toMatch(/again: killing|ELIFECYCLE/);
    // Each process was stopped by the supervisor, in turn, and drained and closed its database
    // itself (Apollo Server's own signal handlers once cut this short).
    for (const name of processNames) {
      expect(run.output()).toMatch(new RegExp(`${name} +│ \\S+ info shutting down signal=SIGTERM`));
      expect(run.output()).toMatch(new RegExp(`${name} +│ \\S+ info stopped`));
    }
    await expectAllGone(Object.values(started), urls(run, url));
    // A cold start on PGlite takes about 80 s on an idle 2-core machine, several times that on a
    // loaded one.
  }, 480_000);

  it('restarts a subgraph that dies, and the graph answers again', async () => {
    const run = start({ PORT: '0' });
    const { url, kind } = await ready(run);
    expect(kind).toBe('warm start');
    const units = pids(run).units!;
    process.kill(units, 'SIGKILL');
    await run.waitFor(
      /✗ units was killed by SIGKILL; restarting it in 1 s \(restart 1 of 5\)/,
      10_000,
    );
    await run.waitFor(/▸ units is back \(restart 1\)/, 120_000);
    // Requests that reached units while it was down (the other subgraphs follow its feed through
    // the gateway) may have opened the gateway's circuit for it: the graph answers again once the
    // circuit's probe finds units back, at most breakerOpenMilliseconds (5 s) after it is.
    await expect
      .poll(() => query(url, provinces), { timeout: 30_000, interval: 500 })
      .toEqual({ data: { units: { totalCount: 34 } } });
    expect(alive(units)).toBe(false);

    run.stop();
    expect(await run.exited, run.output()).toEqual({ code: 0, signal: null });
  });

  it('leaves no process and no port behind when it is killed with SIGKILL', async () => {
    const run = start({ PORT: '0' });
    const { url } = await ready(run);
    const started = Object.values(pids(run));
    expect(started).toHaveLength(processNames.length);
    run.child.kill('SIGKILL');
    await run.exited;
    // No handler runs on SIGKILL: each child sees its IPC channel close and stops itself.
    await expectAllGone(started, urls(run, url));
  });

  it('stops everything and exits 1 with the last lines of a process that dies at start', async () => {
    const taken = await occupyPort();
    try {
      const run = start({ PORT: String(taken.port) });
      const exit = await run.exited;
      expect(exit.code, run.output()).toBe(1);
      expect(run.output()).toMatch(/gateway exited with code 1; stopping the graph/);
      expect(run.output()).toMatch(/Last lines of gateway:[\s\S]*EADDRINUSE/);
      await expectAllGone(Object.values(pids(run)), []);
    } finally {
      await taken.release();
    }
  });
});

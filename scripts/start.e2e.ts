import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// `pnpm start` as a user runs it (tsx scripts/start.ts), on free ports and a fresh database:
// a new database on TEST_DATABASE_URL's server when it is set, PGlite in a temporary folder
// otherwise.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const subgraphNames = readdirSync(join(repoRoot, 'subgraphs')).filter((name) =>
  existsSync(join(repoRoot, 'subgraphs', name, 'src/main.ts')),
);
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
// The root package has no dependencies of its own: take pg as the shared test harness has it.
const pg = createRequire(join(repoRoot, 'shared/testing/package.json'))('pg') as {
  Client: new (config: {
    connectionString?: string;
  }) => {
    connect(): Promise<void>;
    query(statement: string): Promise<unknown>;
    end(): Promise<void>;
  };
};
const serverUrl = process.env.TEST_DATABASE_URL;
const databaseName = `test_start_${randomBytes(6).toString('hex')}`;
let dataDir: string | undefined;
let databaseUrl: string | undefined;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (serverUrl) {
    await admin(`CREATE DATABASE "${databaseName}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'graph-start-'));
  }
});

const runs: Run[] = [];

afterEach(async () => {
  // A failed assertion must not leave the graph running (and its data folder in use).
  for (const run of runs.splice(0)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
    run.child.kill('SIGTERM');
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
    await run.exited;
    clearTimeout(timer);
  }
});

afterAll(async () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (serverUrl) await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits. */
  waitFor(pattern: RegExp, timeoutMilliseconds: number): Promise<RegExpMatchArray>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [tsxCli, 'scripts/start.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      // Every subgraph on a free port: start.ts reads the real ones from their log lines.
      ...Object.fromEntries(subgraphNames.map((name) => [`${name.toUpperCase()}_PORT`, '0'])),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir ?? '' }),
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
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

/** A port that something is listening on, and a way to free it. */
async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('pnpm start', () => {
  it('starts the graph on a fresh database, answers, and stops cleanly on SIGTERM', async () => {
    const spawnedAt = performance.now();
    const run = start({ PORT: '0' });
    const [, url, coldStart] = await run.waitFor(
      /Graph ready at (\S+) \(cold start ([\d.]+) s\)/,
      240_000,
    );
    const measured = ((performance.now() - spawnedAt) / 1000).toFixed(1);
    console.log(
      `pnpm start cold start on ${databaseUrl ? 'Postgres' : 'PGlite'}: ${coldStart} s reported, ${measured} s from spawn to ready line`,
    );
    const subgraphUrls = [...run.output().matchAll(/▸ (\w+) ready at (http\S+)/g)].map((m) => m[2]);
    expect(subgraphUrls).toHaveLength(subgraphNames.length);

    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ units(level: PROVINCE, asOf: "2025-07-01") { totalCount } }',
      }),
    });
    expect(await response.json()).toEqual({ data: { units: { totalCount: 34 } } });

    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('stopped');
    // Each process drains and closes its database itself (Apollo Server's own signal handlers
    // once cut this short, leaving the gateway's audit queue unflushed).
    for (const name of ['gateway', ...subgraphNames]) {
      expect(run.output()).toMatch(new RegExp(`${name} +│ \\S+ info stopped`));
    }
    // Nothing is left listening: the gateway and every subgraph are gone.
    for (const gone of [url!, ...subgraphUrls]) {
      await expect(fetch(new URL('/health', gone!))).rejects.toThrow();
    }
  });

  it('stops everything and exits 1 with the last lines of a process that dies', async () => {
    const taken = await occupyPort();
    try {
      // The database is already imported by the first test: this start is a warm one.
      const run = start({ PORT: String(taken.port) });
      const exit = await run.exited;
      expect(exit.code, run.output()).toBe(1);
      expect(run.output()).toMatch(/gateway exited with code 1; stopping the graph/);
      expect(run.output()).toMatch(/Last lines of gateway:[\s\S]*EADDRINUSE/);
    } finally {
      await taken.release();
    }
  });
});

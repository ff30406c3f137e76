import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A Postgres server of a test's own, which the test may crash and start again. */
export interface PostgresCluster {
  /** Connection URL of its `postgres` database as its `postgres` superuser (trust). */
  url: string;
  port: number;
  /** Starts the server on the same folder and port, and resolves once it accepts connections. */
  start(): Promise<void>;
  /**
   * Kills the postmaster and every backend with SIGKILL, as the kernel's OOM killer or a power
   * cut would: nothing is flushed or closed; the next `start()` runs crash recovery.
   */
  crash(): Promise<void>;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
}

/**
 * The folder of the machine's PostgreSQL server binaries (initdb, postgres): `pg_config --bindir`,
 * else the newest `/usr/lib/postgresql/<version>/bin` (Debian's layout). Undefined when there is
 * none, for a test to skip saying so.
 */
export function findPostgresBinaries(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config (it comes with libpq-dev): look where Debian installs servers.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  return candidates.find((folder) => existsSync(join(folder, 'initdb')));
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * initdb refuses to run as root, and so does postgres: as root (CI and this machine's sessions),
 * both run as the `postgres` system user that Debian's server package creates. setpriv (util-linux)
 * execs the command as that user, where runuser and su would fork: the postmaster stays this
 * process's child, reaped as soon as it dies, so its PID in postmaster.pid is free again.
 */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return [
    'setpriv',
    ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args],
  ];
}

/**
 * Creates a throwaway cluster with the machine's binaries (`bindir`, see findPostgresBinaries) in
 * a temporary folder, on a free port of 127.0.0.1 and a socket folder of its own, and starts it.
 * Durability settings are Postgres's defaults (fsync on, synchronous commit): what a test of
 * acknowledged writes must rely on.
 */
export async function startPostgresCluster(bindir: string): Promise<PostgresCluster> {
  const folder = mkdtempSync(join(tmpdir(), 'pg-cluster-'));
  const dataDir = join(folder, 'data');
  if (process.getuid?.() === 0) {
    const [uid, gid] = ['-u', '-g'].map((flag) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })),
    );
    chownSync(folder, uid!, gid!);
  }
  const run = (command: string, args: string[]) => {
    const [file, fileArgs] = asServerUser(join(bindir, command), args);
    return execFileSync(file, fileArgs, { encoding: 'utf8', stdio: 'pipe' });
  };
  // --no-sync: only initdb's own final flush, not the server's; the server keeps fsync on.
  run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);

  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;
  let output = '';

  const cluster: PostgresCluster = {
    url,
    port,
    start: async () => {
      const [file, args] = asServerUser(join(bindir, 'postgres'), [
        ...['-D', dataDir, '-p', String(port), '-k', folder],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50'],
      ]);
      // Its own process group, so that crash() reaches every backend the postmaster forks.
      const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      server = child;
      output = '';
      for (const stream of [child.stdout, child.stderr]) {
        stream?.setEncoding('utf8').on('data', (chunk: string) => {
          output = (output + chunk).slice(-4000);
        });
      }
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`postgres exited:\n${output}`);
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
        client.on('error', () => {});
        try {
          await client.connect();
          await client.query('SELECT 1');
          return;
        } catch (error) {
          if (Date.now() > deadline) {
            throw new Error(`postgres did not accept connections: ${error}\n${output}`);
          }
        } finally {
          await client.end().catch(() => {});
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    crash: async () => {
      const child = server;
      if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      process.kill(-child.pid, 'SIGKILL');
      await exited;
      // The backends were in the same group and got the same signal; wait until none is left,
      // or the next postmaster finds their shared memory still attached and refuses to start.
      const deadline = Date.now() + 10_000;
      while (groupAlive(child.pid)) {
        if (Date.now() > deadline) throw new Error(`postgres group ${child.pid} outlived SIGKILL`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    dispose: async () => {
      process.off('exit', killOnExit);
      await cluster.crash();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  // The server runs in a process group of its own, which nothing else stops: a test process that
  // exits without dispose() (a failed hook, a timeout) takes it down on the way out.
  const killOnExit = () => {
    if (server?.pid && server.exitCode === null && server.signalCode === null) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };
  process.on('exit', killOnExit);
  await cluster.start();
  return cluster;
}

/**
 * Whether a process of the process group `pgid` still runs (Linux: read from /proc). Zombies do
 * not count: they hold no shared memory, and whoever reaps orphans may take its time.
 */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Gone since the listing.
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after it.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

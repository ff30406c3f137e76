/**
 * `pnpm start`: runs the whole graph on this machine. Each subgraph is its own process on
 * embedded Postgres (PGlite, one data folder each under DATA_DIR) or on DATABASE_URL, then the
 * gateway; prints `Graph ready at ...` once every subgraph is ready and the gateway healthy.
 *
 * - Stopping: one SIGINT (Ctrl-C), SIGTERM or SIGHUP stops the gateway, then the subgraphs, each
 *   with SIGTERM, and exits 0 when each stopped cleanly. The children run in process groups of
 *   their own, so a terminal's Ctrl-C reaches this process only; the copy pnpm forwards within a
 *   second of it is the same request. A signal after that kills every process at once (exit 1).
 * - Faults: a process that exits before the graph is ready stops the start (exit 1, with its last
 *   lines). Once ready, a process that exits is started again on its port after 1 s, 2 s, 4 s,
 *   8 s, 16 s; after 5 restarts without 60 s of running in between, a subgraph is given up (the
 *   graph goes on without it) and the gateway stops the graph (exit 1).
 * - Orphans: every child has an IPC channel to this process and stops when it closes, which the
 *   kernel does when this process dies, even by SIGKILL.
 * - Cold or warm: a start is cold when a subgraph's data is not there yet (first import), warm
 *   when every subgraph's data is (see hasStoredData); the ready line says which.
 *
 * Environment (docs/gateway.md): PORT (gateway, default 4000), HOST, <NAME>_PORT (a subgraph's
 * port, default its own: units 4001), DATA_DIR (default <repo>/.data),
 * DATABASE_URL or <NAME>_DATABASE_URL, START_TIMEOUT_MS (default 180000), LOG_LEVEL.
 * A port of 0 picks a free one; the real port is read from the process's "listening" log line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureDashboardBuilt } from '../dashboard/scripts/ensureDashboardBuilt.ts';
import { gatewayNodeFlags, gatewayProcessEnvironment } from '../gateway/src/processSettings.ts';
// Only the configuration rules and the data check: no database driver is loaded for PGlite
// folders (pg only when DATABASE_URL is set), so start-up stays quick.
import { databaseConfigFromEnv, dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';
import { hasStoredData } from '../shared/db/src/hasStoredData.ts';

const startedAt = performance.now();
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = dataRootFromEnv(process.env);
const timeoutMilliseconds = Number(process.env.START_TIMEOUT_MS ?? 180_000);
// The agency subgraphs read the same unit lists on a first start: one of them reads each day's
// list through the graph, the others take it from this folder (shared/unit-directory, readOnce).
const unitDirectoryShare = mkdtempSync(join(tmpdir(), 'unit-directory-'));
// Children load TypeScript through tsx's loader directly (no tsx CLI process in between), so the
// pid we signal is the service itself.
const tsxLoader = import.meta.resolve('tsx');
// Starts tracing before the service's modules load when OTEL_* configures it (docs/operations.md).
const telemetryRegister = new URL('../shared/telemetry/src/register.ts', import.meta.url).href;
const gatewayEntry = 'gateway/src/main.ts';
// Every folder under subgraphs/ with a src/main.ts is a subgraph to run. Found on disk rather than
// imported from the gateway's list, which would load every subgraph's code first (about 1 s).
const subgraphNames = readdirSync(`${repoRoot}subgraphs`)
  .filter((name) => existsSync(`${repoRoot}subgraphs/${name}/src/main.ts`))
  .sort();
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Restarts of a process that exits once the graph is ready: 1 s, doubling, at most 30 s. */
const restartPolicy = {
  firstDelayMilliseconds: 1000,
  maxDelayMilliseconds: 30_000,
  /** Restarts in a row before giving up. */
  maxRestarts: 5,
  /** A process that ran this long before exiting starts a new series of restarts. */
  stableMilliseconds: 60_000,
};
// A terminal sends Ctrl-C's SIGINT to the whole foreground process group, pnpm included, and pnpm
// forwards it to this process again: a second signal this soon is the same keypress.
const sameSignalMilliseconds = 1000;
const killAfterMilliseconds = 20_000;

type Phase = 'starting' | 'running' | 'stopping';
let phase: Phase = 'starting';

interface Service {
  name: string;
  entry: string;
  /** The environment it runs with; PORT becomes the real port once known, for restarts. */
  env: NodeJS.ProcessEnv;
  /** What says it serves: a subgraph's readiness, the gateway's liveness. */
  probe: '/ready' | '/health';
  prefix: string;
  /** The running (or last) process. */
  process: ChildProcess;
  /** The GraphQL URL from the first "listening" log line. */
  url: Promise<string>;
  /** Settles when the current process exits, with its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  exitCode: number | null | undefined;
  /** When the current process was spawned (performance.now()). */
  spawnedAt: number;
  /** Restarts in a row (see restartPolicy). */
  restarts: number;
  restartTimer?: NodeJS.Timeout;
  lastLines: string[];
}

const services: Service[] = [];
const width = Math.max(...['gateway', ...subgraphNames].map((name) => name.length));
const colors = [36, 35, 33, 32, 34, 91];

function say(message: string) {
  console.log(`${paint(1, '▸')} ${message}`);
}

const levels: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: paint(33, 'warn'),
  50: paint(31, 'error'),
  60: paint(31, 'fatal'),
};

/** Turns one pino JSON line into `12:00:01 info  message key=value`; other lines pass as they are. */
function formatLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level, time, msg, pid, hostname, service, err, ...rest } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const fields = Object.entries(rest).map(([key, value]) => {
    const text = typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value);
    return `${paint(2, `${key}=`)}${text}`;
  });
  const error = err as { stack?: string; message?: string } | undefined;
  const stack = error ? `\n${error.stack ?? error.message ?? JSON.stringify(error)}` : '';
  return (
    [paint(2, clock), levels[Number(level)] ?? String(level), msg, ...fields].join(' ') + stack
  );
}

/** Starts one process of the graph: `node --import tsx <entry>` (the gateway with its flags). */
function startProcess(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const isGateway = entry === gatewayEntry;
  const flags = isGateway ? gatewayNodeFlags : [];
  return spawn(
    process.execPath,
    [...flags, '--import', tsxLoader, '--import', telemetryRegister, entry],
    {
      cwd: repoRoot,
      env: isGateway ? gatewayProcessEnvironment(env) : env,
      // The IPC channel is how the child learns that this process died (stopOnSignals).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // A process group of its own: a terminal's Ctrl-C reaches this process only, which then stops
      // the children in order instead of all of them at once.
      detached: true,
    },
  );
}

/** Shows the output of the service's current process and handles its exit. */
function watch(service: Service, announce: (url: string) => void) {
  const child = service.process;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      if (line.includes('"msg":"listening"')) {
        const listening = (JSON.parse(line) as { url?: string }).url;
        if (listening) announce(listening);
      }
      for (const formatted of formatLine(line).split('\n')) {
        service.lastLines.push(formatted);
        if (service.lastLines.length > 25) service.lastLines.shift();
        console.log(`${service.prefix} ${formatted}`);
      }
    });
  }
  service.exited = new Promise((resolve) => {
    // 'close', not 'exit': it comes after the last output lines have been read.
    child.on('close', (code, signal) => {
      service.exitCode = code;
      resolve(code);
      onExit(service, code, signal);
    });
  });
}

function launch(name: string, entry: string, env: NodeJS.ProcessEnv): Service {
  let announce: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const service: Service = {
    name,
    entry,
    env,
    probe: name === 'gateway' ? '/health' : '/ready',
    prefix: paint(colors[services.length % colors.length] ?? 0, `${name.padEnd(width)} │`),
    process: startProcess(entry, env),
    url,
    exited: new Promise(() => {}),
    exitCode: undefined,
    spawnedAt: performance.now(),
    restarts: 0,
    lastLines: [],
  };
  services.push(service);
  // Restarts listen on the port of the first start: the gateway has that URL.
  void url.then((listening) => {
    service.env = { ...service.env, PORT: new URL(listening).port };
  });
  watch(service, announce);
  return service;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null) {
  return code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${code}`;
}

function printLastLines(service: Service) {
  if (service.lastLines.length === 0) return;
  console.error(`Last lines of ${service.name}:`);
  for (const line of service.lastLines) console.error(`  ${line}`);
}

function onExit(service: Service, code: number | null, signal: NodeJS.Signals | null) {
  if (phase === 'stopping') return;
  if (phase === 'starting') {
    void fail(`${service.name} ${describeExit(code, signal)}`, service);
    return;
  }
  // A process that ran for a while before dying starts a new series of restarts.
  if (performance.now() - service.spawnedAt >= restartPolicy.stableMilliseconds) {
    service.restarts = 0;
  }
  service.restarts += 1;
  if (service.restarts > restartPolicy.maxRestarts) {
    const reason = `${service.name} ${describeExit(code, signal)} after ${restartPolicy.maxRestarts} restarts in a row`;
    if (service.name === 'gateway') {
      void fail(reason, service);
      return;
    }
    console.error(paint(31, `✗ ${reason}; giving up on it. The graph goes on without its fields.`));
    printLastLines(service);
    return;
  }
  const delay = Math.min(
    restartPolicy.firstDelayMilliseconds * 2 ** (service.restarts - 1),
    restartPolicy.maxDelayMilliseconds,
  );
  console.error(
    paint(
      31,
      `✗ ${service.name} ${describeExit(code, signal)}; restarting it in ${delay / 1000} s (restart ${service.restarts} of ${restartPolicy.maxRestarts}).`,
    ),
  );
  printLastLines(service);
  service.lastLines.length = 0;
  service.restartTimer = setTimeout(() => {
    if (phase !== 'running') return;
    service.process = startProcess(service.entry, service.env);
    service.exitCode = undefined;
    service.spawnedAt = performance.now();
    watch(service, () => {});
    say(`${service.name} restarted (pid ${service.process.pid})`);
    void waitUntilServing(service).then((served) => {
      if (served) say(`${service.name} is back (restart ${service.restarts})`);
    });
  }, delay);
}

/** Stops the gateway, then the subgraphs (so in-flight queries can finish), each by SIGTERM. */
async function stopAll(): Promise<boolean> {
  phase = 'stopping';
  for (const service of services) clearTimeout(service.restartTimer);
  const gateway = services.filter((service) => service.name === 'gateway');
  const others = services.filter((service) => service.name !== 'gateway');
  let clean = true;
  for (const group of [gateway, others]) {
    const running = group.filter((service) => service.exitCode === undefined);
    for (const service of running) service.process.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const service of running) service.process.kill('SIGKILL');
    }, killAfterMilliseconds);
    const codes = await Promise.all(running.map((service) => service.exited));
    clearTimeout(killer);
    if (codes.some((code) => code !== 0)) clean = false;
  }
  return clean;
}

async function fail(reason: string, culprit?: Service): Promise<never> {
  if (phase === 'stopping') return new Promise<never>(() => {});
  console.error(paint(31, `✗ ${reason}; stopping the graph.`));
  if (culprit) printLastLines(culprit);
  await stopAll();
  process.exit(1);
}

function seconds(since: number) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** A port that is free on `host` right now. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Polls the service's probe until it answers 200 (true), or until its current process exits or
 * the graph stops (false), printing progress every few seconds.
 */
async function waitUntilServing(service: Service, deadline = Number.POSITIVE_INFINITY) {
  const child = service.process;
  const url = new URL(service.probe, await service.url);
  let reason = 'starting';
  let nextProgress = performance.now() + 3000;
  while (performance.now() < deadline) {
    if (phase === 'stopping' || child !== service.process || service.exitCode !== undefined) {
      return false;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
      reason = ((await response.json()) as { reason?: string }).reason ?? `HTTP ${response.status}`;
    } catch {
      // Listening but silent: the first start imports data, which keeps the process busy.
      reason = 'busy, e.g. importing data on a first start';
    }
    if (performance.now() >= nextProgress) {
      say(
        `waiting for ${service.name} (${reason}, ${seconds(service.spawnedAt)} since it started)`,
      );
      nextProgress += 5000;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return fail(`${service.name} was not ready after ${timeoutMilliseconds / 1000} s`, service);
}

// Whatever ends this process (a crash included), its children must not outlive it: a subgraph
// left running keeps its port and its PGlite folder locked. (SIGKILL runs no handler: there the
// closing IPC channel tells them.)
process.on('exit', () => {
  for (const service of services) {
    if (service.exitCode === undefined) service.process.kill('SIGTERM');
  }
  rmSync(unitDirectoryShare, { recursive: true, force: true });
});
// Output to a closed terminal or pipe must not crash the supervisor before it has stopped the rest.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

let firstSignalAt: number | undefined;
// SIGHUP: the terminal was closed.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (firstSignalAt !== undefined) {
      if (performance.now() - firstSignalAt < sameSignalMilliseconds) return;
      say(`${signal} again: killing every process`);
      for (const service of services) {
        if (service.exitCode === undefined) service.process.kill('SIGKILL');
      }
      process.exit(1);
    }
    firstSignalAt = performance.now();
    say(`${signal}: stopping the graph`);
    void stopAll().then((clean) => {
      const codes = services.map((service) => `${service.name} ${service.exitCode}`).join(', ');
      say(clean ? 'stopped' : `stopped, not all cleanly (exit codes: ${codes})`);
      process.exit(clean ? 0 : 1);
    });
  });
}

const deadline = performance.now() + timeoutMilliseconds;
// Cold or warm is known before anything starts: whether each subgraph's data is already there.
const stored = await Promise.all(
  subgraphNames.map((name) => hasStoredData(databaseConfigFromEnv(name, process.env, dataRoot))),
);
const firstImports = subgraphNames.filter((_, index) => stored[index] === false);
const unknown = stored.some((value) => value === undefined);
const kind =
  firstImports.length === subgraphNames.length
    ? 'cold start: first import'
    : firstImports.length > 0
      ? `cold start: first import of ${firstImports.join(', ')}`
      : unknown
        ? 'started'
        : 'warm start';
say(
  firstImports.length > 0
    ? `cold start: no data yet for ${firstImports.join(', ')}; the first import takes a minute or two`
    : unknown
      ? 'starting (could not tell whether the data is already there)'
      : 'warm start: every subgraph already has its data',
);

// The dashboard is rebuilt only when its sources changed (content hash); the build runs while the
// subgraphs start. A failed build leaves the graph running and says so.
const dashboard = ensureDashboardBuilt().then(
  ({ built, milliseconds }) => {
    if (built) say(`dashboard built (${(milliseconds / 1000).toFixed(1)} s)`);
    return true;
  },
  (error: Error) => {
    console.error(paint(31, `✗ ${error.message}`));
    return false;
  },
);
// The subgraphs are told the gateway's address (GRAPH_URL) before it listens, so a port of 0 is
// resolved to a free one here rather than by the gateway.
const gatewayHost = process.env.HOST ?? '127.0.0.1';
const gatewayPort =
  process.env.PORT === '0' ? String(await freePort(gatewayHost)) : (process.env.PORT ?? '4000');
const graphUrl =
  process.env.GRAPH_URL ??
  `http://${gatewayHost.includes(':') ? `[${gatewayHost}]` : gatewayHost}:${gatewayPort}/graphql`;
const started = subgraphNames.map((name) => {
  // Without <NAME>_PORT the subgraph listens on its own default port (units: 4001).
  const port = process.env[`${name.toUpperCase()}_PORT`];
  const { dataDir } = databaseConfigFromEnv(name, process.env, dataRoot);
  const { PORT: _gatewayPort, ...env } = process.env;
  const service = launch(name, `subgraphs/${name}/src/main.ts`, {
    ...env,
    ...(port ? { PORT: port } : {}),
    // Every process keeps its PGlite data in its own folder under it: <DATA_DIR>/<name>.
    DATA_DIR: dataRoot,
    // Agency subgraphs read the unit directory from the public graph (shared/unit-directory); they
    // wait for it, since the gateway starts only once every subgraph listens.
    GRAPH_URL: graphUrl,
    UNIT_DIRECTORY_SHARE_DIR: unitDirectoryShare,
  });
  say(
    `starting ${name} (pid ${service.process.pid})${port ? ` on port ${port}` : ''} with ${dataDir ? `PGlite in ${dataDir}` : 'Postgres'}`,
  );
  return service;
});

// The gateway needs only the subgraphs' URLs, not their data, so it starts while they import.
const subgraphUrls = await Promise.all(started.map((service) => service.url));
const gateway = launch('gateway', gatewayEntry, {
  ...process.env,
  PORT: gatewayPort,
  // The gateway's data and the development keys the subgraphs verify its signature with.
  DATA_DIR: dataRoot,
  ...Object.fromEntries(
    started.map((service, index) => [
      `${service.name.toUpperCase()}_SUBGRAPH_URL`,
      subgraphUrls[index],
    ]),
  ),
});
say(`starting gateway (pid ${gateway.process.pid}) on port ${gatewayPort}`);

await Promise.all(
  started.map(async (service) => {
    if (await waitUntilServing(service, deadline)) {
      say(`${service.name} ready at ${await service.url} (${seconds(startedAt)})`);
    }
  }),
);
if (await waitUntilServing(gateway, deadline)) {
  phase = 'running';
  const url = new URL(await gateway.url);
  if (['127.0.0.1', '[::1]', '0.0.0.0', '[::]'].includes(url.hostname)) url.hostname = 'localhost';
  const dashboardBuilt = await dashboard;
  console.log(paint(32, `Graph ready at ${url.href} (${kind}, ${seconds(startedAt)})`));
  if (dashboardBuilt) console.log(paint(32, `Dashboard at ${new URL('/dashboard/', url).href}`));
}

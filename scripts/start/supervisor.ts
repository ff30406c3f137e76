/**
 * The processes of `pnpm start` (see scripts/start.ts for the rules): starting them, showing
 * their output, restarting those that die once the graph runs, and stopping them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gatewayNodeFlags, gatewayProcessEnvironment } from '../../gateway/src/processSettings.ts';
import { formatLine, paint, parseLogLine, phaseOf, say, seconds } from './output.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// Children load TypeScript through tsx's loader directly (no tsx CLI process in between), so the
// pid we signal is the service itself.
const tsxLoader = import.meta.resolve('tsx');
// Starts tracing before the service's modules load when OTEL_* configures it (docs/operations.md).
const telemetryRegister = new URL('../../shared/telemetry/src/register.ts', import.meta.url).href;

/** Restarts of a process that exits once the graph is ready: 1 s, doubling, at most 30 s. */
const restartPolicy = {
  firstDelayMilliseconds: 1000,
  maxDelayMilliseconds: 30_000,
  /** Restarts in a row before giving up. */
  maxRestarts: 5,
  /** A process that ran this long before exiting starts a new series of restarts. */
  stableMilliseconds: 60_000,
};
const killAfterMilliseconds = 20_000;
const colors = [36, 35, 33, 32, 34, 91];

type Phase = 'starting' | 'running' | 'stopping';
let phase: Phase = 'starting';

export interface Service {
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

export const services: Service[] = [];

/** The graph is ready: from now on a process that exits is restarted. */
export function markRunning() {
  phase = 'running';
}

/** How a process is run: from its TypeScript through tsx's loader, unless useBundles was called. */
let argumentsOf = (entry: string) => ['--import', tsxLoader, '--import', telemetryRegister, entry];

/**
 * Runs the processes from their bundles (bundleServices): `bundles` maps each entry (and
 * `register`, the telemetry preload) to its bundle.
 */
export function useBundles(bundles: Record<string, string>) {
  const register = pathToFileURL(bundles.register!).href;
  argumentsOf = (entry) => ['--import', register, bundles[entry]!];
}

/** The gateway's entry: it runs with the flags that bound its memory (processSettings.ts). */
const gatewayEntry = 'gateway/src/main.ts';

/** Starts one process of the graph: `node --import tsx <entry>`, or its bundle. */
function startProcess(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const isGateway = entry === gatewayEntry;
  return spawn(process.execPath, [...(isGateway ? gatewayNodeFlags : []), ...argumentsOf(entry)], {
    cwd: repoRoot,
    env: isGateway ? gatewayProcessEnvironment(env) : env,
    // The IPC channel is how the child learns that this process died (stopOnSignals).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // A process group of its own: a terminal's Ctrl-C reaches this process only, which then stops
    // the children in order instead of all of them at once.
    detached: true,
  });
}

/**
 * Shows the output of the service's current process, with a progress line for each phase of
 * its first start it logs (phaseOf), and handles its exit.
 */
function watch(service: Service, announce: (url: string) => void) {
  const child = service.process;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      const entry = parseLogLine(line);
      if (entry?.msg === 'listening' && typeof entry.url === 'string') announce(entry.url);
      for (const formatted of formatLine(line, entry).split('\n')) {
        service.lastLines.push(formatted);
        if (service.lastLines.length > 25) service.lastLines.shift();
        console.log(`${service.prefix} ${formatted}`);
      }
      const done = phase === 'starting' ? phaseOf(entry?.msg) : undefined;
      if (done) say(`${service.name}: ${done} (${seconds(0)})`);
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

/** Starts a process of the graph and keeps it (see services). */
export function launch(name: string, entry: string, env: NodeJS.ProcessEnv, width: number) {
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
  service.restartTimer = setTimeout(() => restart(service), delay);
}

function restart(service: Service) {
  if (phase !== 'running') return;
  service.process = startProcess(service.entry, service.env);
  service.exitCode = undefined;
  service.spawnedAt = performance.now();
  watch(service, () => {});
  say(`${service.name} restarted (pid ${service.process.pid})`);
  void waitUntilServing(service).then((served) => {
    if (served) say(`${service.name} is back (restart ${service.restarts})`);
  });
}

/** Stops the gateway, then the subgraphs (so in-flight queries can finish), each by SIGTERM. */
export async function stopAll(): Promise<boolean> {
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

/** Stops the graph and exits 1, saying why (and the culprit's last lines). */
export async function fail(reason: string, culprit?: Service): Promise<never> {
  if (phase === 'stopping') return new Promise<never>(() => {});
  console.error(paint(31, `✗ ${reason}; stopping the graph.`));
  if (culprit) printLastLines(culprit);
  await stopAll();
  process.exit(1);
}

/**
 * Polls the service's probe until it answers 200 (true), or until its current process exits or
 * the graph stops (false), printing progress every few seconds; past `deadline`, the start fails.
 */
export async function waitUntilServing(
  service: Service,
  deadline = Number.POSITIVE_INFINITY,
  timeoutMilliseconds = 0,
) {
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

// A terminal sends Ctrl-C's SIGINT to the whole foreground process group, pnpm included, and pnpm
// forwards it to this process again: a second signal this soon is the same keypress.
const sameSignalMilliseconds = 1000;

/**
 * Stops the graph on SIGINT (Ctrl-C), SIGTERM or SIGHUP (the terminal was closed), and kills
 * every process on a second signal; whatever ends this process (a crash included), its children
 * must not outlive it, since a subgraph left running keeps its port and its PGlite folder locked
 * (SIGKILL runs no handler: there the closing IPC channel tells them). `cleanUp` runs on exit.
 */
export function stopOnSignals(cleanUp: () => void) {
  process.on('exit', () => {
    for (const service of services) {
      if (service.exitCode === undefined) service.process.kill('SIGTERM');
    }
    cleanUp();
  });
  // Output to a closed terminal or pipe must not crash the supervisor before it stopped the rest.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  let firstSignalAt: number | undefined;
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
}

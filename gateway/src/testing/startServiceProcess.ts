import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// Children load TypeScript through tsx's loader directly, as `pnpm start` runs them, so the pid a
// test signals (SIGTERM, SIGSTOP) is the service itself.
const tsxLoader = import.meta.resolve('tsx');
// Starts tracing before the service's modules load when OTEL_* configures it (docs/operations.md).
const telemetryRegister = new URL('../../../shared/telemetry/src/register.ts', import.meta.url)
  .href;

/** A gateway or subgraph running as its own process, as `pnpm start` runs it. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** The GraphQL URL from the process's `listening` log line. */
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM (SIGCONT first, should it be stopped) and waits; SIGKILL after 20 s. */
  stop(): Promise<void>;
}

/**
 * Starts `entry` (a `main.ts` relative to the repository root, e.g. `subgraphs/units/src/main.ts`)
 * as its own Node process with `env`, and resolves once it logs `listening`. Rejects with its
 * output when it exits first or does not listen within `timeoutMilliseconds`.
 */
export function startServiceProcess(options: {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  /** @default 120000 */
  timeoutMilliseconds?: number;
}): Promise<ServiceProcess> {
  const { name, entry, env } = options;
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, '--import', telemetryRegister, entry],
    {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not listen in time:\n${text}`));
    }, options.timeoutMilliseconds ?? 120_000);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${text}`));
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        text += `${line}\n`;
        if (!line.includes('"msg":"listening"')) return;
        const url = (JSON.parse(line) as { url?: string }).url;
        if (!url) return;
        clearTimeout(timer);
        resolve({
          name,
          child,
          url,
          output: () => text,
          exited,
          stop: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGCONT');
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            await exited;
            clearTimeout(killer);
          },
        });
      });
    }
  });
}

/** Polls `path` (`/ready`, `/health`) next to a service's GraphQL URL until it answers 200. */
export async function waitUntilAnswering(
  url: string,
  path: '/ready' | '/health',
  timeoutMilliseconds: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMilliseconds;
  for (;;) {
    try {
      const response = await fetch(new URL(path, url), { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet, or busy preparing its data.
    }
    if (performance.now() > deadline) throw new Error(`${url} ${path} not 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createServerDatabase } from '@home-affairs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './testing/postGraphQL.ts';
import {
  type ServiceProcess,
  startServiceProcess,
  waitUntilAnswering,
} from './testing/startServiceProcess.ts';

// Issue 10, "what it must show": the real four subgraphs, each its own process, behind the real
// gateway process with its security layer; each subgraph stopped in turn, then one hung with
// SIGSTOP. The Nghệ An query must keep every commune with the other subgraphs' fields and a coded
// error at each missing field, answer in under a second once the circuit is open, and come back
// in full by itself once the subgraph is back. The timings are printed at the end.
//
// Settings for a quick test: a circuit that opens after 2 failures and probes every second, and
// a 4 s timeout for the subgraph that is hung (its real requests take well under 2 s). The others
// keep a long one: on a first start the agency subgraphs read the unit directory through the
// gateway, pages that take seconds on a busy 2-core machine.
const subgraphNames = ['units', 'associations', 'personnel', 'procedures'] as const;
type SubgraphName = (typeof subgraphNames)[number];
const hungTimeoutMilliseconds = 4_000;
const gatewaySettings = {
  SUBGRAPH_TIMEOUT_MS: '30000',
  ASSOCIATIONS_SUBGRAPH_TIMEOUT_MS: String(hungTimeoutMilliseconds),
  SUBGRAPH_BREAKER_FAILURES: '2',
  SUBGRAPH_BREAKER_OPEN_MS: '1000',
  // The test's own polling must not meet the anonymous rate limit.
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000',
  // The test asks the same public question again and again: the response cache (ADR 0014) would
  // answer it from memory and never meet the fault this test is about.
  RESPONSE_CACHE: 'off',
};
/** The fields of the Nghệ An query's communes that each agency subgraph answers. */
const fieldsOf: Record<Exclude<SubgraphName, 'units'>, string> = {
  associations: 'organizationCounts',
  personnel: 'staffingSummary',
  procedures: 'procedureStatistics',
};
const ngheAn = readFileSync(
  new URL('../../scripts/queries/ngheAn.graphql', import.meta.url),
  'utf8',
);
const variables = { from: '2025-07-01', to: '2026-06-30' };

interface NgheAnData {
  unit: { name: string; children: { totalCount: number; nodes: Record<string, unknown>[] } } | null;
}

let dataDir: string;
let database: { url: string; drop(): Promise<void> } | undefined;
const running = new Map<SubgraphName, ServiceProcess>();
const ports = new Map<SubgraphName, string>();
let gateway: ServiceProcess | undefined;
let graphUrl: string;
let baseline: NgheAnData;
const timings: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The environment of every process: this test's data, nothing of the caller's graph. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/(^|_)(PORT|DATABASE_URL|SUBGRAPH_URL)$|SUBGRAPH_|^GRAPH_URL$|^DATA_DIR$/.test(key))
      continue;
    env[key] = value;
  }
  return {
    ...env,
    DATA_DIR: dataDir,
    ...(database?.url ? { DATABASE_URL: database.url } : {}),
    // A smaller demo dossier set (docs/procedures.md) keeps the cold start short.
    PROCEDURES_DEMO_DOSSIERS: '20000',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

async function startSubgraph(name: SubgraphName): Promise<ServiceProcess> {
  const service = await startServiceProcess({
    name,
    entry: `subgraphs/${name}/src/main.ts`,
    // A restarted subgraph takes its old port: the gateway's URL for it does not change.
    env: environment({ PORT: ports.get(name) ?? '0', GRAPH_URL: graphUrl }),
  });
  ports.set(name, new URL(service.url).port);
  running.set(name, service);
  return service;
}

/**
 * Stops a subgraph, runs `whileStopped`, and restarts it on its port even when `whileStopped`
 * fails, so that one failed test does not leave the next ones without a subgraph. Returns how
 * long the restart took until the subgraph's /ready answered.
 */
async function withStopped(name: SubgraphName, whileStopped: () => Promise<void>) {
  await running.get(name)?.stop();
  running.delete(name);
  try {
    await whileStopped();
  } finally {
    const restart = await timed(async () => {
      const service = await startSubgraph(name);
      await waitUntilAnswering(service.url, '/ready', 120_000);
    });
    timings.push(`${name} restarted: ready after ${seconds(restart.milliseconds)}`);
  }
}

/**
 * The quickest of three answers while the circuit is open. "Under a second" is the claim; one
 * answer can be late on a machine that runs the rest of the test suite at the same time.
 */
async function quickestOfThree(check: (answer: Awaited<ReturnType<typeof ask>>) => void) {
  const runs = [await timed(ask), await timed(ask), await timed(ask)];
  for (const run of runs) check(run.result);
  return Math.min(...runs.map((run) => run.milliseconds));
}

function ask() {
  return postGraphQL<NgheAnData>(graphUrl, ngheAn, { variables });
}

function seconds(milliseconds: number) {
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; milliseconds: number }> {
  const started = performance.now();
  const result = await run();
  return { result, milliseconds: performance.now() - started };
}

/** Asks until the answer is the full baseline again; returns how long that took. */
async function untilFull(deadlineMilliseconds = 120_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const answer = await ask();
    if (!answer.errors && isDeepStrictEqual(answer.data, baseline)) {
      return performance.now() - started;
    }
    if (performance.now() - started > deadlineMilliseconds) {
      throw new Error(
        `no full answer after ${deadlineMilliseconds} ms (${answer.errors?.length ?? 0} errors): ${JSON.stringify(answer.errors?.slice(0, 2))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function gatewayReadiness(): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL('/ready', graphUrl));
  return { status: response.status, text: await response.text() };
}

/**
 * Every commune is there with the other subgraphs' fields as in the full answer, `missing`'s
 * field is null with one SUBGRAPH_UNAVAILABLE error at its path, and nothing internal leaks.
 */
function expectWithout(
  answer: Awaited<ReturnType<typeof ask>>,
  missing: Exclude<SubgraphName, 'units'>,
  reason: string,
) {
  const field = fieldsOf[missing];
  const nodes = baseline.unit?.children.nodes ?? [];
  expect(answer.status).toBe(200);
  expect(answer.data?.unit?.name).toBe(baseline.unit?.name);
  expect(answer.data?.unit?.children.nodes).toEqual(
    nodes.map((node) => ({ ...node, [field]: null })),
  );
  expect(answer.errors).toEqual(
    nodes.map((_, index) => ({
      message: expect.stringMatching(new RegExp(`^The ${missing} subgraph `)),
      path: ['unit', 'children', 'nodes', index, field],
      // Every error a client receives carries its request's trace id (docs/operations.md).
      extensions: {
        code: 'SUBGRAPH_UNAVAILABLE',
        serviceName: missing,
        reason,
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    })),
  );
  expect(new Set(answer.errors?.map((error) => error.extensions?.traceId)).size).toBe(1);
  const text = JSON.stringify(answer);
  for (const port of ports.values()) expect(text).not.toContain(`:${port}`);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'graph-faults-'));
  if (process.env.TEST_DATABASE_URL) {
    // An empty throwaway database; every process migrates its own schema in it.
    database = await createServerDatabase(process.env.TEST_DATABASE_URL, 'faults');
  }
  const gatewayPort = await freePort();
  graphUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  const started = performance.now();
  for (const name of subgraphNames) await startSubgraph(name);
  gateway = await startServiceProcess({
    name: 'gateway',
    entry: 'gateway/src/main.ts',
    env: environment({
      PORT: String(gatewayPort),
      ...gatewaySettings,
      ...Object.fromEntries(
        [...running].map(([name, service]) => [`${name.toUpperCase()}_SUBGRAPH_URL`, service.url]),
      ),
    }),
  });
  try {
    await Promise.all(
      [...running.values()].map((service) => waitUntilAnswering(service.url, '/ready', 540_000)),
    );
  } catch (error) {
    const tails = [...running.values(), gateway].map(
      (service) => `--- ${service.name}\n${service.output().split('\n').slice(-8).join('\n')}`,
    );
    throw new Error(`${(error as Error).message}\n${tails.join('\n')}`);
  }
  // The reference answer: the first complete one (the agency subgraphs may still be warming up).
  const deadline = performance.now() + 120_000;
  for (;;) {
    const answer = await ask();
    if (!answer.errors && answer.data?.unit) {
      baseline = answer.data;
      break;
    }
    if (performance.now() > deadline) throw new Error(JSON.stringify(answer.errors));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  timings.push(`cold start of the graph: ${seconds(performance.now() - started)}`);
  // A first start imports and generates every subgraph's data: minutes on a busy 2-core machine.
}, 600_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([...running.values()].map((service) => service.stop()));
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(
    [
      `Subgraph faults behind the gateway (${database ? 'Postgres' : 'PGlite'}; load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}):`,
      ...timings.map((line) => `  ${line}`),
    ].join('\n'),
  );
});

describe('the Nghệ An query with a subgraph down', () => {
  it('answers in full while every subgraph is up', async () => {
    const answer = await ask();
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual(baseline);
    const communes = answer.data?.unit?.children.nodes ?? [];
    expect(communes).toHaveLength(130);
    for (const commune of communes) {
      expect(commune.organizationCounts).not.toBeNull();
      expect(commune.procedureStatistics).not.toBeNull();
    }
    expect(communes.some((commune) => commune.staffingSummary !== null)).toBe(true);
  });

  for (const name of ['associations', 'personnel', 'procedures'] as const) {
    it(`keeps every commune with ${name} stopped, fails fast, and recovers after its restart`, async () => {
      await untilFull();
      await withStopped(name, async () => {
        // Two refused connections open the circuit; from then on it is not even asked.
        const first = await timed(ask);
        expectWithout(first.result, name, 'CONNECTION_FAILED');
        const second = await timed(ask);
        expectWithout(second.result, name, 'CONNECTION_FAILED');
        const open = await quickestOfThree((answer) => expectWithout(answer, name, 'CIRCUIT_OPEN'));
        timings.push(
          `${name} stopped: ${seconds(first.milliseconds)} and ${seconds(second.milliseconds)} per query, then ${seconds(open)} with the circuit open (quickest of three)`,
        );
        expect(open).toBeLessThan(1_000);
        const ready = await gatewayReadiness();
        expect(ready.status).toBe(200);
        expect(JSON.parse(ready.text).detail.subgraphs[name].state).toBe('open');
      });
      const recovered = await untilFull();
      timings.push(`${name}: full answers ${seconds(recovered)} after its restart`);
      expect(JSON.parse((await gatewayReadiness()).text).detail.subgraphs[name].state).toBe('up');
    });
  }

  it('answers at once with a coded error for the whole unit while units is stopped', async () => {
    await untilFull();
    await withStopped('units', async () => {
      const answer = await timed(ask);
      expect(answer.result.status).toBe(200);
      // Units owns the unit and its communes: without it there is no commune to add fields to.
      expect(answer.result.data).toEqual({ unit: null });
      expect(answer.result.errors).toEqual([
        {
          message: 'The units subgraph cannot be reached.',
          path: ['unit'],
          extensions: {
            code: 'SUBGRAPH_UNAVAILABLE',
            serviceName: 'units',
            reason: 'CONNECTION_FAILED',
            traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
          },
        },
      ]);
      timings.push(`units stopped: ${seconds(answer.milliseconds)} for the query (data.unit null)`);
      // The other subgraphs still answer what they own.
      const agencies = await postGraphQL<{ agencies: { totalCount: number } }>(
        graphUrl,
        '{ agencies(first: 1) { totalCount } }',
      );
      expect(agencies.errors).toBeUndefined();
      expect(agencies.data?.agencies.totalCount).toBeGreaterThan(0);
    });
    const recovered = await untilFull();
    timings.push(`units: full answers ${seconds(recovered)} after its restart`);
  });
});

describe('the Nghệ An query with a subgraph hung (SIGSTOP)', () => {
  it('waits for the timeout twice, then answers at once, and recovers after SIGCONT', async () => {
    await untilFull();
    const hung = running.get('associations')!;
    hung.child.kill('SIGSTOP');
    try {
      const first = await timed(ask);
      expectWithout(first.result, 'associations', 'TIMEOUT');
      expect(first.milliseconds).toBeGreaterThanOrEqual(hungTimeoutMilliseconds);
      const second = await timed(ask);
      expectWithout(second.result, 'associations', 'TIMEOUT');
      const open = await quickestOfThree((answer) =>
        expectWithout(answer, 'associations', 'CIRCUIT_OPEN'),
      );
      const ready = await timed(gatewayReadiness);
      timings.push(
        `associations hung: first query ${seconds(first.milliseconds)}, second ${seconds(second.milliseconds)} (timeout ${seconds(hungTimeoutMilliseconds)}), then ${seconds(open)} with the circuit open (quickest of three); /ready in ${seconds(ready.milliseconds)}`,
      );
      expect(open).toBeLessThan(1_000);
      expect(ready.result.status).toBe(200);
      expect(JSON.parse(ready.result.text).detail.subgraphs.associations.state).toBe('open');
    } finally {
      hung.child.kill('SIGCONT');
    }
    const recovered = await untilFull();
    timings.push(`associations resumed (SIGCONT): full answers ${seconds(recovered)} later`);
  });
});

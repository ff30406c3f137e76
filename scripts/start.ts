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
 * - Progress: a line per phase of each process's start (listening, migrations applied, units
 *   imported, unit directory stored, demo data done, ready), with the seconds since the start.
 * - Fresh PGlite folders are copies of one empty cluster made once per PGlite release
 *   (PGLITE_TEMPLATE_DIR, default node_modules/.cache/pglite-template/<version>) rather than
 *   initdb'd one by one (a few seconds of CPU each); a subgraph's fresh folder is a copy of that
 *   cluster with its migrations already applied, made once per set of migrations (ADR 0021).
 * - CPU weights: while the units import or the procedures demo data runs (a first start), the
 *   other processes run at a lower CPU weight until the graph is ready (firstStartChain).
 *
 * Environment (docs/gateway.md): PORT (gateway, default 4000), HOST, <NAME>_PORT (a subgraph's
 * port, default its own: units 4001), DATA_DIR (default <repo>/.data),
 * DATABASE_URL or <NAME>_DATABASE_URL, START_TIMEOUT_MS (default 180000), LOG_LEVEL.
 * A port of 0 picks a free one; the real port is read from the process's "listening" log line.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDashboardBuilt } from '../dashboard/scripts/ensureDashboardBuilt.ts';
// Only the configuration rules, the data check and the template: no database driver is loaded
// for PGlite folders (pg only when DATABASE_URL is set), so start-up stays quick.
import { databaseConfigFromEnv, dataRootFromEnv } from '../shared/db/src/databaseConfigFromEnv.ts';
import { hasStoredData } from '../shared/db/src/hasStoredData.ts';
import {
  ensureMigratedTemplate,
  migratedTemplateFolder,
} from '../shared/db/src/migratedTemplate.ts';
import { ensurePgliteTemplate, pgliteTemplateFolder } from '../shared/db/src/pgliteTemplate.ts';
import { tracingConfigFromEnv } from '../shared/telemetry/src/tracingConfigFromEnv.ts';
import { exporterFile } from '../shared/unit-directory/src/unitDirectoryExport.ts';
import { bundleServices } from './start/bundleServices.ts';
import { setGroupNice, waitingNice } from './start/cpuWeights.ts';
import { paint, say, seconds } from './start/output.ts';
import {
  fail,
  launch,
  markRunning,
  type Service,
  stopOnSignals,
  useBundles,
  waitUntilServing,
} from './start/supervisor.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = dataRootFromEnv(process.env);
const timeoutMilliseconds = Number(process.env.START_TIMEOUT_MS ?? 180_000);
// The agency subgraphs read the same unit lists on a first start: one of them reads each day's
// list through the graph, the others take it from this folder (shared/unit-directory, readOnce).
const unitDirectoryShare = mkdtempSync(join(tmpdir(), 'unit-directory-'));
// Every folder under subgraphs/ with a src/main.ts is a subgraph to run. Found on disk rather than
// imported from the gateway's list, which would load every subgraph's code first (about 1 s).
const subgraphNames = readdirSync(`${repoRoot}subgraphs`)
  .filter((name) => existsSync(`${repoRoot}subgraphs/${name}/src/main.ts`))
  .sort();
const width = Math.max(...['gateway', ...subgraphNames].map((name) => name.length));

stopOnSignals(() => rmSync(unitDirectoryShare, { recursive: true, force: true }));

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

/** The subgraphs whose data is not there yet (a first import), known before anything starts. */
let firstImports: string[] = [];

/** Cold or warm, known before anything starts: whether each subgraph's data is already there. */
async function describeStart(): Promise<string> {
  const stored = await Promise.all(
    subgraphNames.map((name) => hasStoredData(databaseConfigFromEnv(name, process.env, dataRoot))),
  );
  firstImports = subgraphNames.filter((_, index) => stored[index] === false);
  const unknown = stored.some((value) => value === undefined);
  say(
    firstImports.length > 0
      ? `cold start: no data yet for ${firstImports.join(', ')}; the first import takes a minute or two`
      : unknown
        ? 'starting (could not tell whether the data is already there)'
        : 'warm start: every subgraph already has its data',
  );
  if (firstImports.length === subgraphNames.length) return 'cold start: first import';
  if (firstImports.length > 0) return `cold start: first import of ${firstImports.join(', ')}`;
  return unknown ? 'started' : 'warm start';
}

/**
 * The longest chain of a first start: the units import (every agency subgraph waits for the unit
 * directory units exports once it has its data) and the procedures demo data (the longest seed,
 * two threads). While one of them makes its data, every other process (the other subgraphs, the
 * gateway) runs in a scheduling group of lower CPU weight (setGroupNice, waitingNice) until the
 * graph is ready: on two cores, five processes sharing alike gave the chain a fifth of the CPU
 * each, while the others' work could wait. Measured in docs/gateway.md ("Current start times").
 */
const firstStartChain = ['units', 'procedures'];

/** Per subgraph with a fresh PGlite folder: its migrated template (ADR 0021). */
const migratedTemplates = new Map<string, string>();

/**
 * Makes the PGlite template when a process of the graph has a fresh PGlite folder and the
 * template of this PGlite release is not there yet; every process copies it (openDatabase). Then
 * the migrated template of each process (subgraph or gateway) with a fresh folder, unless it is
 * there for its migrations as they are: that process copies it instead, and finds nothing to
 * migrate.
 */
async function preparePgliteTemplate() {
  const folders = ['gateway', ...subgraphNames].map((name) => ({
    name,
    folder: databaseConfigFromEnv(name, process.env, dataRoot).dataDir,
  }));
  const fresh = folders.filter(({ folder }) => folder && !existsSync(`${folder}/PG_VERSION`));
  if (fresh.length === 0) return;
  process.env.PGLITE_TEMPLATE_DIR ??= pgliteTemplateFolder();
  const base = process.env.PGLITE_TEMPLATE_DIR;
  const started = performance.now();
  if (await ensurePgliteTemplate(base)) {
    say(`PGlite template made in ${base} (${seconds(started)})`);
  }
  const migrating = performance.now();
  const made: string[] = [];
  for (const { name } of fresh) {
    const migrationsFolder = `${repoRoot}${name === 'gateway' ? name : `subgraphs/${name}`}/drizzle`;
    try {
      const folder = migratedTemplateFolder(name, migrationsFolder, base);
      if (await ensureMigratedTemplate(folder, { name, migrationsFolder, base })) made.push(name);
      migratedTemplates.set(name, folder);
    } catch (error) {
      say(`no migrated template for ${name}, so it migrates itself: ${(error as Error).message}`);
    }
  }
  if (made.length > 0)
    say(`migrated templates made for ${made.join(', ')} (${seconds(migrating)})`);
}

/**
 * Runs the processes from bundles of their code (bundleServices, ADR 0017), remade when a source
 * changed; from the TypeScript through tsx when START_BUNDLES=0, when tracing is configured (its
 * loader hook instruments packages by name), or when bundling fails.
 */
async function prepareBundles() {
  const tracing = tracingConfigFromEnv(process.env, { service: 'start', dataRoot }).enabled;
  if (tracing || process.env.START_BUNDLES === '0') return;
  const entries: Record<string, string> = {
    register: 'shared/telemetry/src/register.ts',
    gateway: 'gateway/src/main.ts',
    ...Object.fromEntries(subgraphNames.map((name) => [name, `subgraphs/${name}/src/main.ts`])),
  };
  const started = performance.now();
  try {
    const { bundles, built } = await bundleServices(entries);
    useBundles(
      Object.fromEntries(
        Object.entries(entries).map(([name, entry]) => [
          name === 'register' ? name : entry,
          bundles[name]!,
        ]),
      ),
    );
    if (built) say(`processes bundled (${seconds(started)})`);
  } catch (error) {
    say(`bundling failed, so the processes run through tsx: ${(error as Error).message}`);
  }
}

/**
 * Each subgraph's port, known before it starts so that the gateway can start beside it: its
 * <NAME>_PORT, a free port for 0, else the port of its URL in the supergraph (the address the
 * gateway uses when given none, and the subgraph's default). Undefined where none of these says
 * (a subgraph not composed yet): the gateway then waits for its "listening" line.
 */
async function subgraphPorts(host: string): Promise<Record<string, string | undefined>> {
  const supergraphPath = resolve(
    repoRoot,
    process.env.SUPERGRAPH_PATH ?? 'gateway/supergraph.graphql',
  );
  const supergraph = existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : '';
  const entries = subgraphNames.map(async (name) => {
    const given = process.env[`${name.toUpperCase()}_PORT`];
    if (given === '0') return [name, String(await freePort(host))];
    if (given) return [name, given];
    const url = new RegExp(`@join__graph\\(name: "${name}", url: "([^"]+)"\\)`).exec(
      supergraph,
    )?.[1];
    return [name, url ? new URL(url).port || undefined : undefined];
  });
  return Object.fromEntries(await Promise.all(entries));
}

/** The URL a subgraph logs once it listens on `port` of `host` (startHttpService). */
function listeningUrl(host: string, port: string) {
  const shown = host === '::' || host === '0.0.0.0' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/graphql`;
}

/** Starts each subgraph on its port (subgraphPorts; unknown: its own default port). */
function startSubgraphs(graphUrl: string, ports: Record<string, string | undefined>): Service[] {
  return subgraphNames.map((name) => {
    const port = ports[name];
    const { dataDir } = databaseConfigFromEnv(name, process.env, dataRoot);
    const { PORT: _gatewayPort, ...env } = process.env;
    const service = launch(
      name,
      `subgraphs/${name}/src/main.ts`,
      {
        ...env,
        ...(port ? { PORT: port } : {}),
        ...(migratedTemplates.has(name)
          ? { PGLITE_TEMPLATE_DIR: migratedTemplates.get(name) }
          : {}),
        // Every process keeps its PGlite data in its own folder under it: <DATA_DIR>/<name>.
        DATA_DIR: dataRoot,
        // Agency subgraphs read the unit directory from the public graph (shared/unit-directory);
        // they wait for it, retrying, while the gateway starts.
        GRAPH_URL: graphUrl,
        UNIT_DIRECTORY_SHARE_DIR: unitDirectoryShare,
        // When an agency subgraph copies the unit lists (its first import), the units subgraph
        // writes them into the shared folder once it has its data: no paging through the gateway.
        ...(name === 'units' && firstImports.some((other) => other !== 'units')
          ? { UNIT_DIRECTORY_EXPORT_DIR: unitDirectoryShare }
          : {}),
      },
      width,
    );
    // Tells the agency subgraphs to wait for the export (while this process lives) rather than
    // read through the graph; written before they could ask (they migrate first).
    if (service.env.UNIT_DIRECTORY_EXPORT_DIR) {
      writeFileSync(join(unitDirectoryShare, exporterFile), String(service.process.pid));
    }
    say(
      `starting ${name} (pid ${service.process.pid})${port ? ` on port ${port}` : ''} with ${dataDir ? `PGlite in ${dataDir}` : 'Postgres'}`,
    );
    return service;
  });
}

/**
 * Starts the gateway as soon as every subgraph's URL is known, at once when their ports are: it
 * needs their URLs, not their data, and its own start is the longest of a warm start.
 */
async function startGateway(
  subgraphs: Service[],
  port: string,
  subgraphPort: Record<string, string | undefined>,
): Promise<Service> {
  const host = process.env.HOST ?? '127.0.0.1';
  const urls = await Promise.all(
    subgraphs.map((service) => {
      const known = subgraphPort[service.name];
      return known ? listeningUrl(host, known) : service.url;
    }),
  );
  const gateway = launch(
    'gateway',
    'gateway/src/main.ts',
    {
      ...process.env,
      ...(migratedTemplates.has('gateway')
        ? { PGLITE_TEMPLATE_DIR: migratedTemplates.get('gateway') }
        : {}),
      PORT: port,
      // The gateway's data and the development keys the subgraphs verify its signature with.
      DATA_DIR: dataRoot,
      ...Object.fromEntries(
        subgraphs.map((service, index) => [
          `${service.name.toUpperCase()}_SUBGRAPH_URL`,
          urls[index],
        ]),
      ),
    },
    width,
  );
  say(`starting gateway (pid ${gateway.process.pid}) on port ${port}`);
  return gateway;
}

const deadline = performance.now() + timeoutMilliseconds;
const kind = await describeStart();
await Promise.all([
  preparePgliteTemplate().catch((error: Error) => fail(`PGlite template: ${error.message}`)),
  prepareBundles(),
]);
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
const ports = await subgraphPorts(process.env.HOST ?? '127.0.0.1');
const subgraphs = startSubgraphs(graphUrl, ports);
const gateway = await startGateway(subgraphs, gatewayPort, ports);
const waiting = firstImports.some((name) => firstStartChain.includes(name))
  ? [...subgraphs, gateway].filter((service) => !firstStartChain.includes(service.name))
  : [];
for (const service of waiting) void setGroupNice(service.process.pid, waitingNice);
if (waiting.length > 0) {
  say(
    `${waiting.map((service) => service.name).join(', ')} run at a lower CPU weight until the graph is ready`,
  );
}

await Promise.all(
  subgraphs.map(async (service) => {
    if (await waitUntilServing(service, deadline, timeoutMilliseconds)) {
      say(`${service.name} ready at ${await service.url} (${seconds(0)})`);
    }
  }),
);
if (await waitUntilServing(gateway, deadline, timeoutMilliseconds)) {
  markRunning();
  const url = new URL(await gateway.url);
  if (['127.0.0.1', '[::1]', '0.0.0.0', '[::]'].includes(url.hostname)) url.hostname = 'localhost';
  const dashboardBuilt = await dashboard;
  for (const service of waiting) void setGroupNice(service.process.pid, 0);
  console.log(paint(32, `Graph ready at ${url.href} (${kind}, ${seconds(0)})`));
  if (dashboardBuilt) console.log(paint(32, `Dashboard at ${new URL('/dashboard/', url).href}`));
}

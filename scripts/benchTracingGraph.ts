/**
 * One complete graph in one process for `pnpm bench:tracing`: the four real subgraphs with demo
 * data over throwaway databases (TEST_DATABASE_URL, else PGlite) and the gateway in front of them,
 * traced or not as the OTEL_* variables say (loaded with @home-affairs/telemetry/register, as
 * `pnpm start` loads every process). Logs `listening` with the gateway's URL; stops on SIGTERM.
 * BENCH_DOSSIERS (default 20000) dossiers. Imports nothing of @home-affairs/telemetry, so that it
 * also runs from a checkout of a commit before it (BENCH_BASELINE in benchTracing.ts).
 */

import { subgraphs } from '../gateway/src/subgraphs.ts';
import { startDemoSubgraphs } from '../gateway/src/testing/startDemoSubgraphs.ts';
import { startTestGateway } from '../gateway/src/testing/startTestGateway.ts';

const graph = await startDemoSubgraphs({
  demoDossiers: Math.min(Number(process.env.BENCH_DOSSIERS ?? 20_000), 300_000),
});
const gateway = await startTestGateway(subgraphs, graph.urls);
console.log(JSON.stringify({ msg: 'listening', url: gateway.url }));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await gateway.close();
  await graph.dispose();
  // What shutdownTracing() does, where the SDK was started (register.ts).
  const tracing = (globalThis as Record<symbol, { shutdown(): Promise<void> } | undefined>)[
    Symbol.for('home-affairs.tracing')
  ];
  await tracing?.shutdown();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

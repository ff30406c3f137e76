import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { copyChunks, loadBeforeIndexes } from '@home-affairs/bulk-load';
import type { Database } from '@home-affairs/db';
import { dossierStatistics, dossiers } from '../db/schema.ts';
import { counterNames } from '../statistics/dossierEvents.ts';
import type { DemoDataMessage } from './demoDataChunks.ts';
import { readDraws } from './dossierDraws.ts';
import { type DossierProfile, dossierColumns, syncDossierIds } from './generateDossiers.ts';

/** The `procedures.dossier_statistics` columns of the counter rows the worker makes, in order. */
const statisticsColumns = [
  dossierStatistics.unitCode,
  dossierStatistics.fieldCode,
  dossierStatistics.procedureCode,
  dossierStatistics.grain,
  dossierStatistics.period,
  ...counterNames.map((name) => dossierStatistics[name]),
];

/**
 * The worker of `demoDataWorker.ts`, imported from its TypeScript source through tsx's API (a
 * worker's own `--import tsx` does not reach its entry on Node 20), started without the process's
 * `execArgv`: the same file under tsx, vitest and `pnpm start`'s bundles (whose `import.meta.url`
 * is the source's).
 */
function startWorker() {
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./demoDataWorker.ts', import.meta.url).href;
  const code = `import { tsImport } from ${JSON.stringify(tsx)};
await tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)});`;
  // Not the process's own flags: a preload such as `--import tsx` or the telemetry's
  // `--import …/register.ts` (as the tests start subgraphs) cannot load in a worker on Node 20.
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { execArgv: [] });
}

/** The worker's messages in order, as a queue that fails when the worker does. */
function messagesOf(worker: Worker) {
  const waiting: ((message: DemoDataMessage) => void)[] = [];
  const arrived: DemoDataMessage[] = [];
  const push = (message: DemoDataMessage) => {
    const take = waiting.shift();
    if (take) take(message);
    else arrived.push(message);
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ kind: 'failed', message: error.message }));
  worker.on('exit', (code) =>
    push({ kind: 'failed', message: `demo data worker exited (${code})` }),
  );
  const next = () =>
    arrived.length > 0
      ? Promise.resolve(arrived.shift()!)
      : new Promise<DemoDataMessage>((resolve) => waiting.push(resolve));
  /** The chunks of `kind` up to its end message, which it returns. */
  async function* chunks(kind: 'dossiers' | 'counters') {
    for (;;) {
      const message = await next();
      if (message.kind === 'failed') throw new Error(`demo data: ${message.message}`);
      if (message.kind === kind) yield message.chunk;
      else if (message.kind === `${kind} done`) return message;
      else throw new Error(`demo data: ${message.kind} out of order`);
    }
  }
  return chunks;
}

/** A demo data worker and the queue of its messages (kept from its start, failures included). */
export interface DemoDataWorker {
  worker: Worker;
  chunks: ReturnType<typeof messagesOf>;
}

/**
 * Starts the worker of `loadDemoDossiers` before its task is known, so that its modules load
 * while the unit directory is read; `loadDemoDossiers` terminates it.
 */
export function startDemoDataWorker(): DemoDataWorker {
  const worker = startWorker();
  return { worker, chunks: messagesOf(worker) };
}

/**
 * Loads the demo dossiers `1` to `count` of `profile` and their counters into empty tables: the
 * dossiers generated in JavaScript and copied (`dossierRow`), then the counters summed in
 * JavaScript with the write path's own rules (`sumDossierCounters`, ADR 0005) and copied too,
 * instead of being rebuilt from the stored dossiers in SQL (`rebuildStatistics`, the same rows).
 * The JavaScript runs in a worker thread (`makeDemoData`) while this thread copies the chunks it
 * made before, so the two overlap on two cores (ADR 0023). Takes `worker` (startDemoDataWorker),
 * and terminates it.
 */
export async function loadDemoDossiers(
  db: Database<Record<string, unknown>>,
  profile: DossierProfile,
  count: number,
  { worker, chunks }: DemoDataWorker = startDemoDataWorker(),
) {
  try {
    worker.postMessage({ draws: await readDraws(db, profile), firstId: 1, count });
    // Each primary key built once after its rows, not row by row (1.7 million counter rows).
    await loadBeforeIndexes(db, [dossiers], () =>
      copyChunks(db, dossiers, dossierColumns, chunks('dossiers')),
    );
    await syncDossierIds(db);
    let counters = 0;
    await loadBeforeIndexes(db, [dossierStatistics], () =>
      copyChunks(
        db,
        dossierStatistics,
        statisticsColumns,
        (async function* () {
          const done = yield* chunks('counters');
          if (done.kind === 'counters done') counters = done.counters;
        })(),
      ),
    );
    return { counters };
  } finally {
    await worker.terminate();
  }
}

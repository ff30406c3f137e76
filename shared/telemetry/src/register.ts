/**
 * Preloaded into every process of the graph (`node --import tsx --import <this file> main.ts`,
 * as scripts/start.ts runs them): when tracing is configured (tracingConfigFromEnv), registers
 * the ESM loader hook for the instrumented modules and starts the SDK before the application's
 * modules load; when it is not, it does nothing more than read the environment.
 */
import { register } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tracingConfigFromEnv } from './tracingConfigFromEnv.ts';

/** `gateway` for gateway/src/main.ts, `units` for subgraphs/units/src/main.ts, else the file. */
function serviceOfEntry(entry: string | undefined): string {
  const normalised = (entry ?? '').replaceAll('\\', '/');
  const subgraph = /subgraphs\/([^/]+)\/src\/main\.ts$/.exec(normalised);
  if (subgraph?.[1]) return subgraph[1];
  if (/gateway\/src\/main\.ts$/.test(normalised)) return 'gateway';
  return basename(normalised, '.ts') || 'node';
}

const service = process.env.OTEL_SERVICE_NAME || serviceOfEntry(process.argv[1]);
const config = tracingConfigFromEnv(process.env, {
  service,
  // As @home-affairs/db's dataRootFromEnv; not imported from there, which would load pg unpatched.
  dataRoot: process.env.DATA_DIR ?? fileURLToPath(new URL('../../../.data', import.meta.url)),
});
if (config.enabled) {
  const { instrumentedModules, startTracing } = await import('./startTracing.ts');
  // Only these modules go through import-in-the-middle; the rest load as they would untraced.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: instrumentedModules },
  });
  const tracing = startTracing({ service, config });
  (globalThis as Record<symbol, unknown>)[Symbol.for('home-affairs.tracing')] = tracing;
}

/**
 * The gateway process: the only gateway file that reads the environment and listens.
 * Configuration (docs/gateway.md): SUPERGRAPH_PATH, PORT, HOST, <NAME>_SUBGRAPH_URL,
 * SUBGRAPH_TIMEOUT_MS, LOG_LEVEL.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, startHttpService, stopOnSignals } from '@home-affairs/service';
import { createGateway } from './createGateway.ts';
import { subgraphUrlsFromEnv } from './subgraphUrlsFromEnv.ts';

const logger = createLogger('gateway');
const supergraphPath = process.env.SUPERGRAPH_PATH
  ? resolve(process.env.SUPERGRAPH_PATH)
  : fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

try {
  const gateway = createGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    logger,
    subgraphUrls: subgraphUrlsFromEnv(process.env),
    subgraphTimeoutMilliseconds: process.env.SUBGRAPH_TIMEOUT_MS
      ? Number(process.env.SUBGRAPH_TIMEOUT_MS)
      : undefined,
  });
  // startHttpService opens the port only after Apollo Server has started, which loads and
  // validates the supergraph: an answering /health therefore means a loaded supergraph.
  const service = await startHttpService({
    ...gateway,
    logger,
    port: Number(process.env.PORT ?? 4000),
    // Loopback by default: a developer's `pnpm start` is not exposed to the network. Containers
    // and hosts behind a load balancer set HOST=0.0.0.0 (or ::) explicitly.
    host: process.env.HOST ?? '127.0.0.1',
  });
  logger.info({ url: service.url, supergraphPath, subgraphs: gateway.subgraphs }, 'listening');
  stopOnSignals(() => service.close(), logger);
} catch (error) {
  logger.fatal({ err: error, supergraphPath }, 'could not start the gateway');
  process.exit(1);
}

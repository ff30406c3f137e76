/**
 * The gateway process: the only gateway file that reads the environment and listens.
 * Configuration (docs/gateway.md, docs/security.md): SUPERGRAPH_PATH, PORT, HOST,
 * <NAME>_SUBGRAPH_URL, SUBGRAPH_TIMEOUT_MS / SUBGRAPH_BREAKER_FAILURES / SUBGRAPH_BREAKER_OPEN_MS
 * (and their <NAME>_ overrides), GATEWAY_DATABASE_URL / DATABASE_URL, DATA_DIR, LOG_LEVEL,
 * UNANNOTATED_ROOT_FIELDS, CONTRACTS_DIR, CONTRACT_ROLES, DASHBOARD_DIR, METRICS_TOKEN,
 * METRICS_OPERATIONS (docs/operations.md), the security settings and the response cache's
 * (RESPONSE_CACHE, DEDUPLICATE_REQUESTS, RESPONSE_CACHE_MAX_*). Tracing is configured by the
 * OTEL_* variables, read before this file loads (@home-affairs/telemetry/register).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseConfigFromEnv, dataRootFromEnv, openDatabase } from '@home-affairs/db';
import {
  createLogger,
  logConnectionError,
  startHttpService,
  stopOnSignals,
} from '@home-affairs/service';
import { createServiceMetrics, databasePoolMetrics } from '@home-affairs/telemetry';
import { createResponseCache, responseCacheConfigFromEnv } from './cache/index.ts';
import { contractRolesFromEnv, loadContracts } from './contracts/loadContracts.ts';
import { createGateway } from './createGateway.ts';
import { subgraphPoliciesFromEnv } from './resilience/subgraphPoliciesFromEnv.ts';
import {
  createSecurity,
  prepareSupergraph,
  refuseUnannotatedRootFields,
  securityConfigFromEnv,
  securityTables,
  unannotatedRootFieldsFromEnv,
} from './security/index.ts';
import { subgraphUrlsFromEnv } from './subgraphUrlsFromEnv.ts';
import { auditMetrics } from './telemetry/auditMetrics.ts';
import { metricsOperationNames } from './telemetry/metricsOperationNames.ts';

const logger = createLogger('gateway');
const supergraphPath = process.env.SUPERGRAPH_PATH
  ? resolve(process.env.SUPERGRAPH_PATH)
  : fileURLToPath(new URL('../supergraph.graphql', import.meta.url));
const dataRoot = dataRootFromEnv(process.env);

try {
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  // Validated before the gateway opens its database or makes development keys: a file Apollo
  // Gateway cannot load, or root fields nobody gave a policy, stop the start with nothing created.
  refuseUnannotatedRootFields(
    prepareSupergraph(supergraphSdl, {
      unannotatedRootFields: unannotatedRootFieldsFromEnv(process.env),
    }),
  );
  // The contracts the roles are served (CONTRACT_ROLES), each composed beside this supergraph.
  const contracts = loadContracts({
    folder: process.env.CONTRACTS_DIR
      ? resolve(process.env.CONTRACTS_DIR)
      : join(dirname(supergraphPath), 'contracts'),
    roles: contractRolesFromEnv(process.env),
    supergraphSdl,
  });
  // The gateway's own database (schema `gateway`): audit log, token registry, revocations.
  const database = await openDatabase(
    {
      ...databaseConfigFromEnv('gateway', process.env, dataRoot),
      onConnectionError: logConnectionError(logger),
    },
    securityTables,
  );
  const metrics = createServiceMetrics('gateway');
  databasePoolMetrics(metrics, () => database.connections());
  const audit = auditMetrics(metrics);
  const securityConfig = await securityConfigFromEnv(process.env, dataRoot);
  const security = await createSecurity(securityConfig, {
    logger,
    database,
    observeAuditWrite: audit.observer,
  });
  // Response cache and deduplication of reads (ADR 0014); Redis carries invalidations between
  // replicas when REDIS_URL is set.
  const responseCache = await createResponseCache(responseCacheConfigFromEnv(process.env), logger);
  audit.watch(security.audit);
  // The checked-in supergraph keeps the standard @authenticated/@requiresScopes links; the
  // security layer reads their policies and gives Apollo Gateway a copy it accepts (ADR 0002).
  const { gatewaySdl } = security.prepareSupergraph(supergraphSdl);
  const gateway = createGateway({
    supergraphSdl: gatewaySdl,
    logger,
    subgraphUrls: subgraphUrlsFromEnv(process.env),
    subgraphPolicies: subgraphPoliciesFromEnv(process.env),
    contracts,
    metrics: {
      registry: metrics,
      operationNames: metricsOperationNames(securityConfig.trustedDocuments, process.env),
    },
    ...security.gatewayOptions,
    responseCache: { cache: responseCache, ...security.responseCacheAccess },
    dashboard: {
      folder: process.env.DASHBOARD_DIR
        ? resolve(process.env.DASHBOARD_DIR)
        : fileURLToPath(new URL('../../dashboard/dist', import.meta.url)),
    },
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
    metricsToken: process.env.METRICS_TOKEN || undefined,
  });
  logger.info(
    {
      url: service.url,
      supergraphPath,
      subgraphs: gateway.subgraphs,
      contracts: contracts.map((contract) => contract.name),
    },
    'listening',
  );
  stopOnSignals(async () => {
    await service.close();
    await security.close();
    await responseCache.close();
    await database.close();
  }, logger);
} catch (error) {
  logger.fatal({ err: error, supergraphPath }, 'could not start the gateway');
  process.exit(1);
}

import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DatabaseHandle } from '@home-affairs/db';
import {
  anonymousIdentity,
  createForwardedIdentitySigner,
  findPolicyViolation,
  forwardedIdentityHeader,
} from '@home-affairs/identity';
import type { Logger } from '@home-affairs/service';
import { Router } from 'express';
import { Redis } from 'ioredis';
import type { ResponseCachePluginOptions } from '../cache/responseCachePlugin.ts';
import type { CreateGatewayOptions, GatewayContext } from '../createGateway.ts';
import { createAdminRouter } from './createAdminRouter.ts';
import { type AuditLog, type AuditWriteObserver, createAuditLog } from './createAuditLog.ts';
import { createOperationDocuments, type OperationDocuments } from './createOperationDocuments.ts';
import { createRateLimits, type RateLimits } from './createRateLimits.ts';
import {
  createRevocationList,
  databaseRevocationSource,
  memoryRevocationSource,
  type RevocationList,
  redisRevocationSource,
} from './createRevocationList.ts';
import { createTokenVerifier, type TokenVerifier } from './createTokenVerifier.ts';
import type { securityTables } from './db/schema.ts';
import { answerClientErrors } from './httpRefusals.ts';
import {
  loadTrustedDocumentRegistry,
  type TrustedDocumentRegistry,
} from './loadTrustedDocuments.ts';
import {
  type PreparedSupergraph,
  prepareSupergraph,
  refuseUnannotatedRootFields,
} from './prepareSupergraph.ts';
import type { SecurityConfig } from './securityConfigFromEnv.ts';
import type { SecurityPlugin, SupergraphSource } from './securityPlugin.ts';
import { useAudit } from './useAudit.ts';
import { useAuthentication } from './useAuthentication.ts';
import { useBodyLimit } from './useBodyLimit.ts';
import { useCsrf } from './useCsrf.ts';
import { useIntrospection } from './useIntrospection.ts';
import { useOperationLimits } from './useOperationLimits.ts';
import { usePolicies } from './usePolicies.ts';
import { useRateLimits } from './useRateLimits.ts';
import { useTrustedDocuments } from './useTrustedDocuments.ts';
import { useWriterScope } from './useWriterScope.ts';

/** The layer's stores: its database (migrated), Redis, revocations, audit log and documents. */
async function openStores(config: SecurityConfig, dependencies: SecurityDependencies) {
  const { logger, database } = dependencies;
  if (!database && process.env.NODE_ENV === 'production') {
    throw new Error('The gateway needs its database in production: every write must be audited');
  }
  if (database) await database.migrate(gatewayMigrationsFolder);
  const db = database?.db;
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 })
    : undefined;
  if (redis) {
    redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
    await redis.connect();
  }

  const revocations = await createRevocationList({
    source: redis
      ? redisRevocationSource(redis)
      : db
        ? databaseRevocationSource(db)
        : memoryRevocationSource(),
    logger,
    refreshMilliseconds: config.revocation.refreshMilliseconds,
    maxStalenessMilliseconds: config.revocation.maxStalenessMilliseconds,
  });
  const audit = db
    ? createAuditLog({
        db,
        logger,
        maxQueue: config.audit.maxQueue,
        flushMilliseconds: config.audit.flushMilliseconds,
        observe: dependencies.observeAuditWrite,
      })
    : undefined;
  if (!audit) logger.warn('no gateway database: requests are not audited');
  const documents = db ? createOperationDocuments({ db, logger }) : undefined;

  return { db, redis, revocations, audit, documents };
}

/** What the plugins are made of, besides the configuration. */
interface PluginParts {
  verifier: TokenVerifier;
  rateLimits: RateLimits;
  trustedDocuments: TrustedDocumentRegistry;
  audit: AuditLog | undefined;
  documents: OperationDocuments | undefined;
  supergraph: SupergraphSource;
  logger: Logger;
}

/**
 * The layer's `use<Thing>` plugins in their order (docs/security.md, "Plugins"): the express
 * routes of the request stage on `/graphql`, and the Apollo Server plugins of the operation stage.
 * The two orders differ: a bad token is refused after the trusted-document and token checks of
 * the request, and before those of the operation.
 */
function securityPlugins(
  config: SecurityConfig,
  parts: PluginParts,
): { graphqlRoutes: Router; plugins: ApolloServerPlugin<GatewayContext>[] } {
  const { verifier, audit, documents, supergraph, logger } = parts;
  const authentication = useAuthentication({ verifier, logger });
  const trusted = useTrustedDocuments({ trustedDocuments: parts.trustedDocuments });
  const operationLimits = useOperationLimits({
    maxTokens: config.maxTokens,
    limits: config.limits,
    defaultListSize: config.defaultListSize,
    supergraph,
  });
  const requestStage: SecurityPlugin[] = [
    useCsrf(),
    useBodyLimit({ bodyLimit: config.bodyLimit }),
    trusted,
    operationLimits,
    authentication,
    useRateLimits({ rateLimits: parts.rateLimits }),
  ];
  const operationStage: SecurityPlugin[] = [
    ...(audit ? [useAudit({ audit, documents, supergraph, logger })] : []),
    authentication,
    useIntrospection({ policy: config.introspection }),
    trusted,
    usePolicies({ supergraph }),
    useWriterScope({ supergraph }),
    operationLimits,
  ];
  const graphqlRoutes = Router();
  graphqlRoutes.use(
    '/graphql',
    requestStage.flatMap((plugin) => plugin.http ?? []),
  );
  graphqlRoutes.use(answerClientErrors(config.bodyLimit));
  const plugins = operationStage.flatMap((plugin) =>
    plugin.operation ? [plugin.operation as ApolloServerPlugin<GatewayContext>] : [],
  );
  return { graphqlRoutes, plugins };
}

/** The folder of the gateway's drizzle-kit migrations (schema `gateway`). */
export const gatewayMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** What `createSecurity` uses besides its configuration. */
export interface SecurityDependencies {
  logger: Logger;
  /**
   * The gateway's database (schema `gateway`): audit log, token registry and revocations. Its
   * migrations are applied by `createSecurity`. Without it nothing is audited, which is refused in
   * production.
   */
  database?: DatabaseHandle<typeof securityTables> | undefined;
  /**
   * Told of each audit batch written or failed (the gateway's audit metrics).
   * @default none
   */
  observeAuditWrite?: AuditWriteObserver;
}

/** The security layer of one gateway process. */
export interface Security {
  /**
   * Prepares the supergraph for Apollo Gateway and keeps its policies for enforcement. Call it
   * with the checked-in supergraph and give `gatewaySdl` to `ApolloGateway`. Throws when a root
   * field has no policy (neither `@authenticated`/`@requiresScopes` nor `@tag(name: "public")`)
   * and the configuration chose none for such fields (`unannotatedRootFields: 'refuse'`).
   */
  prepareSupergraph(supergraphSdl: string): PreparedSupergraph;
  /**
   * The createGateway options that wire security in: `plugins` (enforcement before execution,
   * audit after), `subgraphRequestHeaders` (the signed identity; records the subgraph for the
   * audit), `apolloServerOptions` the layer relies on, `configure`, which mounts the express
   * routes (the plugins' `/graphql` checks, then `/usage` and `/admin`) before the `/graphql`
   * route, and `contractOf`,
   * the contract of the caller's role (`contractRoles`).
   */
  gatewayOptions: Required<
    Pick<
      CreateGatewayOptions,
      'plugins' | 'subgraphRequestHeaders' | 'apolloServerOptions' | 'configure' | 'contractOf'
    >
  >;
  /**
   * What the response cache needs to know of a request (createGateway's `responseCache`): the
   * caller's scopes (none for a refused token), and whether an operation reaches public fields only,
   * the only ones whose answers are shared between callers.
   */
  responseCacheAccess: Pick<ResponseCachePluginOptions, 'callerOf' | 'isPublicOperation'>;
  revocations: RevocationList;
  verifier: TokenVerifier;
  audit: AuditLog | undefined;
  /** The documents of audited operations, for `pnpm schema:check`; with the audit log only. */
  documents: OperationDocuments | undefined;
  /** Flushes the audit log and closes Redis; call it after Apollo Server has stopped. */
  close(): Promise<void>;
}

/**
 * Builds the gateway's security layer from its `use<Thing>` plugins (one concern each; their
 * order and defaults are in docs/security.md): CSRF prevention, body and token limits, trusted
 * documents, bearer token authentication with revocation, rate limits, the audit log, the
 * introspection policy, the supergraph's `@authenticated` and `@requiresScopes`, writers' scope,
 * per-role depth/alias/root-field/cost budgets; beside them the signed identity forwarded to
 * subgraphs and the `/usage` and `/admin/*` routes (createAdminRouter).
 *
 * The gateway process (main.ts) gives `gatewaySdl` from `security.prepareSupergraph(sdl)` and
 * `...security.gatewayOptions` to createGateway (whose context carries the request's security
 * state as `security`, made once per request by `useAuthentication`), and calls
 * `await security.close()` on shutdown, after Apollo Server stops.
 */
export async function createSecurity(
  config: SecurityConfig,
  dependencies: SecurityDependencies,
): Promise<Security> {
  const { logger } = dependencies;
  const { db, redis, revocations, audit, documents } = await openStores(config, dependencies);
  const verifier = createTokenVerifier({ ...config.tokens, revocations });
  const signer = createForwardedIdentitySigner({ privateKey: config.identitySigningKey });
  const trustedDocuments = loadTrustedDocuments(config, logger);
  let prepared: PreparedSupergraph | undefined;
  const supergraph = () => prepared;
  const rateLimits = createRateLimits({ ...config.rateLimits, redis });
  const { graphqlRoutes, plugins } = securityPlugins(config, {
    verifier,
    rateLimits,
    trustedDocuments,
    audit,
    documents,
    supergraph,
    logger,
  });
  const adminRoutes = createAdminRouter({
    verifier,
    rateLimits,
    revocations,
    bodyLimit: config.bodyLimit,
    db,
    logger,
  });

  return {
    prepareSupergraph(supergraphSdl) {
      prepared = preparedWithPolicies(supergraphSdl, config, logger);
      return prepared;
    },
    gatewayOptions: {
      plugins,
      async subgraphRequestHeaders(context, { name }) {
        const state = context.security;
        state?.subgraphs.add(name);
        // A request refused for its token never reaches a subgraph; anonymous is the safe default.
        const identity = state && !state.identityError ? state.identity : anonymousIdentity;
        return { [forwardedIdentityHeader]: await signer.sign(identity, name) };
      },
      apolloServerOptions: {
        introspection: config.introspection !== 'none',
        allowBatchedHttpRequests: false,
      },
      configure: (app) => {
        app.use(graphqlRoutes);
        app.use(adminRoutes);
      },
      contractOf(context) {
        const state = context.security;
        // A refused token is answered by the plugin, from the whole schema, before anything runs.
        if (!state || state.identityError) return undefined;
        return config.contractRoles?.[state.identity.role];
      },
    },
    responseCacheAccess: {
      callerOf(context) {
        const state = context.security;
        if (!state || state.identityError) return undefined;
        return { scopes: state.identity.scopes };
      },
      isPublicOperation(schema, document, operationName) {
        if (!prepared) return false;
        return !findPolicyViolation({
          schema,
          document,
          operationName,
          policies: prepared.policies,
          identity: anonymousIdentity,
        });
      },
    },
    revocations,
    verifier,
    audit,
    documents,
    async close() {
      revocations.close();
      await audit?.close();
      await documents?.close();
      await redis?.quit().catch(() => undefined);
    },
  };
}

/** The trusted-document registry of the configuration, each set it loaded logged. */
function loadTrustedDocuments(config: SecurityConfig, logger: Logger): TrustedDocumentRegistry {
  const trustedDocuments = loadTrustedDocumentRegistry(config.trustedDocuments ?? []);
  for (const set of trustedDocuments.sets) {
    logger.info(
      { clients: set.clients, documents: set.documents.size },
      'trusted documents loaded',
    );
  }
  return trustedDocuments;
}

/**
 * The supergraph prepared for Apollo Gateway with its policies: throws on a root field without a
 * policy when the configuration refuses them, and warns of those given the configured one.
 */
function preparedWithPolicies(
  supergraphSdl: string,
  config: SecurityConfig,
  logger: Logger,
): PreparedSupergraph {
  const result = prepareSupergraph(supergraphSdl, {
    unannotatedRootFields: config.unannotatedRootFields,
  });
  refuseUnannotatedRootFields(result);
  if (result.missingPolicies.length > 0) {
    logger.warn(
      { fields: result.missingPolicies, policy: result.unannotatedRootFields },
      'root fields without a policy get the one UNANNOTATED_ROOT_FIELDS chose',
    );
  }
  return result;
}

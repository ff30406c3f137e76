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
import { Redis } from 'ioredis';
import type { ResponseCachePluginOptions } from '../cache/responseCachePlugin.ts';
import type { CreateGatewayOptions, GatewayContext } from '../createGateway.ts';
import { type AuditLog, type AuditWriteObserver, createAuditLog } from './createAuditLog.ts';
import { createOperationDocuments, type OperationDocuments } from './createOperationDocuments.ts';
import { createRateLimits } from './createRateLimits.ts';
import {
  createRevocationList,
  databaseRevocationSource,
  memoryRevocationSource,
  type RevocationList,
  redisRevocationSource,
} from './createRevocationList.ts';
import { createSecurityMiddleware } from './createSecurityMiddleware.ts';
import { createSecurityPlugin } from './createSecurityPlugin.ts';
import { createTokenVerifier, type TokenVerifier } from './createTokenVerifier.ts';
import type { securityTables } from './db/schema.ts';
import { loadTrustedDocumentRegistry } from './loadTrustedDocuments.ts';
import {
  type PreparedSupergraph,
  prepareSupergraph,
  refuseUnannotatedRootFields,
} from './prepareSupergraph.ts';
import { requestSecurityOf } from './requestSecurity.ts';
import type { SecurityConfig } from './securityConfigFromEnv.ts';

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
   * routes (`/graphql` checks, `/usage`, `/admin`) before the `/graphql` route, and `contractOf`,
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
 * Builds the gateway's security layer: bearer token verification with revocation, rate limits,
 * body and token limits, policy enforcement from the supergraph's `@authenticated` and
 * `@requiresScopes`, per-role depth/alias/root-field/cost budgets, introspection policy, trusted
 * documents, the signed identity forwarded to subgraphs, and the hash-chained audit log.
 *
 * The gateway process (main.ts) gives `gatewaySdl` from `security.prepareSupergraph(sdl)` and
 * `...security.gatewayOptions` to createGateway (whose context carries the request's `headers`
 * object, which the layer keys its per-request state on), and calls `await security.close()` on
 * shutdown, after Apollo Server stops.
 */
export async function createSecurity(
  config: SecurityConfig,
  dependencies: SecurityDependencies,
): Promise<Security> {
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
  const verifier = createTokenVerifier({ ...config.tokens, revocations });
  const signer = createForwardedIdentitySigner({ privateKey: config.identitySigningKey });
  const trustedDocuments = loadTrustedDocumentRegistry(config.trustedDocuments ?? []);
  for (const set of trustedDocuments.sets) {
    logger.info(
      { clients: set.clients, documents: set.documents.size },
      'trusted documents loaded',
    );
  }
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

  const expressMiddleware = createSecurityMiddleware({
    verifier,
    rateLimits: createRateLimits({ ...config.rateLimits, redis }),
    revocations,
    bodyLimit: config.bodyLimit,
    maxTokens: config.maxTokens,
    trustedDocuments,
    db,
    logger,
  });
  let prepared: PreparedSupergraph | undefined;
  const plugin = createSecurityPlugin({
    supergraph: () => prepared,
    limits: config.limits,
    defaultListSize: config.defaultListSize,
    introspection: config.introspection,
    trustedDocuments,
    audit,
    documents,
    logger,
  });

  return {
    prepareSupergraph(supergraphSdl) {
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
      prepared = result;
      return result;
    },
    gatewayOptions: {
      plugins: [plugin as ApolloServerPlugin<GatewayContext>],
      async subgraphRequestHeaders(context, { name }) {
        const state = requestSecurityOf(context);
        state?.subgraphs.add(name);
        // A request refused for its token never reaches a subgraph; anonymous is the safe default.
        const identity = state && !state.identityError ? state.identity : anonymousIdentity;
        return { [forwardedIdentityHeader]: await signer.sign(identity, name) };
      },
      apolloServerOptions: {
        csrfPrevention: true,
        introspection: config.introspection !== 'none',
        allowBatchedHttpRequests: false,
      },
      configure: (app) => {
        app.use(expressMiddleware);
      },
      contractOf(context) {
        const state = requestSecurityOf(context);
        // A refused token is answered by the plugin, from the whole schema, before anything runs.
        if (!state || state.identityError) return undefined;
        return config.contractRoles?.[state.identity.role];
      },
    },
    responseCacheAccess: {
      callerOf(context) {
        const state = requestSecurityOf(context);
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

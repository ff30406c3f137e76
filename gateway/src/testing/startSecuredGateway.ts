import type { DatabaseHandle } from '@home-affairs/db';
import type { Role } from '@home-affairs/identity';
import {
  createLogger,
  type HttpService,
  type Logger,
  startHttpService,
} from '@home-affairs/service';
import type { TestDatabase } from '@home-affairs/testing';
import type { JWK } from 'jose';
import type { ResponseCache } from '../cache/index.ts';
import { composeSupergraph } from '../composeSupergraph.ts';
import { type CreateGatewayOptions, createGateway } from '../createGateway.ts';
import {
  createSecurity,
  type Security,
  type SecurityDependencies,
} from '../security/createSecurity.ts';
import type { securityTables } from '../security/db/schema.ts';
import { issueToken } from '../security/issueToken.ts';
import type { TrustedManifestSource } from '../security/loadTrustedDocuments.ts';
import type { IntrospectionPolicy, SecurityConfig } from '../security/securityConfigFromEnv.ts';
import {
  type Answer,
  fixtureIssuer,
  freshKeyPair,
  send,
} from '../security/testing/startSecuredFixtureGraph.ts';
import { testSecurityConfig } from '../security/testing/testSecurityConfig.ts';
import { type SubgraphDefinition, subgraphs } from '../subgraphs.ts';
import { createGatewayTestDatabase } from './createGatewayTestDatabase.ts';
import { orCleanUp } from './orCleanUp.ts';

/** A gateway over real subgraphs with the security layer on, as `pnpm start` runs it. */
export interface SecuredGateway extends HttpService {
  /** The gateway's security layer (its audit log, to flush before reading it). */
  security: Security;
  /**
   * A token of `role` the gateway accepts (signed with this gateway's test issuer key), scoped to
   * `subgraph`'s ministry for a writer. Its subject is `<role>-<subgraph or any>` unless given.
   */
  tokenFor(
    role: Exclude<Role, 'anonymous'>,
    extra?: { subgraph?: string; subject?: string },
  ): Promise<string>;
  /** A researcher token the gateway accepts. */
  researcherToken(): Promise<string>;
  /** An administrator token the gateway accepts (for `/admin/*`). */
  adminToken(): Promise<string>;
  /** A writer token of `subgraph`'s ministry (its `write:<subgraph>` scope) the gateway accepts. */
  writerToken(subgraph: string): Promise<string>;
  /** Posts an operation to the gateway, as `token`'s bearer when one is given. */
  ask(query: string, token?: string, variables?: Record<string, unknown>): Promise<Answer>;
}

/** What `startSecuredGateway` starts: the subgraphs it reaches and how it is configured. */
export interface SecuredGatewayOptions {
  /** Where each subgraph listens, by name. */
  subgraphUrls: Record<string, string>;
  /** The subgraphs composed into the supergraph. @default every subgraph (`subgraphs`) */
  definitions?: readonly SubgraphDefinition[];
  /** @default none */
  trustedDocuments?: TrustedManifestSource[];
  /** @default no dashboard */
  dashboard?: CreateGatewayOptions['dashboard'];
  /** @default none: no audit log, no token registry */
  database?: DatabaseHandle<typeof securityTables>;
  /** @default 'everyone' */
  introspection?: IntrospectionPolicy;
  /** Settings over `testSecurityConfig`'s (rate limits, ...). @default none */
  securityOverrides?: Partial<SecurityConfig>;
  /** @default none */
  observeAuditWrite?: SecurityDependencies['observeAuditWrite'];
  /** The gateway's resilience and metrics settings. @default createGateway's defaults */
  gatewayOptions?: Pick<CreateGatewayOptions, 'subgraphPolicies' | 'metrics'>;
  /** @default a silent logger */
  logger?: Logger;
  /**
   * The key pair the gateway signs forwarded identities with, for subgraphs started before it
   * that check them (give them its public key). @default a fresh pair
   */
  identityKeys?: { privateJwk: JWK; publicJwk: JWK };
  /**
   * The key pair of the token issuer the gateway trusts, for tokens that several gateways accept
   * (replicas behind one issuer). @default a fresh pair
   */
  issuer?: { privateJwk: JWK; publicJwk: JWK };
  /** The response cache, with the security layer's access rules. @default none */
  responseCache?: ResponseCache;
}

/**
 * Starts an in-process gateway on a free port over `definitions`, reaching each subgraph at
 * `subgraphUrls`, with the default limits, the trusted documents given and a fresh issuer key;
 * `dashboard` serves a built dashboard at `/dashboard/`, `database` keeps the audit log and the
 * token registry. `close()` stops the gateway and its security layer.
 */
export async function startSecuredGateway(options: SecuredGatewayOptions): Promise<SecuredGateway> {
  const logger = options.logger ?? createLogger('gateway-test', 'silent');
  const composition = composeSupergraph(options.definitions ?? subgraphs);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  const issuer = options.issuer ?? (await freshKeyPair());
  const identity = options.identityKeys ?? (await freshKeyPair());
  const security = await createSecurity(
    testSecurityConfig(
      { issuerPublicKey: issuer.publicJwk, identityPrivateKey: identity.privateJwk },
      {
        introspection: options.introspection ?? 'everyone',
        trustedDocuments: options.trustedDocuments ?? [],
        ...options.securityOverrides,
      },
    ),
    { logger, database: options.database, observeAuditWrite: options.observeAuditWrite },
  );
  const gateway = createGateway({
    supergraphSdl: security.prepareSupergraph(composition.supergraphSdl).gatewaySdl,
    logger,
    subgraphUrls: options.subgraphUrls,
    dashboard: options.dashboard,
    ...options.gatewayOptions,
    ...security.gatewayOptions,
    responseCache: options.responseCache && {
      cache: options.responseCache,
      ...security.responseCacheAccess,
    },
  });
  const service = await startHttpService({ ...gateway, logger, drainMilliseconds: 100 });
  const closeService = service.close.bind(service);
  const tokenFor: SecuredGateway['tokenFor'] = async (role, extra = {}) => {
    const { token } = await issueToken({
      role,
      subject: extra.subject ?? `${role}-${extra.subgraph ?? 'any'}`,
      ...fixtureIssuer,
      privateKey: issuer.privateJwk,
      ...(extra.subgraph === undefined ? {} : { subgraph: extra.subgraph }),
    });
    return token;
  };
  return Object.assign(service, {
    security,
    tokenFor,
    researcherToken: () => tokenFor('researcher'),
    adminToken: () => tokenFor('admin'),
    writerToken: (subgraph: string) => tokenFor('writer', { subgraph }),
    ask: (query: string, token?: string, variables?: Record<string, unknown>) =>
      send(service.url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {}),
    async close() {
      await closeService();
      await security.close();
    },
  });
}

/**
 * `startSecuredGateway` over a fresh, migrated gateway database of its own, where its audit log
 * and token registry are kept: for the tests that read them. `close()` also drops the database.
 */
export async function startAuditedSecuredGateway(
  options: Omit<SecuredGatewayOptions, 'database'>,
): Promise<SecuredGateway & { database: TestDatabase<typeof securityTables> }> {
  const database = await createGatewayTestDatabase();
  const gateway = await orCleanUp(startSecuredGateway({ ...options, database }), () =>
    database.dispose(),
  );
  const closeGateway = gateway.close.bind(gateway);
  return Object.assign(gateway, {
    database,
    async close() {
      await closeGateway();
      await database.dispose();
    },
  });
}

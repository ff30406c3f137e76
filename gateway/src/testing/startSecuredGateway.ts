import type { DatabaseHandle } from '@home-affairs/db';
import {
  createLogger,
  type HttpService,
  type Logger,
  startHttpService,
} from '@home-affairs/service';
import type { JWK } from 'jose';
import type { ResponseCache } from '../cache/index.ts';
import { composeSupergraph } from '../composeSupergraph.ts';
import { type CreateGatewayOptions, createGateway } from '../createGateway.ts';
import { createSecurity } from '../security/createSecurity.ts';
import type { securityTables } from '../security/db/schema.ts';
import { issueToken } from '../security/issueToken.ts';
import type { TrustedManifestSource } from '../security/loadTrustedDocuments.ts';
import type { IntrospectionPolicy } from '../security/securityConfigFromEnv.ts';
import { fixtureIssuer, freshKeyPair } from '../security/testing/startSecuredFixtureGraph.ts';
import { testSecurityConfig } from '../security/testing/testSecurityConfig.ts';
import { subgraphs } from '../subgraphs.ts';

/** A gateway over the real subgraph list with the security layer on, as `pnpm start` runs it. */
export interface SecuredGateway extends HttpService {
  /** A researcher token the gateway accepts (signed with this gateway's test issuer key). */
  researcherToken(): Promise<string>;
  /** An administrator token the gateway accepts (for `/admin/*`). */
  adminToken(): Promise<string>;
  /** A writer token of `subgraph`'s ministry (its `write:<subgraph>` scope) the gateway accepts. */
  writerToken(subgraph: string): Promise<string>;
}

/**
 * Starts an in-process gateway on a free port over the checked-in subgraph list, reaching each
 * subgraph at `subgraphUrls`, with the default limits, the trusted documents given and fresh
 * keys; `dashboard` serves a built dashboard at `/dashboard/`, `database` keeps the audit log and
 * the token registry (none by default).
 */
export async function startSecuredGateway(options: {
  subgraphUrls: Record<string, string>;
  trustedDocuments: TrustedManifestSource[];
  dashboard?: CreateGatewayOptions['dashboard'];
  /** @default none: no audit log, no token registry */
  database?: DatabaseHandle<typeof securityTables>;
  /** @default 'everyone' */
  introspection?: IntrospectionPolicy;
  /** @default a silent logger */
  logger?: Logger;
  /**
   * The key pair the gateway signs forwarded identities with, for subgraphs started before it
   * that check them (give them its public key). @default a fresh pair
   */
  identityKeys?: { privateJwk: JWK; publicJwk: JWK };
  /** The response cache, with the security layer's access rules. @default none */
  responseCache?: ResponseCache;
}): Promise<SecuredGateway> {
  const logger = options.logger ?? createLogger('gateway-test', 'silent');
  const composition = composeSupergraph(subgraphs);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  const issuer = await freshKeyPair();
  const identity = options.identityKeys ?? (await freshKeyPair());
  const security = await createSecurity(
    testSecurityConfig(
      { issuerPublicKey: issuer.publicJwk, identityPrivateKey: identity.privateJwk },
      {
        introspection: options.introspection ?? 'everyone',
        trustedDocuments: options.trustedDocuments,
      },
    ),
    { logger, database: options.database },
  );
  const gateway = createGateway({
    supergraphSdl: security.prepareSupergraph(composition.supergraphSdl).gatewaySdl,
    logger,
    subgraphUrls: options.subgraphUrls,
    dashboard: options.dashboard,
    ...security.gatewayOptions,
    responseCache: options.responseCache && {
      cache: options.responseCache,
      ...security.responseCacheAccess,
    },
  });
  const service = await startHttpService({ ...gateway, logger, drainMilliseconds: 100 });
  const closeService = service.close.bind(service);
  const tokenFor = async (role: 'researcher' | 'admin' | 'writer', subgraph?: string) => {
    const { token } = await issueToken({
      role,
      subject: `gateway-test-${role}`,
      ...fixtureIssuer,
      privateKey: issuer.privateJwk,
      ...(subgraph === undefined ? {} : { subgraph }),
    });
    return token;
  };
  return Object.assign(service, {
    researcherToken: () => tokenFor('researcher'),
    adminToken: () => tokenFor('admin'),
    writerToken: (subgraph: string) => tokenFor('writer', subgraph),
    async close() {
      await closeService();
      await security.close();
    },
  });
}

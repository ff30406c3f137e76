import { createLogger, type HttpService, startHttpService } from '@home-affairs/service';
import { composeSupergraph } from '../composeSupergraph.ts';
import { type CreateGatewayOptions, createGateway } from '../createGateway.ts';
import { createSecurity } from '../security/createSecurity.ts';
import { issueToken } from '../security/issueToken.ts';
import type { TrustedManifestSource } from '../security/loadTrustedDocuments.ts';
import { defaultLimits } from '../security/securityConfigFromEnv.ts';
import { fixtureIssuer, freshKeyPair } from '../security/testing/startSecuredFixtureGraph.ts';
import { subgraphs } from '../subgraphs.ts';

/** A gateway over the real subgraph list with the security layer on, as `pnpm start` runs it. */
export interface SecuredGateway extends HttpService {
  /** A researcher token the gateway accepts (signed with this gateway's test issuer key). */
  researcherToken(): Promise<string>;
}

/**
 * Starts an in-process gateway on a free port over the checked-in subgraph list, reaching each
 * subgraph at `subgraphUrls`, with the default limits, the trusted documents given, fresh keys and
 * no audit database; `dashboard` serves a built dashboard at `/dashboard/`.
 */
export async function startSecuredGateway(options: {
  subgraphUrls: Record<string, string>;
  trustedDocuments: TrustedManifestSource[];
  dashboard?: CreateGatewayOptions['dashboard'];
}): Promise<SecuredGateway> {
  const logger = createLogger('gateway-test', 'silent');
  const composition = composeSupergraph(subgraphs);
  if (!composition.ok) throw new Error(composition.errors.join('\n'));
  const issuer = await freshKeyPair();
  const identity = await freshKeyPair();
  const security = await createSecurity(
    {
      tokens: { ...fixtureIssuer, publicKey: issuer.publicJwk, clockToleranceSeconds: 0 },
      identitySigningKey: identity.privateJwk,
      revocation: { refreshMilliseconds: 1000, maxStalenessMilliseconds: 30_000 },
      limits: defaultLimits,
      maxTokens: 2000,
      defaultListSize: 10,
      bodyLimit: '100kb',
      rateLimits: {
        perTokenPerMinute: 100_000,
        perAddressPerMinute: 100_000,
        routesPerMinute: 100_000,
      },
      introspection: 'everyone',
      trustedDocuments: options.trustedDocuments,
      audit: { maxQueue: 10_000, flushMilliseconds: 20 },
    },
    { logger },
  );
  const gateway = createGateway({
    supergraphSdl: security.prepareSupergraph(composition.supergraphSdl).gatewaySdl,
    logger,
    subgraphUrls: options.subgraphUrls,
    dashboard: options.dashboard,
    ...security.gatewayOptions,
  });
  const service = await startHttpService({ ...gateway, logger, drainMilliseconds: 100 });
  const closeService = service.close.bind(service);
  return Object.assign(service, {
    async researcherToken() {
      const { token } = await issueToken({
        role: 'researcher',
        subject: 'dashboard-test-researcher',
        ...fixtureIssuer,
        privateKey: issuer.privateJwk,
      });
      return token;
    },
    async close() {
      await closeService();
      await security.close();
    },
  });
}

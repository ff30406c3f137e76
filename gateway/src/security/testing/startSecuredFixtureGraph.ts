import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle } from '@home-affairs/db';
import type { LocalKeyPair, Role } from '@home-affairs/identity';
import type { HttpService, Logger } from '@home-affairs/service';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { createSecurity, type Security } from '../createSecurity.ts';
import type { securityTables } from '../db/schema.ts';
import { issueToken } from '../issueToken.ts';
import { defaultLimits, type SecurityConfig } from '../securityConfigFromEnv.ts';
import {
  type FixtureSubgraphs,
  startFixtureGateway,
  startFixtureSubgraphs,
} from './startFixtureGraph.ts';

/** A GraphQL answer as a test reads it. */
export interface Answer {
  status: number;
  retryAfter: string | null;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

/** The codes of the errors of `answer`, in order. */
export function errorCodesOf(answer: Answer): (string | undefined)[] {
  return (answer.body.errors ?? []).map((error) => error.extensions?.code);
}

/** The fixture graph behind a secured gateway, with what tests need to talk to it. */
export interface SecuredFixtureGraph {
  gateway: HttpService;
  security: Security;
  subgraphs: FixtureSubgraphs;
  /** The reviewed document of the trusted-documents manifest. */
  trustedQuery: string;
  issuerKey: JWK;
  /** Builds a configuration like the gateway's, with these keys and the test's manifest. */
  configFor(overrides?: Partial<SecurityConfig>): SecurityConfig;
  /** A valid token for a role. */
  tokenFor(
    role: Exclude<Role, 'anonymous'>,
    extra?: { subgraph?: string; province?: string; expiresIn?: string; subject?: string },
  ): Promise<string>;
  /** Posts an operation to the gateway. */
  ask(query: string, token?: string, variables?: Record<string, unknown>): Promise<Answer>;
  /** GraphQL requests the subgraphs have received so far. */
  subgraphCalls(): number;
  close(): Promise<void>;
}

/** Token issuer and audience of the fixture graph. */
export const fixtureIssuer = { issuer: 'home-affairs', audience: 'home-affairs-graph' };

/** A fresh Ed25519 key pair, as `localKeyPair` makes them but kept in memory. */
export async function freshKeyPair(): Promise<LocalKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), alg: 'EdDSA' },
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'EdDSA' },
  };
}

/** Posts a JSON body and reads the answer. */
export async function send(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Answer['body'],
  };
}

/**
 * Starts the fixture subgraphs and a gateway secured by `createSecurity`, wired the way
 * createGateway wires it, with fresh keys. Used by the integration tests and the benchmark.
 */
export async function startSecuredFixtureGraph(options: {
  logger: Logger;
  database?: DatabaseHandle<typeof securityTables> | undefined;
  overrides?: Partial<SecurityConfig>;
}): Promise<SecuredFixtureGraph> {
  const { logger, database } = options;
  const { privateJwk: issuerKey, publicJwk: issuerPublicKey } = await freshKeyPair();
  const { privateJwk: identityPrivateKey, publicJwk: identityPublicKey } = await freshKeyPair();

  const trustedQuery = 'query PublicUnits { units { code name } }';
  const manifestPath = join(mkdtempSync(join(tmpdir(), 'trusted-documents-')), 'manifest.json');
  writeFileSync(
    manifestPath,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        {
          id: createHash('sha256').update(trustedQuery).digest('hex'),
          name: 'PublicUnits',
          type: 'query',
          body: trustedQuery,
        },
      ],
    }),
  );

  const configFor = (overrides: Partial<SecurityConfig> = {}): SecurityConfig => ({
    tokens: { ...fixtureIssuer, publicKey: issuerPublicKey, clockToleranceSeconds: 0 },
    identitySigningKey: identityPrivateKey,
    revocation: { refreshMilliseconds: 200, maxStalenessMilliseconds: 30_000 },
    limits: {
      ...defaultLimits,
      anonymous: { maxDepth: 4, maxAliases: 5, maxRootFields: 3, maxCost: 1_000 },
    },
    maxTokens: 500,
    defaultListSize: 10,
    bodyLimit: '8kb',
    rateLimits: {
      perTokenPerMinute: 100_000,
      perAddressPerMinute: 100_000,
      routesPerMinute: 100_000,
    },
    introspection: 'authenticated',
    trustedDocuments: [{ path: manifestPath, clients: ['web'] }],
    audit: { maxQueue: 10_000, flushMilliseconds: 20 },
    ...overrides,
  });

  const subgraphs = await startFixtureSubgraphs({ identityPublicKey, logger });
  const security = await createSecurity(configFor(options.overrides), { logger, database });
  const gateway = await startFixtureGateway({
    supergraphSdl: subgraphs.supergraphSdl,
    security,
    logger,
  });

  return {
    gateway,
    security,
    subgraphs,
    trustedQuery,
    issuerKey,
    configFor,
    async tokenFor(role, extra = {}) {
      const { token } = await issueToken({
        role,
        subject: extra.subject ?? `${role}-${extra.subgraph ?? 'any'}-${extra.province ?? 'all'}`,
        ...fixtureIssuer,
        privateKey: issuerKey,
        subgraph: extra.subgraph,
        province: extra.province,
        expiresIn: extra.expiresIn,
      });
      return token;
    },
    ask: (query, token, variables) =>
      send(gateway.url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {}),
    subgraphCalls: () => Object.values(subgraphs.calls).reduce((sum, count) => sum + count, 0),
    async close() {
      await gateway.close();
      await security.close();
      await subgraphs.close();
    },
  };
}

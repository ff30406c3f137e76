import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  gatewayIdentityKeyName,
  keyFromEnv,
  localKeyPair,
  type Role,
} from '@home-affairs/identity';
import type { JWK } from 'jose';
import { type ContractRoles, contractRolesFromEnv } from '../contracts/loadContracts.ts';
import type { TrustedManifestSource } from './loadTrustedDocuments.ts';
import { type UnannotatedRootFields, unannotatedRootFieldChoices } from './prepareSupergraph.ts';

/** Structural limits and cost budget of one role's operations. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  /** Budget for the estimate of `measureOperation`. */
  maxCost: number;
}

/** Who may introspect the schema. */
export type IntrospectionPolicy = 'everyone' | 'authenticated' | 'admin' | 'none';

/** Everything the gateway's security needs; `securityConfigFromEnv` documents each variable. */
export interface SecurityConfig {
  tokens: {
    issuer: string;
    audience: string;
    /** Public key(s) of the token issuer: JWK, JWK set or PEM. One of this or `jwksUrl`. */
    publicKey?: string | JWK | undefined;
    /** JWKS endpoint of an identity provider; keys are fetched and cached by jose. */
    jwksUrl?: string | undefined;
    clockToleranceSeconds: number;
  };
  /** Ed25519 private key the gateway signs forwarded identities with. */
  identitySigningKey: string | JWK;
  /** Shared state between replicas (rate limits, revocations); memory and database without. */
  redisUrl?: string | undefined;
  revocation: {
    /** How often each replica reloads the revocation list: the delay before a revocation bites. */
    refreshMilliseconds: number;
    /** Beyond this without a successful reload, authenticated requests are refused. */
    maxStalenessMilliseconds: number;
  };
  limits: Record<Role, OperationLimits>;
  /** Most lexical tokens in one document, checked before Apollo parses it. */
  maxTokens: number;
  /** List length assumed when neither an argument nor `@listSize` gives one. */
  defaultListSize: number;
  /** Largest request body, as `express.json` reads it (`100kb`). */
  bodyLimit: string;
  rateLimits: {
    perTokenPerMinute: number;
    perAddressPerMinute: number;
    /**
     * Requests to `/usage` and `/admin/*` per client address and per token.
     * @default 60
     */
    routesPerMinute?: number | undefined;
  };
  introspection: IntrospectionPolicy;
  /**
   * Manifests of trusted documents and the clients each binds: a bound client may run only the
   * documents of its manifests. Without any, every client may run any document the policies
   * allow.
   * @default []
   */
  trustedDocuments?: readonly TrustedManifestSource[] | undefined;
  audit: { maxQueue: number; flushMilliseconds: number };
  /**
   * What root fields without a policy get; `refuse` stops the start (prepareSupergraph).
   * @default 'refuse'
   */
  unannotatedRootFields?: UnannotatedRootFields | undefined;
  /**
   * The contract each role is served (gateway/contracts/); a role not named gets the whole API
   * schema.
   * @default {}
   */
  contractRoles?: ContractRoles | undefined;
}

/** The dashboard's trusted documents, written by `pnpm codegen`. */
export const dashboardManifestPath = fileURLToPath(
  new URL('../../../dashboard/persisted-documents.json', import.meta.url),
);

/**
 * The manifests of trusted documents: `TRUSTED_DOCUMENTS_CLIENTS` (`name=path,…`, each client
 * bound to its own manifest; the dashboard's by default, an empty value for none) and the older
 * `TRUSTED_DOCUMENTS_MANIFEST` shared by the clients of `TRUSTED_DOCUMENTS_REQUIRED_CLIENTS`.
 */
export function trustedManifestsFromEnv(env: NodeJS.ProcessEnv): TrustedManifestSource[] {
  const list = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  const perClient = list(env.TRUSTED_DOCUMENTS_CLIENTS ?? `dashboard=${dashboardManifestPath}`).map(
    (entry) => {
      const separator = entry.indexOf('=');
      const client = entry.slice(0, separator).trim();
      const path = entry.slice(separator + 1).trim();
      if (separator <= 0 || !path) {
        throw new Error(`TRUSTED_DOCUMENTS_CLIENTS entries are name=path, not "${entry}"`);
      }
      return { clients: [client], path: resolve(path) };
    },
  );
  const shared = env.TRUSTED_DOCUMENTS_MANIFEST
    ? [
        {
          clients: list(env.TRUSTED_DOCUMENTS_REQUIRED_CLIENTS),
          path: resolve(env.TRUSTED_DOCUMENTS_MANIFEST),
        },
      ]
    : [];
  return [...perClient, ...shared];
}

/** File name (in `.data/keys`) of the development key pair that `pnpm tokens issue` signs with. */
export const tokenIssuerKeyName = 'token-issuer';

/** Issuer and audience of the tokens the gateway accepts: `TOKEN_ISSUER`, `TOKEN_AUDIENCE`. */
export function tokenIssuerFromEnv(env: NodeJS.ProcessEnv): { issuer: string; audience: string } {
  return {
    issuer: env.TOKEN_ISSUER ?? 'home-affairs',
    audience: env.TOKEN_AUDIENCE ?? 'home-affairs-graph',
  };
}

/**
 * The operator's choice for root fields without a policy, `UNANNOTATED_ROOT_FIELDS`: `refuse`
 * (the default), `public` or `authenticated`. Reads nothing else and creates nothing, so the
 * gateway can validate its supergraph before it opens a database or makes keys.
 */
export function unannotatedRootFieldsFromEnv(env: NodeJS.ProcessEnv): UnannotatedRootFields {
  const value = env.UNANNOTATED_ROOT_FIELDS || 'refuse';
  if (!(unannotatedRootFieldChoices as readonly string[]).includes(value)) {
    throw new Error(
      `UNANNOTATED_ROOT_FIELDS must be ${unannotatedRootFieldChoices.join(', ')}; it is "${value}"`,
    );
  }
  return value as UnannotatedRootFields;
}

/** Default limits per role: anonymous callers get the least, admins the most. */
export const defaultLimits: Record<Role, OperationLimits> = {
  // Anonymous callers may still list all 3,321 commune-level units with a few fields each
  // (about 20,000); a nested page of pages (5,000 × 5,000) is far beyond every budget.
  anonymous: { maxDepth: 10, maxAliases: 20, maxRootFields: 10, maxCost: 50_000 },
  researcher: { maxDepth: 12, maxAliases: 50, maxRootFields: 20, maxCost: 200_000 },
  writer: { maxDepth: 12, maxAliases: 50, maxRootFields: 20, maxCost: 200_000 },
  admin: { maxDepth: 20, maxAliases: 200, maxRootFields: 50, maxCost: 1_000_000 },
};

/**
 * Reads the security configuration from the environment (every variable is listed in
 * docs/security.md). Outside production, missing keys fall back to development key pairs
 * generated once under `<dataRoot>/keys`; in production they are required.
 */
export async function securityConfigFromEnv(
  env: NodeJS.ProcessEnv,
  dataRoot: string,
): Promise<SecurityConfig> {
  const production = env.NODE_ENV === 'production';
  const number = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
    return value;
  };

  let publicKey: string | JWK | undefined = env.TOKEN_PUBLIC_KEY || undefined;
  const jwksUrl = env.TOKEN_JWKS_URL || undefined;
  if (!publicKey && !jwksUrl) {
    if (production) throw new Error('TOKEN_PUBLIC_KEY or TOKEN_JWKS_URL is required in production');
    publicKey = (await localKeyPair(`${dataRoot}/keys`, tokenIssuerKeyName)).publicJwk;
  }
  const identitySigningKey = await keyFromEnv(
    env,
    'GATEWAY_IDENTITY_PRIVATE_KEY',
    dataRoot,
    gatewayIdentityKeyName,
    'privateJwk',
  );

  const limits = Object.fromEntries(
    Object.entries(defaultLimits).map(([role, defaults]) => [
      role,
      {
        maxDepth: number('LIMIT_MAX_DEPTH', defaults.maxDepth),
        maxAliases: number('LIMIT_MAX_ALIASES', defaults.maxAliases),
        maxRootFields: number('LIMIT_MAX_ROOT_FIELDS', defaults.maxRootFields),
        maxCost: number(`LIMIT_COST_${role.toUpperCase()}`, defaults.maxCost),
      },
    ]),
  ) as Record<Role, OperationLimits>;

  const introspection = (env.INTROSPECTION ??
    (production ? 'authenticated' : 'everyone')) as IntrospectionPolicy;
  if (!['everyone', 'authenticated', 'admin', 'none'].includes(introspection)) {
    throw new Error('INTROSPECTION must be everyone, authenticated, admin or none');
  }

  return {
    tokens: {
      ...tokenIssuerFromEnv(env),
      publicKey,
      jwksUrl,
      clockToleranceSeconds: number('TOKEN_CLOCK_TOLERANCE_SECONDS', 5),
    },
    identitySigningKey,
    redisUrl: env.REDIS_URL || undefined,
    revocation: {
      refreshMilliseconds: number('REVOCATION_REFRESH_MS', 2_000),
      maxStalenessMilliseconds: number('REVOCATION_MAX_STALENESS_MS', 30_000),
    },
    limits,
    maxTokens: number('LIMIT_MAX_TOKENS', 2_000),
    defaultListSize: number('LIMIT_DEFAULT_LIST_SIZE', 10),
    bodyLimit: env.LIMIT_BODY_SIZE ?? '100kb',
    rateLimits: {
      perTokenPerMinute: number('RATE_LIMIT_PER_TOKEN_PER_MINUTE', 600),
      perAddressPerMinute: number('RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 300),
      routesPerMinute: number('RATE_LIMIT_ROUTES_PER_MINUTE', 60),
    },
    introspection,
    trustedDocuments: trustedManifestsFromEnv(env),
    audit: {
      maxQueue: number('AUDIT_MAX_QUEUE', 10_000),
      flushMilliseconds: number('AUDIT_FLUSH_MS', 100),
    },
    unannotatedRootFields: unannotatedRootFieldsFromEnv(env),
    contractRoles: contractRolesFromEnv(env),
  };
}

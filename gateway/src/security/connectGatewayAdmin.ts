import { databaseConfigFromEnv, openDatabase } from '@home-affairs/db';
import { keyFromEnv } from '@home-affairs/identity';
import { Redis } from 'ioredis';
import type { JWK } from 'jose';
import { databaseRevocationSource, redisRevocationSource } from './createRevocationList.ts';
import { gatewayMigrationsFolder } from './createSecurity.ts';
import { securityTables } from './db/schema.ts';
import { issueToken } from './issueToken.ts';
import { tokenIssuerFromEnv, tokenIssuerKeyName } from './securityConfigFromEnv.ts';
import {
  listIssuedTokens,
  recordIssuedToken,
  revocationExpiry,
  type TokenRecord,
} from './tokenRegistry.ts';
import { type AuditChainReport, verifyAuditChain } from './verifyAuditChain.ts';

/** What the token and audit commands do to the gateway's state. */
export interface GatewayAdmin {
  /** Where the commands act, for the operator (no password). */
  describe: string;
  recordIssued(record: Omit<TokenRecord, 'revokedAt'>): Promise<void>;
  revoke(id: string, expiresAt?: Date): Promise<Date>;
  list(): Promise<TokenRecord[]>;
  verifyAudit(): Promise<AuditChainReport>;
  close(): Promise<void>;
}

/**
 * The private key that signs tokens: `TOKEN_ISSUER_PRIVATE_KEY`, else (outside production) the
 * development key pair in `<dataRoot>/keys`, the one a local gateway trusts by default.
 */
export async function issuerPrivateKeyFromEnv(
  env: NodeJS.ProcessEnv,
  dataRoot: string,
): Promise<string | JWK> {
  return keyFromEnv(env, 'TOKEN_ISSUER_PRIVATE_KEY', dataRoot, tokenIssuerKeyName, 'privateJwk');
}

/**
 * Connects the commands to the gateway's state, the way that reaches a running gateway:
 * - `GATEWAY_URL` set: through the gateway's admin routes, with a two-minute admin token;
 * - a Postgres database (`GATEWAY_DATABASE_URL`, then `DATABASE_URL`): directly, and
 *   revocations into Redis too when `REDIS_URL` is set, since gateways then read them there;
 * - PGlite (local development): through the local gateway's admin routes when it is running, as
 *   PGlite admits one process; directly into `<dataRoot>/gateway` when it is not.
 */
export async function connectGatewayAdmin(
  env: NodeJS.ProcessEnv,
  dataRoot: string,
): Promise<GatewayAdmin> {
  const config = databaseConfigFromEnv('gateway', env, dataRoot);
  let gatewayUrl = env.GATEWAY_URL;
  if (!gatewayUrl && !config.url) {
    const local = `http://127.0.0.1:${env.PORT ?? 4000}`;
    const running = await fetch(`${local}/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (running) gatewayUrl = local;
  }
  if (gatewayUrl) return httpAdmin(new URL(gatewayUrl).origin, env, dataRoot);

  const handle = await openDatabase(config, securityTables);
  await handle.migrate(gatewayMigrationsFolder);
  const redis = env.REDIS_URL ? new Redis(env.REDIS_URL) : undefined;
  const describe = config.url
    ? (() => {
        const url = new URL(config.url);
        if (url.password) url.password = '***';
        return url.toString();
      })()
    : `PGlite in ${config.dataDir}`;
  return {
    describe: redis ? `${describe} and Redis` : describe,
    recordIssued: (record) => recordIssuedToken(handle.db, record),
    async revoke(id, expiresAt) {
      const expiry = await revocationExpiry(handle.db, id, expiresAt);
      await databaseRevocationSource(handle.db).add(id, expiry);
      if (redis) await redisRevocationSource(redis).add(id, expiry);
      return expiry;
    },
    list: () => listIssuedTokens(handle.db),
    verifyAudit: () => verifyAuditChain(handle.db),
    async close() {
      await redis?.quit();
      await handle.close();
    },
  };
}

async function httpAdmin(
  origin: string,
  env: NodeJS.ProcessEnv,
  dataRoot: string,
): Promise<GatewayAdmin> {
  const { token } = await issueToken({
    role: 'admin',
    subject: 'token-command',
    ...tokenIssuerFromEnv(env),
    privateKey: await issuerPrivateKeyFromEnv(env, dataRoot),
    expiresIn: '2m',
  });
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as T & { errors?: { message: string }[] };
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${answer.errors?.[0]?.message ?? response.status}`);
    }
    return answer;
  };
  return {
    describe: `the gateway at ${origin}`,
    async recordIssued(record) {
      await call('POST', '/admin/tokens', record);
    },
    async revoke(id, expiresAt) {
      const answer = await call<{ expiresAt: string }>('POST', '/admin/revocations', {
        id,
        expiresAt: expiresAt?.toISOString(),
      });
      return new Date(answer.expiresAt);
    },
    list: () => call<TokenRecord[]>('GET', '/admin/tokens'),
    verifyAudit: () => call<AuditChainReport>('GET', '/admin/audit/verify'),
    close: async () => undefined,
  };
}

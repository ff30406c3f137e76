import type { Database } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import { gt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { revokedTokens, type securityTables } from './db/schema.ts';

/** Where revocations are kept so that every gateway replica sees them. */
export interface RevocationSource {
  readonly kind: 'memory' | 'database' | 'redis';
  add(tokenId: string, expiresAt: Date): Promise<void>;
  /** Ids of revoked tokens that have not expired yet. */
  load(now: Date): Promise<string[]>;
}

/** Revocations held in this process only: tests, and a single process without storage. */
export function memoryRevocationSource(): RevocationSource {
  const entries = new Map<string, number>();
  return {
    kind: 'memory',
    async add(tokenId, expiresAt) {
      entries.set(tokenId, expiresAt.getTime());
    },
    async load(now) {
      return [...entries].filter(([, expires]) => expires > now.getTime()).map(([id]) => id);
    },
  };
}

/** Revocations in the gateway's `gateway.revoked_tokens` table. */
export function databaseRevocationSource(db: Database<typeof securityTables>): RevocationSource {
  return {
    kind: 'database',
    async add(tokenId, expiresAt) {
      await db
        .insert(revokedTokens)
        .values({ id: tokenId, revokedAt: new Date(), expiresAt })
        .onConflictDoNothing();
    },
    async load(now) {
      const rows = await db
        .select({ id: revokedTokens.id })
        .from(revokedTokens)
        .where(gt(revokedTokens.expiresAt, now));
      return rows.map((row) => row.id);
    },
  };
}

/** The Redis sorted set of revoked token ids, scored by expiry time. */
export const revokedTokensKey = 'home-affairs:gateway:revoked-tokens';

/**
 * Revocations in a Redis sorted set scored by expiry, so expired entries are trimmed by score and
 * a reload is one range read, whatever the number of replicas.
 */
export function redisRevocationSource(redis: Redis): RevocationSource {
  return {
    kind: 'redis',
    async add(tokenId, expiresAt) {
      await redis.zadd(revokedTokensKey, expiresAt.getTime(), tokenId);
    },
    async load(now) {
      await redis.zremrangebyscore(revokedTokensKey, '-inf', now.getTime());
      return redis.zrangebyscore(revokedTokensKey, now.getTime(), '+inf');
    },
  };
}

/** The set of revoked token ids each replica checks every request against, in memory. */
export interface RevocationList {
  readonly source: RevocationSource;
  /** Whether `tokenId` is revoked; throws when the list is too stale to be trusted. */
  isRevoked(tokenId: string): boolean;
  /** Records a revocation in the shared source and applies it here at once. */
  revoke(tokenId: string, expiresAt: Date): Promise<void>;
  /** Reloads from the source now. */
  refresh(): Promise<void>;
  close(): void;
}

/** Thrown when revocations could not be reloaded for too long: refuse rather than trust. */
export class RevocationListStaleError extends Error {}

/**
 * Keeps a replica's copy of the revocation list, reloaded every `refreshMilliseconds`. A lookup is
 * a set membership test (no network on the request path); a revocation made anywhere reaches
 * every replica within one refresh. When reloads keep failing beyond `maxStalenessMilliseconds`,
 * `isRevoked` throws and authenticated requests are refused: fail closed.
 */
export async function createRevocationList(options: {
  source: RevocationSource;
  logger: Logger;
  /** @default 2000 */
  refreshMilliseconds?: number;
  /** @default 30000 */
  maxStalenessMilliseconds?: number;
}): Promise<RevocationList> {
  const { source, logger } = options;
  let revoked = new Set<string>();
  let loadedAt = 0;
  const refresh = async () => {
    revoked = new Set(await source.load(new Date()));
    loadedAt = Date.now();
  };
  await refresh();
  const timer = setInterval(() => {
    refresh().catch((error: unknown) => {
      logger.error({ err: error, source: source.kind }, 'could not reload revoked tokens');
    });
  }, options.refreshMilliseconds ?? 2_000);
  timer.unref();
  return {
    source,
    isRevoked(tokenId) {
      if (Date.now() - loadedAt > (options.maxStalenessMilliseconds ?? 30_000)) {
        throw new RevocationListStaleError(
          'The token revocation list cannot be checked right now.',
        );
      }
      return revoked.has(tokenId);
    },
    async revoke(tokenId, expiresAt) {
      await source.add(tokenId, expiresAt);
      revoked.add(tokenId);
    },
    refresh,
    close: () => clearInterval(timer),
  };
}

import { createLogger } from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRevocationList,
  databaseRevocationSource,
  type RevocationSource,
  redisRevocationSource,
  revokedTokensKey,
} from './createRevocationList.ts';
import { gatewayMigrationsFolder } from './createSecurity.ts';
import { securityTables } from './db/schema.ts';

const logger = createLogger('revocation-test', 'silent');
const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;

let database: TestDatabase<typeof securityTables>;
let redis: Redis | undefined;

beforeAll(async () => {
  database = await createTestDatabase({
    name: 'gateway',
    schema: securityTables,
    migrationsFolder: gatewayMigrationsFolder,
  });
  if (redisUrl) {
    redis = new Redis(redisUrl);
    await redis.del(revokedTokensKey);
  }
});

afterAll(async () => {
  await redis?.del(revokedTokensKey);
  await redis?.quit();
  await database?.dispose();
});

/** Two replicas over one source: a revocation on one reaches the other within a refresh. */
async function spreadsBetweenReplicas(source: () => RevocationSource) {
  const options = { logger, refreshMilliseconds: 100 };
  const first = await createRevocationList({ source: source(), ...options });
  const second = await createRevocationList({ source: source(), ...options });
  try {
    const id = `token-${Math.random()}`;
    expect(second.isRevoked(id)).toBe(false);
    await first.revoke(id, new Date(Date.now() + 60_000));
    expect(first.isRevoked(id)).toBe(true);
    await expect.poll(() => second.isRevoked(id), { timeout: 2_000, interval: 20 }).toBe(true);
    // An expired revocation is forgotten: the token it named is refused for its expiry anyway.
    const expired = `expired-${Math.random()}`;
    await first.revoke(expired, new Date(Date.now() - 1_000));
    await second.refresh();
    expect(second.isRevoked(expired)).toBe(false);
  } finally {
    first.close();
    second.close();
  }
}

describe('revocation list', () => {
  it('spreads through the database', async () => {
    await spreadsBetweenReplicas(() => databaseRevocationSource(database.db));
  });

  it.skipIf(!redisUrl)('spreads through Redis', async () => {
    await spreadsBetweenReplicas(() => redisRevocationSource(redis!));
  });

  it('refuses to answer once it has been stale too long', async () => {
    let failing = false;
    const list = await createRevocationList({
      source: {
        kind: 'memory',
        add: async () => undefined,
        load: async () => {
          if (failing) throw new Error('storage down');
          return [];
        },
      },
      logger,
      refreshMilliseconds: 20,
      maxStalenessMilliseconds: 100,
    });
    try {
      expect(list.isRevoked('x')).toBe(false);
      failing = true;
      await expect
        .poll(() => {
          try {
            list.isRevoked('x');
            return 'answered';
          } catch {
            return 'refused';
          }
        })
        .toBe('refused');
    } finally {
      list.close();
    }
  });
});

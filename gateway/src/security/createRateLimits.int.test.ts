import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimits } from './createRateLimits.ts';

const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl) : undefined;

afterAll(async () => {
  await redis?.quit();
});

describe('rate limits', () => {
  it('refuses past the limit with the time to wait, per token and per address', async () => {
    const limits = createRateLimits({ perTokenPerMinute: 2, perAddressPerMinute: 3 });
    expect(await limits.consume({ address: 'a', token: 't' })).toBeUndefined();
    expect(await limits.consume({ address: 'a', token: 't' })).toBeUndefined();
    const byToken = await limits.consume({ address: 'a', token: 't' });
    expect(byToken).toMatchObject({ limit: 'token' });
    expect(byToken!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await limits.consume({ address: 'a' })).toMatchObject({ limit: 'address' });
    expect(await limits.consume({ address: 'b' })).toBeUndefined();
  });

  it('limits /usage and /admin/* apart from GraphQL, per address and per token', async () => {
    const limits = createRateLimits({
      perTokenPerMinute: 100,
      perAddressPerMinute: 100,
      routesPerMinute: 2,
    });
    expect(await limits.consumeRoute({ address: 'a' })).toBeUndefined();
    expect(await limits.consumeRoute({ address: 'a' })).toBeUndefined();
    const refused = await limits.consumeRoute({ address: 'a' });
    expect(refused).toMatchObject({ limit: 'address' });
    expect(refused!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // GraphQL's own counters are untouched.
    expect(await limits.consume({ address: 'a' })).toBeUndefined();
    expect(await limits.consumeRoute({ token: 't' })).toBeUndefined();
    expect(await limits.consumeRoute({ token: 't' })).toBeUndefined();
    expect(await limits.consumeRoute({ token: 't' })).toMatchObject({ limit: 'token' });
  });

  it.skipIf(!redis)('shares the routes counters between replicas through Redis', async () => {
    const address = `routes-${Math.random()}`;
    const options = { perTokenPerMinute: 100, perAddressPerMinute: 100, routesPerMinute: 2, redis };
    const first = createRateLimits(options);
    const second = createRateLimits(options);
    expect(await first.consumeRoute({ address })).toBeUndefined();
    expect(await second.consumeRoute({ address })).toBeUndefined();
    expect(await first.consumeRoute({ address })).toMatchObject({ limit: 'address' });
  });

  it.skipIf(!redis)('shares counters between replicas through Redis', async () => {
    const token = `token-${Math.random()}`;
    const first = createRateLimits({ perTokenPerMinute: 2, perAddressPerMinute: 100, redis });
    const second = createRateLimits({ perTokenPerMinute: 2, perAddressPerMinute: 100, redis });
    expect(await first.consume({ address: `a-${token}`, token })).toBeUndefined();
    expect(await second.consume({ address: `b-${token}`, token })).toBeUndefined();
    expect(await first.consume({ address: `c-${token}`, token })).toMatchObject({ limit: 'token' });
  });
});

import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { addressKeyOf, createRateLimits } from './createRateLimits.ts';

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

describe('addressKeyOf', () => {
  it('keys IPv4 by address and IPv6 by /64 network', () => {
    expect(addressKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKeyOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKeyOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKeyOf('2001:0db8:0001:0002:0:0:0:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKeyOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(addressKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKeyOf('unknown')).toBe('unknown');
  });

  it('counts every address of one /64 together', async () => {
    const limits = createRateLimits({ perTokenPerMinute: 100, perAddressPerMinute: 2 });
    expect(await limits.consume({ address: '2001:db8:1:2::1' })).toBeUndefined();
    expect(await limits.consume({ address: '2001:db8:1:2::2' })).toBeUndefined();
    expect(await limits.consume({ address: '2001:db8:1:2::3' })).toMatchObject({
      limit: 'address',
    });
    expect(await limits.consume({ address: '2001:db8:1:3::1' })).toBeUndefined();
  });
});

import { isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** Requests allowed per minute. */
export interface RateLimitOptions {
  perTokenPerMinute: number;
  perAddressPerMinute: number;
  /**
   * Requests to the routes beside GraphQL (`/usage`, `/admin/*`) per client address and per
   * token, counted apart from GraphQL's: each of them reads the database.
   * @default 60
   */
  routesPerMinute?: number | undefined;
  /** Shares counters between replicas; counted in memory per replica without it. */
  redis?: Redis | undefined;
}

/** A refused request: how long until it may be retried. */
export interface RateLimitRefusal {
  retryAfterSeconds: number;
  limit: 'token' | 'address';
}

/** Counts requests per token and per client address. */
export interface RateLimits {
  /** Counts one request; returns a refusal when either limit is exhausted. */
  consume(keys: {
    token?: string | undefined;
    address: string;
  }): Promise<RateLimitRefusal | undefined>;
  /** Counts one request to `/usage` or `/admin/*`, by address and, once known, by token. */
  consumeRoute(keys: {
    token?: string | undefined;
    address?: string | undefined;
  }): Promise<RateLimitRefusal | undefined>;
}

/**
 * The rate-limit key of a client address: an IPv4 address as it is (an IPv4-mapped IPv6 address
 * as its IPv4), an IPv6 address by its /64 network, which one subscriber usually holds whole
 * (RFC 6177): otherwise one host could take a fresh key, and a fresh limit and counter, per
 * request.
 */
export function addressKeyOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split('%')[0]!;
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const leading = groups(head);
  const trailing = tail === undefined ? [] : groups(tail);
  const all =
    tail === undefined
      ? leading
      : [...leading, ...Array(8 - leading.length - trailing.length).fill('0'), ...trailing];
  return `${all
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Fixed one-minute windows from rate-limiter-flexible: atomic counters in Redis when configured
 * (one Lua call per key), in memory otherwise. If Redis fails, an in-memory limiter takes over
 * (`insuranceLimiter`), so a Redis outage neither opens the gate nor stops the gateway. A key
 * lives one window (60 s), so the counters held are at most one per address (`addressKeyOf`) and
 * per valid token seen in the last minute.
 */
export function createRateLimits(options: RateLimitOptions): RateLimits {
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: 60 });
    if (!options.redis) return memory;
    return new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `home-affairs:gateway:${keyPrefix}`,
      points,
      duration: 60,
      insuranceLimiter: memory,
    });
  };
  const perToken = limiter('rate-token', options.perTokenPerMinute);
  const perAddress = limiter('rate-address', options.perAddressPerMinute);
  const routesPerToken = limiter('rate-routes-token', options.routesPerMinute ?? 60);
  const routesPerAddress = limiter('rate-routes-address', options.routesPerMinute ?? 60);
  const take = async (
    rateLimiter: RateLimiterAbstract,
    key: string,
    limit: RateLimitRefusal['limit'],
  ): Promise<RateLimitRefusal | undefined> => {
    try {
      await rateLimiter.consume(key);
      return undefined;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), limit };
      }
      throw rejection;
    }
  };
  return {
    async consume({ token, address }) {
      return (
        (await take(perAddress, addressKeyOf(address), 'address')) ??
        (token ? await take(perToken, token, 'token') : undefined)
      );
    },
    async consumeRoute({ token, address }) {
      return (
        (address ? await take(routesPerAddress, addressKeyOf(address), 'address') : undefined) ??
        (token ? await take(routesPerToken, token, 'token') : undefined)
      );
    },
  };
}

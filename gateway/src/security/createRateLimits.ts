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
 * Fixed one-minute windows from rate-limiter-flexible: atomic counters in Redis when configured
 * (one Lua call per key), in memory otherwise. If Redis fails, an in-memory limiter takes over
 * (`insuranceLimiter`), so a Redis outage neither opens the gate nor stops the gateway.
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
        (await take(perAddress, address, 'address')) ??
        (token ? await take(perToken, token, 'token') : undefined)
      );
    },
    async consumeRoute({ token, address }) {
      return (
        (address ? await take(routesPerAddress, address, 'address') : undefined) ??
        (token ? await take(routesPerToken, token, 'token') : undefined)
      );
    },
  };
}

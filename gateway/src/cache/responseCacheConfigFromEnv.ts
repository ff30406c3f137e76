import type { ResponseCacheConfig } from './createResponseCache.ts';

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new Error(`${name} must be on or off, not ${JSON.stringify(value)}`);
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new Error(`${name} must be a positive integer, not ${JSON.stringify(value)}`);
  }
  return number;
}

/**
 * The response cache's settings (docs/caching.md): RESPONSE_CACHE (`on`/`off`, default on),
 * DEDUPLICATE_REQUESTS (`on`/`off`, default on), RESPONSE_CACHE_MAX_ENTRIES (10000),
 * RESPONSE_CACHE_MAX_MB (64), RESPONSE_CACHE_MAX_TTL_SECONDS (3600) and REDIS_URL, shared with
 * the rate limits, through which the replicas tell each other what a write changed. Throws on a
 * malformed value, so that a typo stops the start.
 */
export function responseCacheConfigFromEnv(env: NodeJS.ProcessEnv): ResponseCacheConfig {
  const megabytes = positiveInteger(env, 'RESPONSE_CACHE_MAX_MB');
  return {
    enabled: onOff(env, 'RESPONSE_CACHE', true),
    deduplicate: onOff(env, 'DEDUPLICATE_REQUESTS', true),
    maxEntries: positiveInteger(env, 'RESPONSE_CACHE_MAX_ENTRIES'),
    maxBytes: megabytes === undefined ? undefined : megabytes * 1024 * 1024,
    maxTtlSeconds: positiveInteger(env, 'RESPONSE_CACHE_MAX_TTL_SECONDS'),
    redisUrl: env.REDIS_URL || undefined,
  };
}

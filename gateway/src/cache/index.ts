export { type CacheHints, type CachePolicy, cachePolicyOf, readCacheHints } from './cacheHints.ts';
export {
  createResponseCache,
  type ResponseCache,
  type ResponseCacheConfig,
  type ResponseCacheCounters,
} from './createResponseCache.ts';
export { responseCacheConfigFromEnv } from './responseCacheConfigFromEnv.ts';
export {
  type CacheCaller,
  createResponseCachePlugin,
  type ResponseCachePluginOptions,
} from './responseCachePlugin.ts';

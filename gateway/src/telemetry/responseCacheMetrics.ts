import { Counter, Gauge, type Registry } from 'prom-client';
import type { ResponseCache, ResponseCacheCounters } from '../cache/createResponseCache.ts';

/** Each plain counter of the response cache and the Prometheus counter that reports it. */
const counterSeries: readonly {
  name: string;
  help: string;
  counter: keyof ResponseCacheCounters;
}[] = [
  {
    name: 'gateway_response_cache_hits_total',
    help: 'Cacheable operations answered from the response cache.',
    counter: 'hits',
  },
  {
    name: 'gateway_response_cache_misses_total',
    help: 'Cacheable operations the response cache did not hold, executed against the subgraphs.',
    counter: 'misses',
  },
  {
    name: 'gateway_response_cache_stores_total',
    help: 'Answers stored in the response cache.',
    counter: 'stores',
  },
  {
    name: 'gateway_response_cache_stale_skips_total',
    help: 'Answers not stored because a write changed what they read while they were computed.',
    counter: 'staleSkips',
  },
  {
    name: 'gateway_response_cache_invalidations_total',
    help: 'Writes that invalidated cached answers by tag (this replica and the others).',
    counter: 'invalidations',
  },
  {
    name: 'gateway_response_cache_invalidated_entries_total',
    help: 'Cached answers dropped because a write changed what they read.',
    counter: 'invalidatedEntries',
  },
  {
    name: 'gateway_response_cache_remote_invalidations_total',
    help: 'Invalidations received from other replicas through Redis.',
    counter: 'remoteInvalidations',
  },
  {
    name: 'gateway_response_cache_evictions_total',
    help: 'Cached answers evicted by the size bounds or expired by their TTL.',
    counter: 'evictions',
  },
];

/**
 * The response cache's counters and size as Prometheus series (docs/operations.md), read from
 * `cache.counters` and `cache.size()` at each scrape: the cache counts once, in plain numbers, and
 * nothing on the request path touches prom-client.
 */
export function responseCacheMetrics(registry: Registry, cache: ResponseCache): void {
  for (const { name, help, counter } of counterSeries) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(cache.counters[counter]);
      },
    });
  }
  new Counter({
    name: 'gateway_response_cache_deduplicated_total',
    help: 'Operations (kind=operation) and subgraph fetches (kind=fetch) that shared a concurrent identical one instead of running.',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ kind: 'operation' }, cache.counters.deduplicatedOperations);
      this.inc({ kind: 'fetch' }, cache.counters.deduplicatedFetches);
    },
  });
  new Gauge({
    name: 'gateway_response_cache_entries',
    help: 'Answers held in the response cache.',
    registers: [registry],
    collect() {
      this.set(cache.size().entries);
    },
  });
  new Gauge({
    name: 'gateway_response_cache_bytes',
    help: 'JSON size of the answers held in the response cache, bounded by RESPONSE_CACHE_MAX_MB.',
    registers: [registry],
    collect() {
      this.set(cache.size().bytes);
    },
  });
}

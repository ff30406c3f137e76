import { randomUUID } from 'node:crypto';
import type { Logger } from '@home-affairs/service';
import type { FormattedExecutionResult } from 'graphql';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { answerOfText, answerText } from './answerText.ts';

/** How the gateway's response cache is sized and shared (responseCacheConfigFromEnv). */
export interface ResponseCacheConfig {
  /**
   * Whether answers are kept at all. Off, identical concurrent operations and subgraph fetches
   * are still deduplicated (`deduplicate`).
   * @default true
   */
  enabled?: boolean;
  /**
   * Whether identical concurrent reads share one execution and identical in-flight subgraph
   * fetches are sent once.
   * @default true
   */
  deduplicate?: boolean;
  /** @default 10000 */
  maxEntries?: number;
  /** Bound on the memory of the kept answers' JSON text, in bytes (two a character). @default 64 MiB */
  maxBytes?: number;
  /** Largest answer kept, in bytes. @default 8 MiB */
  maxEntryBytes?: number;
  /** The back-stop: no answer is kept longer, whatever `@cacheControl` says. @default 3600 */
  maxTtlSeconds?: number;
  /**
   * Redis shared by the gateway replicas: a write served by one drops the answers it changed on
   * every one (pub/sub). Without it, invalidation is in memory, for this process only.
   */
  redisUrl?: string | undefined;
  /** @default 'gateway:response-cache:invalidate' */
  channel?: string;
}

/**
 * Counters for metrics (read them, never reset them): answers served from the cache, misses,
 * answers stored, entries dropped by a write or evicted, writes seen, and operations and subgraph
 * fetches that shared another one's execution.
 */
export interface ResponseCacheCounters {
  hits: number;
  misses: number;
  stores: number;
  /** Answers not stored because a write changed what they read while they were computed. */
  staleSkips: number;
  invalidations: number;
  invalidatedEntries: number;
  /** Invalidations received from other replicas through Redis. */
  remoteInvalidations: number;
  evictions: number;
  deduplicatedOperations: number;
  deduplicatedFetches: number;
}

interface Entry {
  /** The answer's JSON text, as it is sent (answerText). */
  text: string;
  tags: readonly string[];
  bytes: number;
}

interface Flight<T> {
  promise: Promise<T>;
}

/** The gateway's response cache: tagged answers, exact invalidation, in-flight deduplication. */
export interface ResponseCache {
  readonly enabled: boolean;
  readonly deduplicate: boolean;
  readonly counters: Readonly<ResponseCacheCounters>;
  /** The current invalidation sequence: pass it to `set` from when the answer was computed. */
  sequence(): number;
  get(key: string): FormattedExecutionResult | undefined;
  /**
   * Keeps an answer under `tags` for `ttlSeconds` (capped by `maxTtlSeconds`), unless a write
   * invalidated one of its tags after `since` (the `sequence()` when its execution started).
   */
  set(
    key: string,
    result: FormattedExecutionResult,
    tags: Iterable<string>,
    ttlSeconds: number,
    since: number,
  ): boolean;
  /** Drops every answer tagged with one of `tags`, here and on the other replicas. */
  invalidate(tags: readonly string[]): Promise<void>;
  /**
   * Runs `run` once for concurrent callers with the same key (`kind` says which counter counts
   * the callers that shared it). A write detaches every flight, so that a caller arriving after
   * it never shares an execution that started before it.
   */
  shared<T>(kind: 'operation' | 'fetch', key: string, run: () => Promise<T>): Promise<T>;
  /** The answers kept and the memory of their JSON text, for memory reports. */
  size(): { entries: number; bytes: number };
  close(): Promise<void>;
}

/** Recent invalidations kept to reject answers computed across a write. */
const recentInvalidationLimit = 1024;

/** A write seen by this replica: its place in the invalidation sequence and the tags it named. */
interface Invalidation {
  sequence: number;
  tags: ReadonlySet<string>;
}

/** The Redis clients that share invalidations with the other replicas. */
interface ReplicaClients {
  publisher: Redis;
  subscriber: Redis;
}

/**
 * Creates the response cache (ADR 0014). Entries live in an LRU bounded by count and bytes, with
 * a TTL back-stop; a tag index maps each tag (`units`, `procedures:AdministrativeUnit:40`) to the
 * keys of the answers that read it. With `redisUrl`, invalidations are published to the other
 * replicas and theirs are applied here.
 */
export async function createResponseCache(
  config: ResponseCacheConfig,
  logger: Logger,
): Promise<ResponseCache> {
  const enabled = config.enabled ?? true;
  const deduplicate = config.deduplicate ?? true;
  const maxTtlSeconds = config.maxTtlSeconds ?? 3600;
  const maxEntryBytes = config.maxEntryBytes ?? 8 * 1024 * 1024;
  const channel = config.channel ?? 'gateway:response-cache:invalidate';
  const origin = randomUUID();
  const counters = zeroCounters();
  const byTag = new Map<string, Set<string>>();
  const entries = createEntries(config, byTag, counters);
  let sequence = 0;
  const recent: Invalidation[] = [];
  const flights = new Map<string, Flight<unknown>>();

  const drop = (tags: readonly string[]) => {
    sequence += 1;
    const tagSet = new Set(tags);
    recent.push({ sequence, tags: tagSet });
    if (recent.length > recentInvalidationLimit) recent.shift();
    flights.clear();
    deleteTagged(entries, byTag, tagSet, counters);
  };

  const replicas = config.redisUrl
    ? await connectReplicas(config.redisUrl, channel, origin, logger, {
        onInvalidation(tags) {
          counters.remoteInvalidations += 1;
          drop(tags);
        },
        onReconnect() {
          entries.clear();
          flights.clear();
        },
      })
    : undefined;
  const publisher = replicas?.publisher;

  return {
    enabled,
    deduplicate,
    counters,
    sequence: () => sequence,
    get(key) {
      const entry = enabled ? entries.get(key) : undefined;
      if (entry) counters.hits += 1;
      else counters.misses += 1;
      return entry && answerOfText(entry.text);
    },
    set(key, result, tags, ttlSeconds, since) {
      if (!enabled || ttlSeconds <= 0) return false;
      const tagList = [...new Set(tags)];
      if (since < sequence && changedSince(recent, since, tagList)) {
        counters.staleSkips += 1;
        return false;
      }
      // Written once here; the answer's own response (and every hit) sends this text. Its size is
      // what it holds: two bytes a character, as V8 keeps text beyond Latin-1 (Vietnamese).
      const text = answerText(result);
      const bytes = 2 * (text.length + key.length);
      if (bytes > maxEntryBytes) return false;
      entries.set(
        key,
        { text, tags: tagList, bytes },
        {
          ttl: Math.min(ttlSeconds, maxTtlSeconds) * 1000,
        },
      );
      if (!entries.has(key)) return false;
      indexTags(byTag, key, tagList);
      counters.stores += 1;
      return true;
    },
    async invalidate(tags) {
      if (tags.length === 0) return;
      counters.invalidations += 1;
      drop(tags);
      if (publisher) {
        try {
          await publisher.publish(channel, JSON.stringify({ origin, tags }));
        } catch (error) {
          // The other replicas keep stale answers until their TTL: say so loudly.
          logger.error({ err: error }, 'response cache: invalidation not published to replicas');
        }
      }
    },
    async shared<T>(kind: 'operation' | 'fetch', key: string, run: () => Promise<T>) {
      if (!deduplicate) return run();
      return shareFlight(flights, counters, kind, key, run);
    },
    size: () => ({ entries: entries.size, bytes: entries.calculatedSize }),
    async close() {
      entries.clear();
      flights.clear();
      await Promise.all(
        [replicas?.subscriber, publisher].map((client) => client?.quit().catch(() => undefined)),
      );
    },
  };
}

/** Counters that start at zero. */
function zeroCounters(): ResponseCacheCounters {
  return {
    hits: 0,
    misses: 0,
    stores: 0,
    staleSkips: 0,
    invalidations: 0,
    invalidatedEntries: 0,
    remoteInvalidations: 0,
    evictions: 0,
    deduplicatedOperations: 0,
    deduplicatedFetches: 0,
  };
}

/**
 * The LRU of answers, bounded by count and bytes: an entry that leaves it, for any reason, leaves
 * the tag index too, and one evicted or expired counts in `evictions`.
 */
function createEntries(
  config: ResponseCacheConfig,
  byTag: Map<string, Set<string>>,
  counters: ResponseCacheCounters,
): LRUCache<string, Entry> {
  return new LRUCache<string, Entry>({
    max: config.maxEntries ?? 10_000,
    maxSize: config.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (entry) => entry.bytes,
    ttlAutopurge: false,
    dispose: (entry, key, reason) => {
      untag(byTag, key, entry.tags);
      if (reason === 'evict' || reason === 'expire') counters.evictions += 1;
    },
  });
}

/** Adds `key` to the tag index under each of `tags`. */
function indexTags(byTag: Map<string, Set<string>>, key: string, tags: readonly string[]): void {
  for (const tag of tags) {
    let keys = byTag.get(tag);
    if (!keys) {
      keys = new Set();
      byTag.set(tag, keys);
    }
    keys.add(key);
  }
}

/** Takes `key` out of the tag index under each of `tags`, and a tag left with no key with it. */
function untag(byTag: Map<string, Set<string>>, key: string, tags: readonly string[]): void {
  for (const tag of tags) {
    const keys = byTag.get(tag);
    if (!keys) continue;
    keys.delete(key);
    if (keys.size === 0) byTag.delete(tag);
  }
}

/** Deletes every answer tagged with one of `tags`, counting them in `invalidatedEntries`. */
function deleteTagged(
  entries: LRUCache<string, Entry>,
  byTag: Map<string, Set<string>>,
  tags: ReadonlySet<string>,
  counters: ResponseCacheCounters,
): void {
  for (const tag of tags) {
    const keys = byTag.get(tag);
    if (!keys) continue;
    for (const key of [...keys]) {
      if (entries.delete(key)) counters.invalidatedEntries += 1;
    }
  }
}

/**
 * Whether a write after `since` may have changed what an answer tagged `tags` read: one of the
 * writes since then named one of its tags, or they are no longer all known.
 */
function changedSince(
  recent: readonly Invalidation[],
  since: number,
  tags: readonly string[],
): boolean {
  // A write landed while this answer was computed: keep it only if none of its tags changed
  // (and only while the invalidations since then are all still known).
  const oldest = recent[0];
  if (!oldest || oldest.sequence > since + 1) return true;
  for (const invalidation of recent) {
    if (invalidation.sequence <= since) continue;
    if (tags.some((tag) => invalidation.tags.has(tag))) return true;
  }
  return false;
}

/**
 * Runs `run` once for concurrent callers with the same key: a caller that finds a flight in
 * `flights` shares its promise (counted by `kind`); the flight leaves the map when it settles,
 * unless a write has detached it already.
 */
function shareFlight<T>(
  flights: Map<string, Flight<unknown>>,
  counters: ResponseCacheCounters,
  kind: 'operation' | 'fetch',
  key: string,
  run: () => Promise<T>,
): Promise<T> {
  const flight = flights.get(key) as Flight<T> | undefined;
  if (flight) {
    if (kind === 'operation') counters.deduplicatedOperations += 1;
    else counters.deduplicatedFetches += 1;
    return flight.promise;
  }
  const promise = run();
  const own: Flight<T> = { promise };
  flights.set(key, own);
  const settle = () => {
    if (flights.get(key) === own) flights.delete(key);
  };
  promise.then(settle, settle);
  return promise;
}

/**
 * Connects the two Redis clients that share invalidations between replicas: another replica's
 * invalidation on `channel` goes to `onInvalidation` (this one's own, marked with `origin`, is
 * skipped), and a subscription that comes back after a loss calls `onReconnect`.
 */
async function connectReplicas(
  redisUrl: string,
  channel: string,
  origin: string,
  logger: Logger,
  handlers: { onInvalidation(tags: string[]): void; onReconnect(): void },
): Promise<ReplicaClients> {
  const publisher = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber]) {
    client.on('error', (error) => logger.warn({ err: error }, 'response cache: redis error'));
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const parsed = JSON.parse(message) as { origin?: unknown; tags?: unknown };
      if (parsed.origin === origin || !Array.isArray(parsed.tags)) return;
      handlers.onInvalidation(parsed.tags.filter((tag): tag is string => typeof tag === 'string'));
    } catch (error) {
      logger.warn({ err: error }, 'response cache: unreadable invalidation message');
    }
  });
  await subscriber.subscribe(channel);
  // A replica that lost its subscription may have missed writes: it starts afresh.
  subscriber.on('ready', handlers.onReconnect);
  return { publisher, subscriber };
}

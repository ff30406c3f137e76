import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Where the gateways hear what changed outside a GraphQL write: the Redis pub/sub channel their
 * response caches share (`REDIS_URL`, `gateway:response-cache:invalidate`; ADR 0014,
 * docs/caching.md).
 */
export interface CacheInvalidationChannel {
  redisUrl: string;
  /** @default 'gateway:response-cache:invalidate', the gateway's */
  channel?: string;
}

/** What an announcer logs with. */
interface AnnouncerLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Tells the gateways' response caches to drop the answers that read tags. */
export interface CacheInvalidationAnnouncer {
  /**
   * Publishes `tags` (as the gateway stores them: `associations:*`, `procedures:AdministrativeUnit:40`)
   * on the channel. Never throws: a failure is logged, the gateways then keep the answers until
   * their TTL.
   */
  announce(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * An announcer on `channel`, in the gateway's message format (`{ origin, tags }`): every replica
 * subscribed drops the answers tagged with one of `tags`. Connects on the first announcement.
 */
export function announceCacheInvalidation(
  channel: CacheInvalidationChannel,
  logger: AnnouncerLogger,
): CacheInvalidationAnnouncer {
  const name = channel.channel ?? 'gateway:response-cache:invalidate';
  const origin = randomUUID();
  const redis = new Redis(channel.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  // ioredis reconnects on its own: one line when Redis goes away, not one per attempt.
  let reported = false;
  redis.on('error', (error) => {
    if (reported) return;
    reported = true;
    logger.warn({ reason: error.message }, 'cache invalidation: redis error; reconnecting');
  });
  redis.on('ready', () => {
    reported = false;
  });
  return {
    async announce(tags) {
      if (tags.length === 0) return;
      try {
        await redis.publish(name, JSON.stringify({ origin, tags }));
      } catch (error) {
        logger.warn(
          { reason: (error as Error).message, tags },
          'cache invalidation: not published; the gateways keep cached answers until their TTL',
        );
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

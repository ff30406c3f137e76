import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { announceCacheInvalidation } from './announceCacheInvalidation.ts';

// The announcement reaches a subscriber of the gateways' channel in their message format; a Redis
// that does not answer is logged, never thrown to the feed.

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const channel = `test:announce:${randomUUID()}`;
let subscriber: Redis;

beforeAll(async () => {
  subscriber = new Redis(redisUrl);
  await subscriber.subscribe(channel);
});

afterAll(async () => {
  await subscriber?.quit();
});

describe('announceCacheInvalidation', () => {
  it('publishes the tags with an origin, as the gateways read them', async () => {
    const announcer = announceCacheInvalidation({ redisUrl, channel }, { warn: vi.fn() });
    const received = once(subscriber, 'message');
    await announcer.announce(['associations:*']);
    const [name, message] = (await received) as [string, string];
    expect(name).toBe(channel);
    expect(JSON.parse(message)).toEqual({ origin: expect.any(String), tags: ['associations:*'] });
    await announcer.close();
  });

  it('logs, and does not throw, when Redis does not answer', async () => {
    const warn = vi.fn();
    // A port nothing listens on (the discard port), refused at once.
    const announcer = announceCacheInvalidation(
      { redisUrl: 'redis://127.0.0.1:9', channel },
      { warn },
    );
    await expect(announcer.announce(['procedures:*'])).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ tags: ['procedures:*'] }),
      expect.stringContaining('not published'),
    );
    await announcer.close();
  });
});

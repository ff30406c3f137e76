import type { Database } from '@home-affairs/db';
import { todayInVietnam } from '@home-affairs/graphql';
import { eq, sql } from 'drizzle-orm';
import { integer, type PgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import {
  announceCacheInvalidation,
  type CacheInvalidationChannel,
} from './announceCacheInvalidation.ts';
import {
  fetchUnitChangesHead,
  followUnitChanges,
  type UnitChange,
  type UnitChangeFollower,
  type UnitFeedSource,
} from './followUnitChanges.ts';
import { exportedFeedHead } from './unitDirectoryExport.ts';

/**
 * The table of where a subgraph is in the feed of unit changes, the same in every agency
 * subgraph, in its own schema: `export const unitFeedCursor = unitFeedCursorTable(personnelSchema)`
 * in its `db/schema.ts`, then `pnpm db:generate`. The cursor of the last entry applied is stored
 * in the transaction that applied it, so the subgraph resumes there after its own restart or the
 * units subgraph's downtime.
 */
export function unitFeedCursorTable<TName extends string>(schema: PgSchema<TName>) {
  return schema.table('unit_feed_cursor', {
    /** The feed followed: `units`. */
    feed: text().primaryKey(),
    /** Cursor of the last entry applied; null for the start of the feed. */
    cursor: text(),
    /** Entries applied since the first start. */
    applied: integer().notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  });
}

/** The cursor table of one subgraph (see unitFeedCursorTable). */
export type UnitFeedCursorTable = ReturnType<typeof unitFeedCursorTable<string>>;

/** Where an agency subgraph follows the feed of unit changes, and how often. */
export interface UnitFeedOptions extends UnitFeedSource {
  /** Pause between polls once caught up (`UNIT_FEED_INTERVAL_MS`). @default 3000 */
  intervalMilliseconds?: number;
  /**
   * Where to tell the gateways' response caches that applying entries changed this subgraph's
   * answers (`REDIS_URL`, see cacheInvalidationFromEnv). Without it, cached answers that read the
   * re-attributed records stay until their TTL. @default none
   */
  cacheInvalidation?: CacheInvalidationChannel | undefined;
}

/** What the follower logs with: info for progress, warn for failures. */
interface FeedLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

const feed = 'units';

// A subgraph's database with its own schema; the cursor table is one of its tables.
type AnyDatabase = Database<Record<string, unknown>>;

/** A transaction of a subgraph's database, as its `transaction` callback receives it. */
type TransactionOf<TDatabase extends AnyDatabase> = Parameters<
  Parameters<TDatabase['transaction']>[0]
>[0];

/**
 * Before a first copy of the unit directory: records the feed's last entry as where to start
 * (the copy made next is at least that recent). Does nothing when a cursor is stored already.
 */
export async function ensureUnitFeedCursor(
  db: AnyDatabase,
  table: UnitFeedCursorTable,
  options: UnitFeedOptions,
  logger: FeedLogger,
): Promise<void> {
  const [stored] = await db.select().from(table).where(eq(table.feed, feed));
  if (stored) return;
  // On a first `pnpm start` the units subgraph exports the head it read before the unit lists
  // it exports (exportUnitDirectories), which this subgraph then copies: the same order as below.
  const shareFolder = process.env.UNIT_DIRECTORY_SHARE_DIR;
  const exported = shareFolder ? await exportedFeedHead(shareFolder) : undefined;
  const cursor = exported
    ? exported.cursor
    : await fetchUnitChangesHead(options, {
        onWait: (reason) => logger.info({ reason }, 'unit feed: waiting for its head'),
      });
  await db.insert(table).values({ feed, cursor }).onConflictDoNothing();
}

/**
 * Follows the feed from the stored cursor: each page of entries in effect is applied by `apply`
 * and the cursor advanced, in one transaction; a replica that finds the cursor moved skips the
 * page. `apply` returns counts of what it changed, which are logged. Once a page is committed,
 * the gateways are told to drop every cached answer `subgraph` contributed to (`<subgraph>:*`,
 * with `feed.cacheInvalidation`): a re-attribution moves seats, committees, staffing and dossier
 * counters of many entities at once, outside any GraphQL write, a few times a year.
 */
export function followUnitFeed<TDatabase extends AnyDatabase>(options: {
  /** The subgraph's name, as the gateway's cache tags name it (`associations`). */
  subgraph: string;
  db: TDatabase;
  table: UnitFeedCursorTable;
  feed: UnitFeedOptions;
  logger: FeedLogger;
  apply: (tx: TransactionOf<TDatabase>, changes: UnitChange[], today: string) => Promise<object>;
}): UnitChangeFollower {
  const { db, table, logger, apply } = options;
  const announcer =
    options.feed.cacheInvalidation &&
    announceCacheInvalidation(options.feed.cacheInvalidation, logger);
  const follower = followUnitChanges({
    ...options.feed,
    today: todayInVietnam,
    readCursor: async () => {
      const [stored] = await db.select().from(table).where(eq(table.feed, feed));
      return stored?.cursor ?? null;
    },
    apply: async (changes, cursor, previousCursor) => {
      const started = performance.now();
      const applied = await db.transaction(async (tx) => {
        const [stored] = await tx.select().from(table).where(eq(table.feed, feed)).for('update');
        // Another replica applied these entries first.
        if (stored && stored.cursor !== previousCursor) return undefined;
        const result = await apply(tx as TransactionOf<TDatabase>, changes, todayInVietnam());
        await tx
          .insert(table)
          .values({ feed, cursor, applied: changes.length })
          .onConflictDoUpdate({
            target: table.feed,
            set: {
              cursor,
              applied: sql`${table.applied} + ${changes.length}`,
              updatedAt: new Date(),
            },
          });
        return result;
      });
      if (applied) {
        logger.info(
          {
            entries: changes.length,
            ...applied,
            durationMs: Math.round(performance.now() - started),
          },
          'unit feed: applied',
        );
        await announcer?.announce([`${options.subgraph}:*`]);
      }
    },
    onError: (error, failures) => {
      // Once when the feed stops answering, then once a minute or so while it stays down.
      if (failures === 1 || failures % 20 === 0) {
        logger.warn(
          { failures, reason: (error as Error).message },
          'unit feed: poll failed; retrying',
        );
      }
    },
  });
  return {
    poll: () => follower.poll(),
    async stop() {
      await follower.stop();
      await announcer?.close();
    },
  };
}

import type { Database } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import { desc, sql } from 'drizzle-orm';
import { auditRowHash, genesisHash } from './auditRowHash.ts';
import { type AuditRow, auditLog, type securityTables } from './db/schema.ts';

/** One audited request, before it is chained. */
export type AuditEntry = Omit<AuditRow, 'sequence' | 'previousHash' | 'hash'>;

/** The gateway's audit writer. */
export interface AuditLog {
  /**
   * Queues an entry. With `wait`, resolves once the entry is committed (writes use it, so that a
   * write's response never leaves before its record); otherwise resolves at once.
   */
  record(entry: AuditEntry, options?: { wait?: boolean }): Promise<void>;
  /** True when the queue is full: new auditable requests are refused until it drains. */
  isSaturated(): boolean;
  /** Writes everything queued. */
  flush(): Promise<void>;
  /** Flushes and stops; logs loudly what could not be written. */
  close(): Promise<void>;
}

/** How the audit writer batches. */
export interface AuditLogOptions {
  db: Database<typeof securityTables>;
  logger: Logger;
  /**
   * Entries held in memory before auditable requests are refused.
   * @default 10000
   */
  maxQueue?: number;
  /**
   * Longest wait before a batch is written.
   * @default 100
   */
  flushMilliseconds?: number;
  /**
   * Most rows in one INSERT.
   * @default 500
   */
  batchSize?: number;
}

/**
 * Creates the audit writer: entries queue in memory and are written in batches, so a read costs
 * its request nothing but an array push. Each batch runs in a transaction holding an advisory
 * lock, reads the chain head and appends after it, so several gateway replicas share one chain.
 *
 * Nothing is dropped: a failed batch stays queued and is retried; when the queue is full the
 * security plugin refuses auditable requests (`AUDIT_UNAVAILABLE`) instead of serving them
 * unrecorded. What a crash can lose is bounded by the queue at that moment (a flush interval's
 * worth of reads); writes wait for their row.
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { db, logger } = options;
  const maxQueue = options.maxQueue ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const queue: { entry: AuditEntry; done?: () => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let failures = 0;

  const writeBatch = async () => {
    const batch = queue.slice(0, batchSize);
    if (batch.length === 0) return;
    await db.transaction(async (tx) => {
      // Serialises appends across replicas; released at commit.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('gateway.audit_log'))`);
      const [head] = await tx
        .select({ sequence: auditLog.sequence, hash: auditLog.hash })
        .from(auditLog)
        .orderBy(desc(auditLog.sequence))
        .limit(1);
      let sequence = head?.sequence ?? 0;
      let previousHash = head?.hash ?? genesisHash;
      const rows = batch.map(({ entry }) => {
        sequence += 1;
        const content = { ...entry, sequence, previousHash };
        const hash = auditRowHash(content);
        previousHash = hash;
        return { ...content, hash };
      });
      await tx.insert(auditLog).values(rows);
    });
    queue.splice(0, batch.length);
    for (const item of batch) item.done?.();
  };

  // One drain at a time; a caller arriving during one waits for it. `writing` is cleared only
  // after it was set: an async body with nothing to await runs to its end before `??=` could
  // assign it, which once left a settled promise here for good (no write committed after it,
  // and flush() spinning without yielding).
  const drain = async (): Promise<void> => {
    if (writing) return writing;
    const run = (async () => {
      try {
        while (queue.length > 0) await writeBatch();
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.error(
          { err: error, queued: queue.length, failures },
          'audit write failed; will retry',
        );
        schedule(Math.min(30_000, 100 * 2 ** failures));
      }
    })();
    writing = run;
    try {
      await run;
    } finally {
      writing = undefined;
    }
  };
  const schedule = (delay: number) => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain();
    }, delay);
    timer.unref();
  };

  return {
    async record(entry, recordOptions) {
      if (recordOptions?.wait) {
        const committed = new Promise<void>((resolve) => {
          queue.push({ entry, done: resolve });
        });
        void drain();
        return committed;
      }
      queue.push({ entry });
      if (queue.length >= batchSize) void drain();
      else schedule(options.flushMilliseconds ?? 100);
    },
    isSaturated: () => queue.length >= maxQueue,
    async flush() {
      while (queue.length > 0) {
        await drain();
        if (queue.length > 0 && failures > 0) throw new Error('audit log cannot be written');
      }
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      try {
        await this.flush();
      } catch {
        logger.fatal({ lost: queue.length }, 'audit entries could not be written before shutdown');
      }
    },
  };
}

import { desc, sql } from 'drizzle-orm';
import { auditRowHash, genesisHash } from './auditRowHash.ts';
import type { BatchedWriter, BatchedWriterOptions } from './batchedWriter.ts';
import { type AuditRow, auditLog } from './db/schema.ts';

/** One audited request, before it is chained. */
export type AuditEntry = Omit<AuditRow, 'sequence' | 'previousHash' | 'hash'>;

/** Thrown by `record` when the queue is full: the entry was not queued. */
export class AuditQueueFullError extends Error {
  /** The code a request refused for it is answered with. */
  readonly code = 'AUDIT_UNAVAILABLE';
  constructor(readonly maxQueue: number) {
    super(`The audit queue is full (${maxQueue} entries).`);
    this.name = 'AuditQueueFullError';
  }
}

/** Options of one queued entry. */
export interface RecordOptions {
  /**
   * Resolve once the entry is committed (writes use it, so that a write's response never leaves
   * before its record) instead of at once.
   * @default false
   */
  wait?: boolean;
}

/**
 * A place in the audit queue, taken before an operation runs so that its entry always fits once
 * the operation has run. Record into it once, or release it.
 */
export interface AuditReservation {
  /** Queues the entry in the reserved place; never refused. */
  record(entry: AuditEntry, options?: RecordOptions): Promise<void>;
  /** Gives the place back unused (the request ended without an entry). */
  release(): void;
}

/** The gateway's audit writer. */
export interface AuditLog extends BatchedWriter {
  /**
   * Queues an entry. Rejects with `AuditQueueFullError`, queuing nothing, when the queue is full.
   */
  record(entry: AuditEntry, options?: RecordOptions): Promise<void>;
  /**
   * Takes a place in the queue for an entry to come, or `undefined` when the queue is full: the
   * caller then refuses the operation (`AUDIT_UNAVAILABLE`) rather than running it unrecorded.
   */
  reserve(): AuditReservation | undefined;
  /** Entries queued and places reserved; never more than `maxQueue`. */
  size(): number;
  /** True when the queue is full: new auditable requests are refused until it drains. */
  isSaturated(): boolean;
}

/** How the audit writer batches. */
export interface AuditLogOptions extends BatchedWriterOptions {
  /**
   * Entries held in memory (queued, being written, or reserved by running operations) at most;
   * beyond it auditable requests are refused.
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
  /**
   * Told of each batch written (its entries and how long its transaction took) or failed.
   * @default none
   */
  observe?: AuditWriteObserver;
}

/** What the audit writer reports of its writes (the gateway's audit metrics). */
export interface AuditWriteObserver {
  written(entries: number, milliseconds: number): void;
  failed(): void;
}

/** An entry in the queue, with what to call once it is committed when its caller waits. */
interface QueuedEntry {
  entry: AuditEntry;
  done?: () => void;
}

/**
 * Creates the audit writer: entries queue in memory and are written in batches, so a read costs
 * its request nothing but an array push. Each batch runs in a transaction holding an advisory
 * lock, reads the chain head and appends after it, so several gateway replicas share one chain.
 *
 * Nothing queued is dropped: a failed batch stays queued and is retried. The queue has one bound,
 * `maxQueue`, over the entries queued and the places reserved, enforced here where entries are
 * queued: `reserve` returns nothing and `record` throws when it is reached, so the queue never
 * grows past it, whatever the caller does. `useAudit` reserves a place before an
 * auditable operation runs and refuses the operation (`AUDIT_UNAVAILABLE`, not itself recorded)
 * when there is none. What a crash can lose is bounded by the queue at that moment (a flush
 * interval's worth of reads); writes wait for their row.
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { db, logger } = options;
  const maxQueue = options.maxQueue ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const queue: QueuedEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let failures = 0;
  // Places taken by operations that are running and will record an entry.
  let reserved = 0;
  const isFull = () => queue.length + reserved >= maxQueue;

  const writeBatch = async () => {
    const batch = queue.slice(0, batchSize);
    if (batch.length === 0) return;
    const started = performance.now();
    await appendToChain(db, batch);
    options.observe?.written(batch.length, performance.now() - started);
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
        options.observe?.failed();
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

  // Every path into the queue goes through here, after the bound was checked or a place reserved.
  const enqueue = (entry: AuditEntry, recordOptions?: RecordOptions): Promise<void> => {
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
    return Promise.resolve();
  };

  return {
    async record(entry, recordOptions) {
      if (isFull()) throw new AuditQueueFullError(maxQueue);
      return enqueue(entry, recordOptions);
    },
    reserve() {
      if (isFull()) return undefined;
      reserved += 1;
      let held = true;
      return reservation(() => {
        if (!held) return false;
        held = false;
        reserved -= 1;
        return true;
      }, enqueue);
    },
    size: () => queue.length + reserved,
    isSaturated: isFull,
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

/**
 * Appends the entries to the hash chain in one transaction: under an advisory lock, reads the
 * chain head, then inserts each entry with the next sequence and the hash of the one before it.
 */
async function appendToChain(
  db: BatchedWriterOptions['db'],
  batch: readonly QueuedEntry[],
): Promise<void> {
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
}

/**
 * A reserved place in the queue: `giveBack` returns it, true the first time only, and its entry
 * is queued by `enqueue`.
 */
function reservation(
  giveBack: () => boolean,
  enqueue: (entry: AuditEntry, options?: RecordOptions) => Promise<void>,
): AuditReservation {
  return {
    record(entry, recordOptions) {
      if (!giveBack()) return Promise.reject(new Error('audit reservation already used'));
      return enqueue(entry, recordOptions);
    },
    release() {
      giveBack();
    },
  };
}

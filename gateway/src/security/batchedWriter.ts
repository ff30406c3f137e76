import type { Database } from '@home-affairs/db';
import type { Logger } from '@home-affairs/service';
import type { securityTables } from './db/schema.ts';

/**
 * A writer of the gateway's own tables that queues rows in memory and writes them in batches
 * (the audit log, the operation documents); `createSecurity` closes each on shutdown.
 */
export interface BatchedWriter {
  /** Writes what is queued. */
  flush(): Promise<void>;
  /** Flushes and stops; logs what could not be written. */
  close(): Promise<void>;
}

/** What a batched writer of the gateway's tables writes with. */
export interface BatchedWriterOptions {
  db: Database<typeof securityTables>;
  logger: Logger;
}

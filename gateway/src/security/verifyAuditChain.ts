import type { Database } from '@home-affairs/db';
import { asc, gt } from 'drizzle-orm';
import { auditRowHash, genesisHash } from './auditRowHash.ts';
import { auditLog, type securityTables } from './db/schema.ts';

/** The result of checking the audit chain. */
export type AuditChainReport =
  | { ok: true; rows: number; headHash: string }
  | { ok: false; rows: number; brokenAt: number; reason: string };

/**
 * Walks the audit log in order and checks that each row's hash matches its content and links to
 * the row before it, with no gap in the sequence. Returns the first broken row. The head hash of
 * a good chain is worth keeping elsewhere: removing the newest rows leaves a shorter valid chain
 * that only a known earlier head reveals.
 */
export async function verifyAuditChain(
  db: Database<typeof securityTables>,
  batchSize = 1_000,
): Promise<AuditChainReport> {
  let previousHash = genesisHash;
  let expectedSequence = 1;
  let rows = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.sequence, expectedSequence - 1))
      .orderBy(asc(auditLog.sequence))
      .limit(batchSize);
    for (const row of batch) {
      const broken = (reason: string): AuditChainReport => ({
        ok: false,
        rows,
        brokenAt: row.sequence,
        reason,
      });
      if (row.sequence !== expectedSequence) {
        return { ok: false, rows, brokenAt: expectedSequence, reason: 'row missing' };
      }
      if (row.previousHash !== previousHash) return broken('does not link to the row before it');
      const { hash, ...content } = row;
      if (auditRowHash(content) !== hash) return broken('content does not match its hash');
      previousHash = hash;
      expectedSequence += 1;
      rows += 1;
    }
    if (batch.length < batchSize) return { ok: true, rows, headHash: previousHash };
  }
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '@home-affairs/graphql';
import type { AuditRow } from './db/schema.ts';

/** The hash the first row of the chain links to. */
export const genesisHash = '0'.repeat(64);

/**
 * SHA-256 over the canonical serialisation of every column of a row but its own hash, the
 * previous row's hash included: changing any column, or removing a row, changes what the next
 * row should link to.
 */
export function auditRowHash(row: Omit<AuditRow, 'hash'>): string {
  const canonical = canonicalJson({
    sequence: row.sequence,
    at: row.at.toISOString(),
    subject: row.subject,
    role: row.role,
    tokenId: row.tokenId,
    clientName: row.clientName,
    operationType: row.operationType,
    operationName: row.operationName,
    documentHash: row.documentHash,
    variables: row.variables,
    subgraphs: row.subgraphs,
    outcome: row.outcome,
    errorCodes: row.errorCodes,
    durationMs: row.durationMs,
    previousHash: row.previousHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

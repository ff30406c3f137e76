import type { Database } from '@home-affairs/db';
import { todayInVietnam } from '@home-affairs/graphql';
import { and, eq, gte, isNotNull, ne, sql } from 'drizzle-orm';
import { parse } from 'graphql';
import { auditLog, operationDocuments, type securityTables } from '../security/db/schema.ts';
import type { UsedOperation } from './usedOperations.ts';

/** What the audit log says about use over a window. */
export interface AuditUsage {
  days: number;
  operations: UsedOperation[];
  /** Distinct documents the log names whose text was never kept (run before it was recorded). */
  withoutDocument: number;
}

/**
 * The operations recorded in the gateway's audit log over the last `days` days (every write and
 * every read by a known caller; refused requests left out), each with how often it ran and the
 * last day it did, read with their documents from `gateway.operation_documents`.
 */
export async function readAuditUsage(
  db: Database<typeof securityTables>,
  days: number,
  now = new Date(),
): Promise<AuditUsage> {
  const since = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const rows = await db
    .select({
      hash: auditLog.documentHash,
      name: auditLog.operationName,
      document: operationDocuments.document,
      runs: sql<number>`count(*)::int`,
      lastRun: sql<string>`max(${auditLog.at})`,
    })
    .from(auditLog)
    .leftJoin(operationDocuments, eq(operationDocuments.documentHash, auditLog.documentHash))
    .where(
      and(
        gte(auditLog.at, since),
        ne(auditLog.outcome, 'refused'),
        isNotNull(auditLog.documentHash),
      ),
    )
    .groupBy(auditLog.documentHash, auditLog.operationName, operationDocuments.document);
  const operations: UsedOperation[] = [];
  let withoutDocument = 0;
  for (const row of rows) {
    if (!row.document || !row.hash) {
      withoutDocument += 1;
      continue;
    }
    operations.push({
      name: row.name ?? '(anonymous)',
      source: 'audit log',
      hash: row.hash,
      document: parse(row.document),
      runs: row.runs,
      lastRun: todayInVietnam(new Date(row.lastRun)),
    });
  }
  return { days, operations, withoutDocument };
}

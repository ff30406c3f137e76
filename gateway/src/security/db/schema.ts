import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The gateway's own Postgres schema: audit log and token registry, apart from every subgraph. */
export const gatewaySchema = pgSchema('gateway');

/**
 * Append-only audit log of every write and every authenticated read. Each row stores the hash of
 * the row before it and its own hash over a canonical serialisation, so that editing or deleting
 * a row breaks the chain (`pnpm audit:verify`). `sequence` has no gaps, unlike a serial id.
 */
export const auditLog = gatewaySchema.table(
  'audit_log',
  {
    sequence: bigint('sequence', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    subject: text('subject'),
    role: text('role').notNull(),
    tokenId: text('token_id'),
    clientName: text('client_name'),
    operationType: text('operation_type'),
    operationName: text('operation_name'),
    documentHash: text('document_hash'),
    /** Canonical JSON with personal values redacted; text, not jsonb, so it hashes byte for byte. */
    variables: text('variables').notNull(),
    subgraphs: text('subgraphs').array().notNull(),
    outcome: text('outcome').notNull(),
    errorCodes: text('error_codes').array().notNull(),
    durationMs: integer('duration_ms').notNull(),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    index('audit_log_subject_at_idx').on(table.subject, table.at),
    check(
      'audit_log_outcome_check',
      sql`${table.outcome} IN ('ok', 'partial', 'error', 'refused')`,
    ),
  ],
);

/**
 * The operations the audit log names by `document_hash`, with every literal value stripped (no
 * string, number, list or object value a caller typed is kept: only the operation's shape). Read
 * by `pnpm schema:check` to know which fields callers really use.
 */
export const operationDocuments = gatewaySchema.table('operation_documents', {
  documentHash: text('document_hash').primaryKey(),
  /** The operation printed with its literals replaced (`""`, `0`), as Apollo's usage reports do. */
  document: text('document').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** Tokens issued by `pnpm tokens issue`: metadata only, never the token itself. */
export const issuedTokens = gatewaySchema.table('issued_tokens', {
  id: text('id').primaryKey(),
  subject: text('subject').notNull(),
  role: text('role').notNull(),
  subgraph: text('subgraph'),
  province: text('province'),
  scopes: text('scopes').array().notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** Revoked token ids, kept until the token would have expired anyway. */
export const revokedTokens = gatewaySchema.table(
  'revoked_tokens',
  {
    id: text('id').primaryKey(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('revoked_tokens_expires_at_idx').on(table.expiresAt)],
);

/** One audit row as stored. */
export type AuditRow = typeof auditLog.$inferSelect;
/** One issued token's metadata. */
export type IssuedToken = typeof issuedTokens.$inferSelect;

/** The drizzle schema of the gateway's tables. */
export const securityTables = { auditLog, issuedTokens, revokedTokens, operationDocuments };

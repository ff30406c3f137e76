import type { Database } from '@home-affairs/db';
import { desc, eq } from 'drizzle-orm';
import { issuedTokens, revokedTokens, type securityTables } from './db/schema.ts';

/** An issued token as `pnpm tokens list` shows it. */
export interface TokenRecord {
  id: string;
  subject: string;
  role: string;
  subgraph: string | null;
  province: string | null;
  scopes: string[];
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** Records the metadata of an issued token (never the token). */
export async function recordIssuedToken(
  db: Database<typeof securityTables>,
  token: Omit<TokenRecord, 'revokedAt'>,
): Promise<void> {
  await db
    .insert(issuedTokens)
    .values({
      ...token,
      issuedAt: new Date(token.issuedAt),
      expiresAt: new Date(token.expiresAt),
    })
    .onConflictDoNothing();
}

/** Lists issued tokens, newest first, with their revocation time. */
export async function listIssuedTokens(
  db: Database<typeof securityTables>,
): Promise<TokenRecord[]> {
  const rows = await db
    .select({ token: issuedTokens, revokedAt: revokedTokens.revokedAt })
    .from(issuedTokens)
    .leftJoin(revokedTokens, eq(revokedTokens.id, issuedTokens.id))
    .orderBy(desc(issuedTokens.issuedAt));
  return rows.map(({ token, revokedAt }) => ({
    ...token,
    issuedAt: token.issuedAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: revokedAt?.toISOString() ?? null,
  }));
}

/** How long the revocation of an id the registry does not know is kept: past any token's life. */
const unknownTokenRevocationMilliseconds = 400 * 24 * 3600 * 1000;

/**
 * How long to keep the revocation of token `id`: until `expiresAt` when the caller knows it, else
 * until the registered token expires, else longer than any token lives.
 */
export async function revocationExpiry(
  db: Database<typeof securityTables> | undefined,
  id: string,
  expiresAt?: Date,
): Promise<Date> {
  if (expiresAt) return expiresAt;
  if (db) {
    const [row] = await db
      .select({ expiresAt: issuedTokens.expiresAt })
      .from(issuedTokens)
      .where(eq(issuedTokens.id, id));
    if (row) return row.expiresAt;
  }
  return new Date(Date.now() + unknownTokenRevocationMilliseconds);
}

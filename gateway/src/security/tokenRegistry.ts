import type { Database } from '@home-affairs/db';
import { desc, eq } from 'drizzle-orm';
import { issuedTokens, revokedTokens, type securityTables } from './db/schema.ts';

/** An issued token as `pnpm token list` shows it. */
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

/** When an issued token expires, to keep its revocation exactly that long. */
export async function issuedTokenExpiry(
  db: Database<typeof securityTables>,
  id: string,
): Promise<Date | undefined> {
  const [row] = await db
    .select({ expiresAt: issuedTokens.expiresAt })
    .from(issuedTokens)
    .where(eq(issuedTokens.id, id));
  return row?.expiresAt;
}

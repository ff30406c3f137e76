import type { Database } from '@home-affairs/db';
import { selectRows } from '@home-affairs/db';
import { inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type DossierRow, dossiers, unitDirectory, workingDays } from '../db/schema.ts';

const received = alias(workingDays, 'received');
const due = alias(workingDays, 'due');

/** The database the dossier queries run on. */
export type DossiersDatabase = Database<Record<string, unknown>>;

/** Whether `id` is a dossier id as the schema writes it: a positive integer without leading zeros. */
export function isDossierId(id: string): boolean {
  return /^[1-9]\d{0,15}$/.test(id);
}

/** Reads dossiers by id. */
export function findDossiers(db: DossiersDatabase, ids: readonly number[]) {
  return db
    .select()
    .from(dossiers)
    .where(inArray(dossiers.id, [...ids]));
}

/** Reads one dossier and locks it for the rest of the transaction. */
export async function lockDossier(db: DossiersDatabase, id: number): Promise<DossierRow | null> {
  const [row] = await db.select().from(dossiers).where(sql`${dossiers.id} = ${id}`).for('update');
  return row ?? null;
}

/** Reads one unit of the directory. */
export async function findDirectoryUnit(db: DossiersDatabase, code: string) {
  const [row] = await db.select().from(unitDirectory).where(sql`${unitDirectory.code} = ${code}`);
  return row ?? null;
}

/**
 * The due day of a dossier received on `receivedOn`: the `processingDays`-th working day after
 * it, from the working-day calendar (null outside the calendar).
 */
export async function computeDueDay(
  db: DossiersDatabase,
  receivedOn: string,
  processingDays: number,
): Promise<string | null> {
  const [row] = await selectRows<{ day: string }>(
    db,
    sql`
    SELECT ${due.day}::text AS day
    FROM ${workingDays} ${received}
    JOIN ${workingDays} ${due}
      ON ${due.working} AND ${due.ordinal} = ${received.ordinal} + ${processingDays}
    WHERE ${received.day} = ${receivedOn}::date`,
  );
  return row?.day ?? null;
}

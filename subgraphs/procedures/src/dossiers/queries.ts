import type { Database } from '@home-affairs/db';
import { inArray, sql } from 'drizzle-orm';
import { type DossierRow, dossiers, unitDirectory } from '../db/schema.ts';
import type { DossierFacts } from '../statistics/dossierEvents.ts';

/** The database the dossier queries run on. */
export type DossiersDatabase = Database<Record<string, unknown>>;

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
  const result = await db.execute(sql`
    SELECT due.day::text AS day
    FROM procedures.working_days received
    JOIN procedures.working_days due
      ON due.working AND due.ordinal = received.ordinal + ${processingDays}
    WHERE received.day = ${receivedOn}::date`);
  // node-postgres and PGlite both answer a raw query with { rows }.
  const row = (result as unknown as { rows: { day: string }[] }).rows[0];
  return row?.day ?? null;
}

/** What the statistics need of a dossier row. */
export function dossierFacts(row: DossierRow): DossierFacts {
  return {
    attributedUnitCode: row.attributedUnitCode,
    provinceCode: row.provinceCode,
    fieldCode: row.fieldCode,
    procedureCode: row.procedureCode,
    channel: row.channel,
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    closedOn: row.closedOn,
    outcome: row.outcome,
    apologyIssuedOn: row.apologyIssuedOn,
  };
}

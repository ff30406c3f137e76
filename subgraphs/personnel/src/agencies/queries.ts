import { inputError } from '@home-affairs/graphql';
import { and, asc, count, eq, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { PersonnelDatabase, PersonnelTransaction } from '../common/personnelDatabase.ts';
import { type AgencyRow, agencies, agencyStatusChanges } from '../db/schema.ts';
import type { Change } from '../history/idempotent.ts';

/** Agency kinds, as the enum of the schema names them. */
export type AgencyKind = AgencyRow['kind'];

/** Which agencies a list returns. */
export interface AgencyFilter {
  kind?: AgencyKind | null;
  level?: AgencyRow['level'] | null;
  provinceCode?: string | null;
  parentCode?: string | null;
  underMinistries?: boolean | null;
  /** Only agencies serving this unit (the unit's `agencies` field; not a GraphQL filter). */
  unitCode?: string | null;
}

/** Whether an agency was in operation on `day`. */
function inOperationOn(day: string): SQL {
  return and(
    or(isNull(agencies.establishedOn), lte(agencies.establishedOn, day)),
    or(isNull(agencies.endedOn), gt(agencies.endedOn, day)),
  ) as SQL;
}

/**
 * Whether `agency` was in operation on some day from `from` to `to` (on `from` alone by default):
 * inOperationOn for a row already read.
 */
export function operatedWithin(agency: AgencyRow, from: string, to = from): boolean {
  return (
    (agency.establishedOn === null || agency.establishedOn <= to) &&
    (agency.endedOn === null || agency.endedOn > from)
  );
}

function filterConditions(filter: AgencyFilter, day: string): SQL[] {
  const conditions = [inOperationOn(day)];
  if (filter.kind) conditions.push(eq(agencies.kind, filter.kind));
  if (filter.level) conditions.push(eq(agencies.level, filter.level));
  if (filter.provinceCode) conditions.push(eq(agencies.provinceCode, filter.provinceCode));
  if (filter.parentCode) conditions.push(eq(agencies.parentCode, filter.parentCode));
  if (filter.unitCode) conditions.push(eq(agencies.unitCode, filter.unitCode));
  if (filter.underMinistries) {
    conditions.push(
      sql`${agencies.parentCode} IN (SELECT "code" FROM "personnel"."agencies" WHERE "kind" IN ('MINISTRY', 'MINISTRY_LEVEL_AGENCY'))`,
    );
  }
  return conditions;
}

/** One page of agencies in operation on `day`, in code order, and the number matching. */
export async function findAgencyPage(
  db: PersonnelDatabase,
  filter: AgencyFilter,
  day: string,
  first: number,
  after: string | undefined,
) {
  const conditions = filterConditions(filter, day);
  const [rows, [total]] = await Promise.all([
    first === 0
      ? Promise.resolve([] as AgencyRow[])
      : db
          .select()
          .from(agencies)
          .where(and(...conditions, after === undefined ? undefined : gt(agencies.code, after)))
          .orderBy(asc(agencies.code))
          .limit(first + 1),
    db
      .select({ value: count() })
      .from(agencies)
      .where(and(...conditions)),
  ]);
  return { rows, totalCount: total?.value ?? 0 };
}

/** Agencies by code. */
export function findAgencies(db: PersonnelDatabase, codes: readonly string[]) {
  return db
    .select()
    .from(agencies)
    .where(inArray(agencies.code, [...codes]));
}

/**
 * The first `first` agencies in operation on `day` serving each unit (optionally of one kind),
 * with the number serving it: one statement for any number of units.
 */
export async function findFirstAgenciesOfUnits(
  db: PersonnelDatabase,
  unitCodes: readonly string[],
  kind: AgencyKind | null,
  first: number,
  day: string,
) {
  const ranked = db
    .select({
      code: agencies.code,
      position:
        sql<number>`row_number() OVER (PARTITION BY ${agencies.unitCode} ORDER BY ${agencies.code})`.as(
          'position',
        ),
      total: sql<number>`count(*) OVER (PARTITION BY ${agencies.unitCode})`.as('total'),
    })
    .from(agencies)
    .where(
      and(
        inArray(agencies.unitCode, [...unitCodes]),
        inOperationOn(day),
        kind ? eq(agencies.kind, kind) : undefined,
      ),
    )
    .as('ranked');
  return db
    .select({ agency: agencies, position: ranked.position, total: ranked.total })
    .from(ranked)
    .innerJoin(agencies, eq(agencies.code, ranked.code))
    .where(lte(ranked.position, first + 1))
    .orderBy(asc(agencies.code));
}

/** Status changes of agencies, oldest first. */
export function findStatusChanges(db: PersonnelDatabase, codes: readonly string[]) {
  return db
    .select()
    .from(agencyStatusChanges)
    .where(inArray(agencyStatusChanges.agencyCode, [...codes]))
    .orderBy(asc(agencyStatusChanges.effectiveDate), asc(agencyStatusChanges.id));
}

/** Reads an agency for a write, or refuses with NOT_FOUND naming `field`. */
export async function agencyForWrite(
  tx: PersonnelTransaction,
  code: string,
  field: string,
): Promise<AgencyRow> {
  const [row] = await tx.select().from(agencies).where(eq(agencies.code, code)).for('update');
  if (!row) throw inputError(`No agency has the code ${code}.`, { field, code: 'NOT_FOUND' });
  return row;
}

/** What ends an agency. */
export interface EndAgencyInput {
  agencyCode: string;
  successorCode?: string | null;
  effectiveDate: string;
  basis?: string | null;
}

/**
 * Ends an agency on `effectiveDate` (merged into, or dissolved with tasks going to, its
 * successor). Refuses an agency already ended, a successor that is itself, unknown or not in
 * operation on that day, and a day not after the agency's establishment.
 */
export async function endAgency(
  tx: PersonnelTransaction,
  agency: AgencyRow,
  status: 'MERGED' | 'DISSOLVED',
  input: EndAgencyInput,
): Promise<Change[]> {
  if (agency.endedOn !== null) {
    throw inputError(`Agency ${agency.code} already ended on ${agency.endedOn}.`, {
      field: 'input.agencyCode',
      code: 'RULE_VIOLATION',
    });
  }
  if (agency.establishedOn !== null && input.effectiveDate <= agency.establishedOn) {
    throw inputError('effectiveDate must be after the day the agency was established.', {
      field: 'input.effectiveDate',
      code: 'RULE_VIOLATION',
    });
  }
  if (input.successorCode) {
    if (input.successorCode === agency.code) {
      throw inputError('An agency cannot be its own successor.', {
        field: 'input.successorCode',
        code: 'RULE_VIOLATION',
      });
    }
    const successor = await agencyForWrite(tx, input.successorCode, 'input.successorCode');
    if (!operatedWithin(successor, input.effectiveDate)) {
      throw inputError(`The successor ${successor.code} is not in operation on that day.`, {
        field: 'input.successorCode',
        code: 'RULE_VIOLATION',
      });
    }
  }
  const [after] = await tx
    .update(agencies)
    .set({ status, endedOn: input.effectiveDate, successorCode: input.successorCode ?? null })
    .where(eq(agencies.code, agency.code))
    .returning();
  await tx.insert(agencyStatusChanges).values({
    agencyCode: agency.code,
    status,
    effectiveDate: input.effectiveDate,
    successorCode: input.successorCode ?? null,
    basis: input.basis ?? null,
  });
  return [
    {
      operation: status === 'MERGED' ? 'mergeAgency' : 'dissolveAgency',
      entity: 'agency',
      entityKey: agency.code,
      before: agency,
      after,
    },
  ];
}

import { inputError } from '@home-affairs/graphql';
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { findPage } from '../common/findPage.ts';
import type { PersonnelDatabase, PersonnelTransaction } from '../common/personnelDatabase.ts';
import { type AgencyRow, agencies, agencyStatusChanges } from '../db/schema.ts';
import type { Change } from '../history/idempotent.ts';

/** `agencies` read again as the parent ministry of an agency. */
const ministry = alias(agencies, 'ministry');

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
      sql`${agencies.parentCode} IN (SELECT ${ministry.code} FROM ${agencies} ${ministry} WHERE ${inArray(ministry.kind, ['MINISTRY', 'MINISTRY_LEVEL_AGENCY'])})`,
    );
  }
  return conditions;
}

/** One page of agencies in operation on `day`, in code order, and the number matching. */
export function findAgencyPage(
  db: PersonnelDatabase,
  filter: AgencyFilter,
  day: string,
  first: number,
  after: string | undefined,
) {
  return findPage(db, agencies, {
    where: and(...filterConditions(filter, day)),
    after: after === undefined ? undefined : gt(agencies.code, after),
    order: asc(agencies.code),
    first,
  });
}

/** Agencies by code. */
export function findAgencies(
  db: PersonnelDatabase | PersonnelTransaction,
  codes: readonly string[],
) {
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

/**
 * Reads and locks agencies (FOR UPDATE) in code order, in one statement, and returns them by
 * code. Every write locks its agencies through here: one global order means two writes that need
 * the same agencies queue on the first of them instead of each holding what the other waits for.
 */
export async function lockAgencies(
  tx: PersonnelTransaction,
  codes: readonly string[],
): Promise<Map<string, AgencyRow>> {
  const rows = await tx
    .select()
    .from(agencies)
    .where(inArray(agencies.code, [...new Set(codes)]))
    .orderBy(asc(agencies.code))
    .for('update');
  return new Map(rows.map((row) => [row.code, row]));
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
 * successor), with the agency and its successor locked by the caller (writeToAgency). Refuses an
 * agency already ended, a successor that is itself or not in operation on that day, a day not
 * after the agency's establishment, and a day on or before which another agency was merged into
 * this one: a successor always outlives the agencies it took over, so successions never loop.
 */
export async function endAgency(
  tx: PersonnelTransaction,
  agency: AgencyRow,
  successor: AgencyRow | undefined,
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
  if (successor) {
    if (successor.code === agency.code) {
      throw inputError('An agency cannot be its own successor.', {
        field: 'input.successorCode',
        code: 'RULE_VIOLATION',
      });
    }
    if (!operatedWithin(successor, input.effectiveDate)) {
      throw inputError(`The successor ${successor.code} is not in operation on that day.`, {
        field: 'input.successorCode',
        code: 'RULE_VIOLATION',
      });
    }
  }
  const [predecessor] = await tx
    .select({ code: agencies.code, endedOn: agencies.endedOn })
    .from(agencies)
    .where(and(eq(agencies.successorCode, agency.code), gte(agencies.endedOn, input.effectiveDate)))
    .orderBy(desc(agencies.endedOn))
    .limit(1);
  if (predecessor) {
    throw inputError(
      `Agency ${predecessor.code} passed on to ${agency.code} on ${predecessor.endedOn}: ${agency.code} cannot end before that.`,
      { field: 'input.effectiveDate', code: 'RULE_VIOLATION' },
    );
  }
  const successorCode = successor?.code ?? null;
  const [after] = await tx
    .update(agencies)
    .set({ status, endedOn: input.effectiveDate, successorCode })
    .where(eq(agencies.code, agency.code))
    .returning();
  await tx.insert(agencyStatusChanges).values({
    agencyCode: agency.code,
    status,
    effectiveDate: input.effectiveDate,
    successorCode,
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

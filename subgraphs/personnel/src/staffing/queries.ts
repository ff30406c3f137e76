import { inputError } from '@home-affairs/graphql';
import { and, desc, eq, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { operatedWithin } from '../agencies/queries.ts';
import type { PersonnelDatabase, PersonnelTransaction } from '../common/personnelDatabase.ts';
import {
  type AgencyRow,
  agencies,
  headcountSnapshots,
  type StaffingQuotaRow,
  staffingQuotas,
} from '../db/schema.ts';
import type { Change } from '../history/idempotent.ts';

/** Staffing period, as the schema's enum names it. */
export type StaffingPeriod = StaffingQuotaRow['period'];
/** Quota category, as the schema's enum names it. */
export type StaffingCategory = StaffingQuotaRow['category'];

/**
 * The days each period covers: an agency may hold a quota of a period only if it operated within
 * it, and the headcount compared with a period's quota is the latest snapshot on or before
 * `headcountUntil` (and today): 2026 counts belong to the new period.
 */
export const periodDays: Record<
  StaffingPeriod,
  { from: string; to: string; headcountUntil: string }
> = {
  P2022_2026: { from: '2022-01-01', to: '2026-12-31', headcountUntil: '2025-12-31' },
  P2026_2031: { from: '2026-01-01', to: '2031-12-31', headcountUntil: '9999-12-31' },
};

/** Sums of the quotas agencies passed on to their direct children, by period and category. */
export function findChildAllocations(db: PersonnelDatabase, codes: readonly string[]) {
  return db
    .select({
      parentCode: sql<string>`${agencies.parentCode}`,
      period: staffingQuotas.period,
      category: staffingQuotas.category,
      amount: sql<number>`sum(${staffingQuotas.amount})::int`,
    })
    .from(staffingQuotas)
    .innerJoin(agencies, eq(agencies.code, staffingQuotas.agencyCode))
    .where(inArray(agencies.parentCode, [...codes]))
    .groupBy(agencies.parentCode, staffingQuotas.period, staffingQuotas.category);
}

/** Quotas of agencies for one period. */
export function findPeriodQuotas(
  db: PersonnelDatabase,
  codes: readonly string[],
  period: StaffingPeriod,
) {
  return db
    .select()
    .from(staffingQuotas)
    .where(and(inArray(staffingQuotas.agencyCode, [...codes]), eq(staffingQuotas.period, period)));
}

/** The latest headcount snapshot of each agency and category on or before `day`. */
export function findLatestHeadcounts(db: PersonnelDatabase, codes: readonly string[], day: string) {
  return db
    .selectDistinctOn([headcountSnapshots.agencyCode, headcountSnapshots.category])
    .from(headcountSnapshots)
    .where(
      and(inArray(headcountSnapshots.agencyCode, [...codes]), lte(headcountSnapshots.asOf, day)),
    )
    .orderBy(
      headcountSnapshots.agencyCode,
      headcountSnapshots.category,
      desc(headcountSnapshots.asOf),
    );
}

/**
 * National totals of a period by category: the agencies no other agency allocates to (their
 * quotas include everything below them).
 */
export function findNationalTotals(db: PersonnelDatabase, period: StaffingPeriod) {
  return db
    .select({
      category: staffingQuotas.category,
      quota: sql<number>`sum(${staffingQuotas.amount})::int`,
    })
    .from(staffingQuotas)
    .innerJoin(agencies, eq(agencies.code, staffingQuotas.agencyCode))
    .where(and(eq(staffingQuotas.period, period), isNull(agencies.parentCode)))
    .groupBy(staffingQuotas.category)
    .orderBy(staffingQuotas.category);
}

const maxPosts = 10_000_000;

function checkCount(value: number, field: string) {
  if (!Number.isInteger(value) || value < 0 || value > maxPosts) {
    throw inputError(`${field.split('.').at(-1)} must be a whole number from 0 to ${maxPosts}.`, {
      field,
    });
  }
}

/** What allocateQuota writes. */
export interface AllocateQuotaInput {
  period: StaffingPeriod;
  category: StaffingCategory;
  amount: number;
}

/**
 * Allocates (or changes) an agency's quota. Refuses a period the agency did not operate in, an
 * amount above what the parent left unallocated, and an amount below what the agency already
 * passed on to its own children. The caller holds the agency and its parent locked
 * (writeToAgency with `withParent`): every write that changes a quota locks the agency whose
 * children it sums against, so the sums read here stay true until commit (ADR 0007).
 */
export async function allocateQuota(
  tx: PersonnelTransaction,
  agency: AgencyRow,
  input: AllocateQuotaInput,
): Promise<Change[]> {
  checkCount(input.amount, 'input.amount');
  const days = periodDays[input.period];
  if (!operatedWithin(agency, days.from, days.to)) {
    throw inputError(`Agency ${agency.code} did not operate in the period ${input.period}.`, {
      field: 'input.period',
      code: 'RULE_VIOLATION',
    });
  }
  const same = and(
    eq(staffingQuotas.period, input.period),
    eq(staffingQuotas.category, input.category),
  );
  if (agency.parentCode !== null) {
    const [parent] = await tx
      .select()
      .from(staffingQuotas)
      .where(and(eq(staffingQuotas.agencyCode, agency.parentCode), same));
    const [siblings] = await tx
      .select({ amount: sql<number>`coalesce(sum(${staffingQuotas.amount}), 0)::int` })
      .from(staffingQuotas)
      .innerJoin(agencies, eq(agencies.code, staffingQuotas.agencyCode))
      .where(and(eq(agencies.parentCode, agency.parentCode), ne(agencies.code, agency.code), same));
    const available = (parent?.amount ?? 0) - (siblings?.amount ?? 0);
    if (input.amount > available) {
      throw inputError(
        `The parent agency ${agency.parentCode} has ${Math.max(available, 0)} posts of this period and category left to allocate.`,
        {
          field: 'input.amount',
          code: 'RULE_VIOLATION',
          details: {
            parentAmount: parent?.amount ?? 0,
            allocatedToOthers: siblings?.amount ?? 0,
          },
        },
      );
    }
  }
  const [children] = await tx
    .select({ amount: sql<number>`coalesce(sum(${staffingQuotas.amount}), 0)::int` })
    .from(staffingQuotas)
    .innerJoin(agencies, eq(agencies.code, staffingQuotas.agencyCode))
    .where(and(eq(agencies.parentCode, agency.code), same));
  if (input.amount < (children?.amount ?? 0)) {
    throw inputError(
      `Agency ${agency.code} already passed ${children?.amount} posts on to the agencies below it.`,
      {
        field: 'input.amount',
        code: 'RULE_VIOLATION',
        details: { allocatedToChildren: children?.amount ?? 0 },
      },
    );
  }
  return replaceRow(tx, 'staffingQuota', { agencyCode: agency.code, ...input, synthetic: false });
}

/** What recordHeadcount writes. */
export interface HeadcountInput {
  category: StaffingCategory;
  asOf: string;
  headcount: number;
}

/** Records a headcount snapshot; refuses a day in the future or when the agency did not operate. */
export async function recordHeadcount(
  tx: PersonnelTransaction,
  agency: AgencyRow,
  input: HeadcountInput,
  today: string,
): Promise<Change[]> {
  checkCount(input.headcount, 'input.headcount');
  if (input.asOf > today) {
    throw inputError('asOf must not be in the future.', {
      field: 'input.asOf',
      code: 'RULE_VIOLATION',
    });
  }
  if (!operatedWithin(agency, input.asOf)) {
    throw inputError(`Agency ${agency.code} was not in operation on ${input.asOf}.`, {
      field: 'input.asOf',
      code: 'RULE_VIOLATION',
    });
  }
  return replaceRow(tx, 'headcountSnapshot', {
    agencyCode: agency.code,
    ...input,
    synthetic: false,
  });
}

/**
 * The staffing rows a write replaces whole, one per agency and key, by their entity name in the
 * history: their table, the fields that key them and the operation that writes them.
 */
const replacedRows = {
  staffingQuota: {
    table: staffingQuotas,
    keyFields: ['agencyCode', 'period', 'category'],
    operation: 'allocateStaffingQuota',
  },
  headcountSnapshot: {
    table: headcountSnapshots,
    keyFields: ['agencyCode', 'category', 'asOf'],
    operation: 'recordHeadcount',
  },
} as const;

/** The staffing tables whose rows a write replaces whole (see replacedRows). */
type StaffingTable = (typeof replacedRows)[keyof typeof replacedRows]['table'];

/**
 * Inserts `values` as an `entity` row, or sets its other fields on the row with the same key
 * fields, and returns the change for the history with the row as it was and as written; its
 * entity key is the values of the key fields joined by `|`.
 */
async function replaceRow<TEntity extends keyof typeof replacedRows>(
  tx: PersonnelTransaction,
  entity: TEntity,
  values: (typeof replacedRows)[TEntity]['table']['$inferInsert'],
): Promise<Change[]> {
  type TTable = (typeof replacedRows)[TEntity]['table'];
  const { keyFields, operation } = replacedRows[entity];
  // Indexing the map by a type parameter widens the table to the union; it is this entity's.
  const table = replacedRows[entity].table as TTable;
  const columns = table as unknown as Record<string, PgColumn>;
  const fields = values as Record<string, unknown>;
  const set = Object.fromEntries(
    Object.entries(fields).filter(([field]) => !(keyFields as readonly string[]).includes(field)),
  );
  // drizzle types a select from the union of the tables, not from a type parameter.
  const [before] = await tx
    .select()
    .from(table as StaffingTable)
    .where(and(...keyFields.map((field) => eq(columns[field]!, fields[field]))));
  const [after] = await tx
    .insert(table)
    .values(values as PgInsertValue<TTable>)
    .onConflictDoUpdate({
      target: keyFields.map((field) => columns[field]!),
      set: set as PgUpdateSetSource<TTable>,
    })
    .returning();
  const entityKey = keyFields.map((field) => fields[field]).join('|');
  return [{ operation, entity, entityKey, before: before ?? null, after }];
}

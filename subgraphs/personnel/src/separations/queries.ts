import { inputError, isCalendarDate } from '@home-affairs/graphql';
import { and, desc, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { operatedWithin } from '../agencies/queries.ts';
import { findPage } from '../common/findPage.ts';
import type { PersonnelDatabase, PersonnelTransaction } from '../common/personnelDatabase.ts';
import { type AgencyRow, agencies, type SeparationRow, separations } from '../db/schema.ts';
import type { Change } from '../history/idempotent.ts';

/** Which separations a list or a statistic covers. */
export interface SeparationFilter {
  provinceCode?: string | null;
  agencyCode?: string | null;
  agencyKind?: AgencyRow['kind'] | null;
  reason?: SeparationRow['reason'] | null;
  from?: string | null;
  to?: string | null;
}

/** How statistics are grouped. */
export type SeparationGrouping = keyof typeof groupingKeys;

/** The key each value of the SDL's `SeparationGrouping` groups separations by. */
const groupingKeys = {
  PROVINCE: sql<string | null>`${separations.provinceCode}`,
  AGENCY_KIND: sql<string | null>`${agencies.kind}::text`,
  REASON: sql<string | null>`${separations.reason}::text`,
  MONTH: sql<string | null>`to_char(${separations.effectiveDate}, 'YYYY-MM')`,
} satisfies Record<string, SQL<string | null>>;

/** The day Decree 178/2024/ND-CP took effect: no separation under it is earlier. */
const decreeEffectiveDate = '2025-01-01';

function conditions(filter: SeparationFilter): SQL | undefined {
  return and(
    filter.provinceCode ? eq(separations.provinceCode, filter.provinceCode) : undefined,
    filter.agencyCode ? eq(separations.agencyCode, filter.agencyCode) : undefined,
    filter.agencyKind
      ? sql`${separations.agencyCode} IN (SELECT ${agencies.code} FROM ${agencies} WHERE ${eq(agencies.kind, filter.agencyKind)})`
      : undefined,
    filter.reason ? eq(separations.reason, filter.reason) : undefined,
    filter.from ? gte(separations.effectiveDate, filter.from) : undefined,
    filter.to ? lte(separations.effectiveDate, filter.to) : undefined,
  );
}

/** One page of separations, newest record first, and the number matching. */
export function findSeparationPage(
  db: PersonnelDatabase,
  filter: SeparationFilter,
  first: number,
  after: number | undefined,
) {
  return findPage(db, separations, {
    where: conditions(filter),
    after: after === undefined ? undefined : lt(separations.id, after),
    order: desc(separations.id),
    first,
  });
}

/** Separations by id. */
export function findSeparation(db: PersonnelDatabase, id: number) {
  return db.select().from(separations).where(eq(separations.id, id));
}

/** Counts and benefits of separations, grouped. */
export function findSeparationStatistics(
  db: PersonnelDatabase,
  groupBy: SeparationGrouping,
  filter: SeparationFilter,
) {
  const key = groupingKeys[groupBy];
  return db
    .select({
      key,
      count: sql<number>`count(*)::int`,
      totalBenefit: sql<string>`sum(${separations.benefitAmount})`,
    })
    .from(separations)
    .innerJoin(agencies, eq(agencies.code, separations.agencyCode))
    .where(conditions(filter))
    .groupBy(key)
    .orderBy(key);
}

/**
 * Today's province of a province code: the code itself, or for a province absorbed in the
 * reform, the province whose committee succeeded its committee (followed to the end of the chain).
 */
async function currentProvinceOf(
  tx: PersonnelTransaction,
  provinceCode: string | null,
): Promise<string | null> {
  let code = provinceCode;
  for (let step = 0; code !== null && step < 5; step += 1) {
    const [committee] = await tx
      .select({ endedOn: agencies.endedOn, successorCode: agencies.successorCode })
      .from(agencies)
      .where(eq(agencies.code, `UBND-${code}`));
    if (!committee?.endedOn || !committee.successorCode?.startsWith('UBND-')) return code;
    code = committee.successorCode.slice('UBND-'.length);
  }
  return code;
}

/** What recordSeparation writes. */
export interface SeparationInput {
  reason: SeparationRow['reason'];
  category: SeparationRow['category'];
  effectiveDate: string;
  benefitAmount: number;
  fullName: string;
  nationalId: string;
  birthDate: string;
}

/**
 * Records one separation, under today's province of its agency (see currentProvinceOf). Messages
 * never quote the personal values they refuse.
 */
export async function recordSeparation(
  tx: PersonnelTransaction,
  agency: AgencyRow,
  input: SeparationInput,
  today: string,
): Promise<{ id: number; changes: Change[] }> {
  const fullName = input.fullName.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (fullName.length < 2 || fullName.length > 120) {
    throw inputError('fullName must have 2 to 120 characters.', { field: 'input.fullName' });
  }
  if (!/^[0-9]{12}$/.test(input.nationalId)) {
    throw inputError('nationalId must be a citizen identity card number of 12 digits.', {
      field: 'input.nationalId',
    });
  }
  if (!isCalendarDate(input.birthDate) || input.birthDate < '1940-01-01') {
    throw inputError('birthDate is not a plausible birth date.', { field: 'input.birthDate' });
  }
  if (!Number.isInteger(input.benefitAmount) || input.benefitAmount < 0) {
    throw inputError('benefitAmount must be a whole, non-negative number of đồng.', {
      field: 'input.benefitAmount',
    });
  }
  if (input.effectiveDate < decreeEffectiveDate || input.effectiveDate > today) {
    throw inputError(
      `effectiveDate must be between ${decreeEffectiveDate} (Decree 178/2024/ND-CP) and today.`,
      { field: 'input.effectiveDate', code: 'RULE_VIOLATION' },
    );
  }
  // The person must have been at least 18 when leaving: a working age, not a data-entry slip.
  const adultOn = `${Number(input.birthDate.slice(0, 4)) + 18}${input.birthDate.slice(4)}`;
  if (adultOn > input.effectiveDate) {
    throw inputError('birthDate is too late for a person leaving the public service.', {
      field: 'input.birthDate',
      code: 'RULE_VIOLATION',
    });
  }
  if (!operatedWithin(agency, input.effectiveDate)) {
    throw inputError(`Agency ${agency.code} was not in operation on the effective date.`, {
      field: 'input.effectiveDate',
      code: 'RULE_VIOLATION',
    });
  }
  const provinceCode = await currentProvinceOf(tx, agency.provinceCode);
  // The history keeps what happened, not who it happened to: personal fields stay in one table.
  const event = {
    agencyCode: agency.code,
    provinceCode,
    reason: input.reason,
    category: input.category,
    effectiveDate: input.effectiveDate,
    benefitAmount: input.benefitAmount,
  };
  let row: { id: number } | undefined;
  try {
    [row] = await tx
      .insert(separations)
      .values({
        ...event,
        fullName,
        nationalId: input.nationalId,
        birthDate: input.birthDate,
        synthetic: false,
      })
      .returning({ id: separations.id });
  } catch {
    // A driver error quotes the statement's parameters, personal values among them: it must not
    // reach the client or a log line.
    throw new GraphQLError('The separation could not be stored.', {
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  }
  const id = row!.id;
  const after = { id, ...event };
  return {
    id,
    changes: [
      {
        operation: 'recordSeparation',
        entity: 'separation',
        entityKey: String(id),
        before: null,
        after,
      },
    ],
  };
}

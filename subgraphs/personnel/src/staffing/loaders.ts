import { rowsByOwner } from '@home-affairs/db';
import { groupBy } from '@home-affairs/graphql';
import { ObservedDataLoader } from '@home-affairs/telemetry';
import { asc } from 'drizzle-orm';
import type { PersonnelDatabase } from '../common/personnelDatabase.ts';
import { staffingCategory, staffingQuotas } from '../db/schema.ts';
import {
  findChildAllocations,
  findLatestHeadcounts,
  findPeriodQuotas,
  periodDays,
  type StaffingCategory,
  type StaffingPeriod,
} from './queries.ts';

/** Quota, headcount and vacancies of one category. */
export interface CategoryFigures {
  category: StaffingCategory;
  quota: number;
  headcount: number;
  vacancies: number;
}

/** The staffing summary of one agency for one period. */
export interface StaffingSummaryNode {
  agencyCode: string;
  period: StaffingPeriod;
  headcountAsOf: string | null;
  categories: CategoryFigures[];
  quota: number;
  headcount: number;
  vacancies: number;
  synthetic: boolean;
}

/** Loads every quota of agencies. */
export function quotasByAgency(db: PersonnelDatabase) {
  return rowsByOwner(
    'quotasByAgency',
    db,
    staffingQuotas,
    'agencyCode',
    asc(staffingQuotas.period),
    asc(staffingQuotas.category),
  );
}

/** Loads what agencies passed on to their children, keyed `code|period|category`. */
export function childAllocationByQuota(db: PersonnelDatabase) {
  return new ObservedDataLoader<string, number>('childAllocationByQuota', async (keys) => {
    const codes = [...new Set(keys.map((key) => key.split('|')[0]!))];
    const sums = new Map(
      (await findChildAllocations(db, codes)).map((row) => [
        `${row.parentCode}|${row.period}|${row.category}`,
        Number(row.amount),
      ]),
    );
    return keys.map((key) => sums.get(key) ?? 0);
  });
}

/** One agency's summary for a period. */
export interface SummaryKey {
  agencyCode: string;
  period: StaffingPeriod;
}

/**
 * Loads staffing summaries as of `today` (the request's): two statements (quotas, latest
 * headcounts) per period in the batch, whatever the number of agencies. Null for an agency with
 * neither quota nor headcount.
 */
export function staffingSummaryByAgency(db: PersonnelDatabase, today: string) {
  const keyOf = (key: SummaryKey) => `${key.period}|${key.agencyCode}`;
  return new ObservedDataLoader<SummaryKey, StaffingSummaryNode | null, string>(
    'staffingSummaryByAgency',
    async (keys) => {
      const found = new Map<string, StaffingSummaryNode>();
      for (const [, members] of groupBy(keys, (key) => key.period)) {
        const { period } = members[0]!;
        const codes = [...new Set(members.map((key) => key.agencyCode))];
        const until = periodDays[period].headcountUntil;
        const day = today < until ? today : until;
        const [quotas, headcounts] = await Promise.all([
          findPeriodQuotas(db, codes, period),
          findLatestHeadcounts(db, codes, day),
        ]);
        const quotasByCode = groupBy(quotas, (row) => row.agencyCode);
        const headcountsByCode = groupBy(headcounts, (row) => row.agencyCode);
        for (const code of codes) {
          const codeQuotas = quotasByCode.get(code) ?? [];
          const codeHeadcounts = headcountsByCode.get(code) ?? [];
          if (codeQuotas.length === 0 && codeHeadcounts.length === 0) continue;
          const categories = staffingCategory.enumValues
            .map((category) => {
              const quota = codeQuotas.find((row) => row.category === category)?.amount ?? 0;
              const headcount =
                codeHeadcounts.find((row) => row.category === category)?.headcount ?? 0;
              return { category, quota, headcount, vacancies: quota - headcount };
            })
            .filter((figures) => figures.quota > 0 || figures.headcount > 0);
          const sum = (field: 'quota' | 'headcount') =>
            categories.reduce((total, figures) => total + figures[field], 0);
          const days = codeHeadcounts.map((row) => row.asOf).sort();
          found.set(keyOf({ agencyCode: code, period }), {
            agencyCode: code,
            period,
            headcountAsOf: days.at(-1) ?? null,
            categories,
            quota: sum('quota'),
            headcount: sum('headcount'),
            vacancies: sum('quota') - sum('headcount'),
            synthetic: [...codeQuotas, ...codeHeadcounts].some((row) => row.synthetic),
          });
        }
      }
      return keys.map((key) => found.get(keyOf(key)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
}

import { type AgencyWriteInput, writeToAgency } from '../agencies/writeToAgency.ts';
import type { PersonnelContext } from '../context.ts';
import type { AgencyRow, StaffingQuotaRow } from '../db/schema.ts';
import type { StaffingSummaryNode } from './loaders.ts';
import {
  type AllocateQuotaInput,
  allocateQuota,
  findNationalTotals,
  type HeadcountInput,
  recordHeadcount,
  type StaffingPeriod,
} from './queries.ts';

/** Resolvers of staffing quotas, headcounts and vacancies. */
export const resolvers = {
  Query: {
    staffingTotals: async (
      _: unknown,
      { period }: { period: StaffingPeriod },
      context: PersonnelContext,
    ) => {
      const categories = (await findNationalTotals(context.db, period)).map((row) => ({
        category: row.category,
        quota: Number(row.quota),
      }));
      return {
        period,
        categories,
        quota: categories.reduce((total, row) => total + row.quota, 0),
      };
    },
  },
  Mutation: {
    allocateStaffingQuota: async (
      _: unknown,
      { input }: { input: AgencyWriteInput & AllocateQuotaInput },
      context: PersonnelContext,
    ) => {
      const key = await writeToAgency(
        context,
        'allocateStaffingQuota',
        input,
        async (tx, agency) => {
          const changes = await allocateQuota(tx, agency, input);
          return { result: { ...(changes[0]!.after as StaffingQuotaRow) }, changes };
        },
        { withParent: true },
      );
      return { quota: key };
    },
    recordHeadcount: async (
      _: unknown,
      { input }: { input: AgencyWriteInput & HeadcountInput },
      context: PersonnelContext,
    ) => {
      const snapshot = await writeToAgency(
        context,
        'recordHeadcount',
        input,
        async (tx, agency) => {
          const changes = await recordHeadcount(tx, agency, input, context.today);
          return { result: { ...(changes[0]!.after as Record<string, unknown>) }, changes };
        },
      );
      return { snapshot };
    },
  },
  Agency: {
    quotas: async (
      agency: AgencyRow,
      args: { period?: StaffingPeriod | null },
      context: PersonnelContext,
    ) =>
      (await context.loaders.quotasByAgency.load(agency.code)).filter(
        (row) => !args.period || row.period === args.period,
      ),
    staffingSummary: (
      agency: AgencyRow,
      args: { period: StaffingPeriod },
      context: PersonnelContext,
    ) =>
      context.loaders.staffingSummaryByAgency.load({
        agencyCode: agency.code,
        period: args.period,
      }),
  },
  StaffingQuota: {
    agency: (quota: StaffingQuotaRow, _: unknown, context: PersonnelContext) =>
      context.loaders.agencyByCode.load(quota.agencyCode),
    allocatedToChildren: (quota: StaffingQuotaRow, _: unknown, context: PersonnelContext) =>
      context.loaders.childAllocationByQuota.load(
        `${quota.agencyCode}|${quota.period}|${quota.category}`,
      ),
  },
  HeadcountSnapshot: {
    agency: (snapshot: { agencyCode: string }, _: unknown, context: PersonnelContext) =>
      context.loaders.agencyByCode.load(snapshot.agencyCode),
  },
  StaffingSummary: {
    agency: (summary: StaffingSummaryNode, _: unknown, context: PersonnelContext) =>
      context.loaders.agencyByCode.load(summary.agencyCode),
  },
  AdministrativeUnit: {
    staffingSummary: (
      unit: { code: string },
      args: { period: StaffingPeriod },
      context: PersonnelContext,
    ) =>
      context.loaders.staffingSummaryByAgency.load({
        agencyCode: `UBND-${unit.code}`,
        period: args.period,
      }),
  },
};

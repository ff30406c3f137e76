import { checkAgencyProvince } from '../agencies/checkAgencyProvince.ts';
import { agencyForWrite } from '../agencies/queries.ts';
import type { PersonnelContext } from '../context.ts';
import type { AgencyRow, StaffingQuotaRow } from '../db/schema.ts';
import { idempotent } from '../history/idempotent.ts';
import type { StaffingSummaryNode } from './loaders.ts';
import {
  type AllocateQuotaInput,
  allocateQuota,
  findNationalTotals,
  type HeadcountInput,
  recordHeadcount,
  type StaffingPeriod,
} from './queries.ts';

interface WriteInput {
  idempotencyKey: string;
  agencyCode: string;
  provinceCode?: string | null;
}

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
      { input }: { input: WriteInput & AllocateQuotaInput },
      context: PersonnelContext,
    ) => {
      const key = await idempotent(
        context.db,
        context.identity,
        'allocateStaffingQuota',
        { ...input },
        async (tx) => {
          const agency = await agencyForWrite(tx, input.agencyCode, 'input.agencyCode');
          checkAgencyProvince(context.identity, agency, input.provinceCode);
          const changes = await allocateQuota(tx, agency, input);
          return { result: { ...(changes[0]!.after as StaffingQuotaRow) }, changes };
        },
      );
      return { quota: key };
    },
    recordHeadcount: async (
      _: unknown,
      { input }: { input: WriteInput & HeadcountInput },
      context: PersonnelContext,
    ) => {
      const snapshot = await idempotent(
        context.db,
        context.identity,
        'recordHeadcount',
        { ...input },
        async (tx) => {
          const agency = await agencyForWrite(tx, input.agencyCode, 'input.agencyCode');
          checkAgencyProvince(context.identity, agency, input.provinceCode);
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
        today: context.today,
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
        today: context.today,
      }),
  },
};

import {
  type AgencyWriteInput,
  type AgencyWriteScope,
  writeToAgency,
} from '../agencies/writeToAgency.ts';
import type { PersonnelTransaction } from '../common/personnelDatabase.ts';
import type { PersonnelContext } from '../context.ts';
import type { AgencyRow, StaffingQuotaRow } from '../db/schema.ts';
import type { Change } from '../history/idempotent.ts';
import type { StaffingSummaryNode } from './loaders.ts';
import {
  type AllocateQuotaInput,
  allocateQuota,
  findNationalTotals,
  type HeadcountInput,
  recordHeadcount,
  type StaffingPeriod,
} from './queries.ts';

/**
 * A staffing mutation: one write to an agency (writeToAgency) that replaces one row, answered
 * with the row as written under `field` of the payload.
 */
function replaceMutation<TInput>(
  operation: string,
  field: string,
  write: (
    tx: PersonnelTransaction,
    agency: AgencyRow,
    input: TInput,
    context: PersonnelContext,
  ) => Promise<Change[]>,
  scope?: AgencyWriteScope,
) {
  return async (
    _: unknown,
    { input }: { input: AgencyWriteInput & TInput },
    context: PersonnelContext,
  ) => {
    const row = await writeToAgency(
      context,
      operation,
      input,
      async (tx, agency) => {
        const changes = await write(tx, agency, input, context);
        return { result: { ...(changes[0]!.after as Record<string, unknown>) }, changes };
      },
      scope,
    );
    return { [field]: row };
  };
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
    allocateStaffingQuota: replaceMutation<AllocateQuotaInput>(
      'allocateStaffingQuota',
      'quota',
      (tx, agency, input) => allocateQuota(tx, agency, input),
      { withParent: true },
    ),
    recordHeadcount: replaceMutation<HeadcountInput>(
      'recordHeadcount',
      'snapshot',
      (tx, agency, input, context) => recordHeadcount(tx, agency, input, context.today),
    ),
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

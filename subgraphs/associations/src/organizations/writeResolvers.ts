import { runIdempotently } from '@home-affairs/idempotency';
import { entityTag, invalidateCache } from '@home-affairs/service';
import { eq } from 'drizzle-orm';
import type { AssociationsContext } from '../context.ts';
import { charters, financialReports, idempotencyKeys, organizations } from '../db/schema.ts';
import { type ApproveCharterInput, approveCharter } from './approveCharter.ts';
import {
  type ChangeOrganizationStatusInput,
  changeOrganizationStatus,
} from './changeOrganizationStatus.ts';
import { type FileFinancialReportInput, fileFinancialReport } from './fileFinancialReport.ts';
import type { Transaction, WriteResult } from './recordChange.ts';
import { type RegisterOrganizationInput, registerOrganization } from './registerOrganization.ts';
import type { Writer } from './writeChecks.ts';

type Write<TInput> = (tx: Transaction, writer: Writer, input: TInput) => Promise<WriteResult>;

/** Runs a write once per idempotency key, then reads what its payload shows. */
function mutation<TInput extends { idempotencyKey: string }>(name: string, write: Write<TInput>) {
  return async (_: unknown, args: { input: TInput }, context: AssociationsContext) => {
    const { idempotencyKey: key, ...input } = args.input;
    const result = await runIdempotently(
      context.db,
      { table: idempotencyKeys, operation: name, key, input, subject: context.identity.subject },
      (tx) => write(tx, context, args.input),
    );
    const organization = await context.loaders.organizationByRegistrationNumber.load(
      String(result.registrationNumber),
    );
    // For the gateway's response cache: the organisation, and the lists and counts of every unit
    // it is seated in, as it was and as it is today (the registry-wide lists are root fields,
    // which every write of this subgraph drops).
    const [seat] = await context.db
      .select({
        seatCode: organizations.seatCode,
        seatDistrictCode: organizations.seatDistrictCode,
        seatProvinceCode: organizations.seatProvinceCode,
        seatCurrentCode: organizations.seatCurrentCode,
        seatCurrentProvinceCode: organizations.seatCurrentProvinceCode,
      })
      .from(organizations)
      .where(eq(organizations.registrationNumber, String(result.registrationNumber)));
    invalidateCache(
      context,
      entityTag('Organization', String(result.registrationNumber)),
      ...Object.values(seat ?? {})
        .filter((code): code is string => typeof code === 'string')
        .map((code) => entityTag('AdministrativeUnit', code)),
    );
    return {
      result,
      organization: organization && { ...organization, requestedOn: context.today },
    };
  };
}

/** Resolvers of the ministry's writes. */
export const resolvers = {
  Mutation: {
    registerOrganization: mutation<RegisterOrganizationInput>(
      'registerOrganization',
      registerOrganization,
    ),
    approveCharter: mutation<ApproveCharterInput>('approveCharter', approveCharter),
    fileFinancialReport: mutation<FileFinancialReportInput>(
      'fileFinancialReport',
      fileFinancialReport,
    ),
    changeOrganizationStatus: mutation<ChangeOrganizationStatusInput>(
      'changeOrganizationStatus',
      changeOrganizationStatus,
    ),
  },
  ApproveCharterPayload: {
    charter: async (payload: { result: WriteResult }, _: unknown, context: AssociationsContext) => {
      const [row] = await context.db
        .select()
        .from(charters)
        .where(eq(charters.id, Number(payload.result.charterId)));
      return row;
    },
  },
  FileFinancialReportPayload: {
    financialReport: async (
      payload: { result: WriteResult },
      _: unknown,
      context: AssociationsContext,
    ) => {
      const [row] = await context.db
        .select()
        .from(financialReports)
        .where(eq(financialReports.id, Number(payload.result.financialReportId)));
      return row;
    },
  },
};

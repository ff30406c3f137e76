import { inputError } from '@home-affairs/graphql';
import { and, eq } from 'drizzle-orm';
import { financialReports } from '../db/schema.ts';
import { inExistence, loadForWrite, statusOnDay } from './lockForWrite.ts';
import { insertRecorded, type Transaction, type WriteResult } from './recordChange.ts';
import { checkAmount, checkNotFuture, type Writer } from './writeChecks.ts';
/** `fileFinancialReport` input. */
export interface FileFinancialReportInput {
  idempotencyKey: string;
  registrationNumber: string;
  provinceCode: string;
  year: number;
  filedOn: string;
  incomeVnd: number;
  expensesVnd: number;
  domesticSponsorshipVnd: number;
  foreignAidVnd: number;
}

/** Files an annual financial report; returns its id. */
export async function fileFinancialReport(
  tx: Transaction,
  writer: Writer,
  input: FileFinancialReportInput,
): Promise<WriteResult> {
  const organization = await loadForWrite(tx, writer, input);
  checkNotFuture(input.filedOn, writer, 'input.filedOn');
  const filedYear = Number(input.filedOn.slice(0, 4));
  const registeredYear = Number(organization.registeredOn.slice(0, 4));
  if (input.year < registeredYear || input.year >= filedYear) {
    throw inputError('year must be from the year of registration to the year before filedOn.', {
      field: 'input.year',
      code: 'RULE_VIOLATION',
    });
  }
  for (const field of [
    'incomeVnd',
    'expensesVnd',
    'domesticSponsorshipVnd',
    'foreignAidVnd',
  ] as const) {
    checkAmount(input[field], `input.${field}`);
  }
  if (input.domesticSponsorshipVnd + input.foreignAidVnd > input.incomeVnd) {
    throw inputError(
      'Domestic sponsorship and foreign aid are part of the income: their sum exceeds it.',
      {
        field: 'input.domesticSponsorshipVnd',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const status = await statusOnDay(tx, organization, input.filedOn);
  if (!inExistence(status)) {
    throw inputError(
      `A ${status?.toLowerCase() ?? 'unregistered'} organisation cannot file reports.`,
      {
        field: 'input.registrationNumber',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const [existing] = await tx
    .select({ id: financialReports.id })
    .from(financialReports)
    .where(
      and(
        eq(financialReports.registrationNumber, organization.registrationNumber),
        eq(financialReports.year, input.year),
      ),
    );
  if (existing) {
    throw inputError('A report for this year is already filed.', {
      field: 'input.year',
      code: 'CONFLICT',
    });
  }
  const row = {
    registrationNumber: organization.registrationNumber,
    year: input.year,
    filedOn: input.filedOn,
    incomeVnd: input.incomeVnd,
    expensesVnd: input.expensesVnd,
    domesticSponsorshipVnd: input.domesticSponsorshipVnd,
    foreignAidVnd: input.foreignAidVnd,
  };
  return insertRecorded(tx, writer.identity, financialReports, row, {
    operation: 'fileFinancialReport',
    entity: 'financialReport',
    entityKey: `${row.registrationNumber}/${row.year}`,
    idKey: 'financialReportId',
  });
}

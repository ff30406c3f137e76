import { inputError, reformDate } from '@home-affairs/graphql';
import { desc, eq } from 'drizzle-orm';
import { charters } from '../db/schema.ts';
import { agencyCode } from './licensing.ts';
import { inExistence, loadForWrite, statusOnDay } from './lockForWrite.ts';
import { insertRecorded, type Transaction, type WriteResult } from './recordChange.ts';
import { checkNotFuture, checkText, type Writer } from './writeChecks.ts';
/** `approveCharter` input. */
export interface ApproveCharterInput {
  idempotencyKey: string;
  registrationNumber: string;
  provinceCode: string;
  adoptedOn: string;
  approvedOn: string;
  decisionNumber: string;
  revisedForTwoTierModel?: boolean | null;
}

/** Approves a new charter version; returns its id. */
export async function approveCharter(
  tx: Transaction,
  writer: Writer,
  input: ApproveCharterInput,
): Promise<WriteResult> {
  const organization = await loadForWrite(tx, writer, input);
  const decisionNumber = checkText(input.decisionNumber, 'input.decisionNumber', 100);
  if (input.adoptedOn > input.approvedOn) {
    throw inputError('adoptedOn must not be after approvedOn.', {
      field: 'input.adoptedOn',
      code: 'RULE_VIOLATION',
    });
  }
  checkNotFuture(input.approvedOn, writer, 'input.approvedOn');
  const status = await statusOnDay(tx, organization, input.approvedOn);
  if (!inExistence(status)) {
    throw inputError(
      `The organisation did not exist on approvedOn (${status ?? 'not registered yet'}).`,
      {
        field: 'input.approvedOn',
        code: 'RULE_VIOLATION',
      },
    );
  }
  if (input.revisedForTwoTierModel && input.approvedOn < reformDate) {
    throw inputError(`A revision for the two-tier model is approved on or after ${reformDate}.`, {
      field: 'input.revisedForTwoTierModel',
      code: 'RULE_VIOLATION',
    });
  }
  const [latest] = await tx
    .select()
    .from(charters)
    .where(eq(charters.registrationNumber, organization.registrationNumber))
    .orderBy(desc(charters.version))
    .limit(1);
  if (latest && input.approvedOn < latest.approvedOn) {
    throw inputError(
      `approvedOn must not be before the current charter's (${latest.approvedOn}).`,
      {
        field: 'input.approvedOn',
        code: 'RULE_VIOLATION',
      },
    );
  }
  const row = {
    registrationNumber: organization.registrationNumber,
    version: (latest?.version ?? 0) + 1,
    adoptedOn: input.adoptedOn,
    approvedOn: input.approvedOn,
    decisionNumber,
    approvingAgencyCode: agencyCode(
      organization.licensingLevel,
      organization.seatCurrentProvinceCode,
      organization.seatCurrentCode,
    ),
    twoTierReview: input.revisedForTwoTierModel
      ? ('REVISED' as const)
      : input.approvedOn >= reformDate
        ? ('NOT_REQUIRED' as const)
        : ('REVISION_REQUIRED' as const),
  };
  return insertRecorded(tx, writer.identity, charters, row, {
    operation: 'approveCharter',
    entity: 'charter',
    entityKey: `${row.registrationNumber}/${row.version}`,
    idKey: 'charterId',
  });
}

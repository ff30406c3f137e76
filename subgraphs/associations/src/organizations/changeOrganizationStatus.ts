import { inputError } from '@home-affairs/graphql';
import { and, desc, eq, gte } from 'drizzle-orm';
import { organizationStatuses, organizations } from '../db/schema.ts';
import { inExistence, latestStatusChange, lockForWrite, statusOnDay } from './lockForWrite.ts';
import type { OrganizationStatus } from './queries.ts';
import { recordChange, type Transaction, type WriteResult } from './recordChange.ts';
import {
  checkMayWrite,
  checkNotFuture,
  checkText,
  checkWriterMayTouch,
  type Writer,
} from './writeChecks.ts';
/** `changeOrganizationStatus` input. */
export interface ChangeOrganizationStatusInput {
  idempotencyKey: string;
  registrationNumber: string;
  provinceCode: string;
  status: OrganizationStatus;
  effectiveOn: string;
  decisionNumber: string;
  reason?: string | null;
  mergedInto?: string | null;
}

/** The trimmed registration number, and the partner of a merger (null for another status). */
function checkMergedInto(input: ChangeOrganizationStatusInput) {
  const registrationNumber = input.registrationNumber.trim();
  let mergedInto: string | null = null;
  if (input.status === 'MERGED') {
    if (!input.mergedInto) {
      throw inputError('A merger names the organisation merged into.', {
        field: 'input.mergedInto',
      });
    }
    mergedInto = input.mergedInto.trim();
    if (mergedInto === registrationNumber) {
      throw inputError('An organisation cannot merge into itself.', {
        field: 'input.mergedInto',
        code: 'RULE_VIOLATION',
      });
    }
  } else if (input.mergedInto != null) {
    throw inputError('mergedInto goes with the status MERGED only.', { field: 'input.mergedInto' });
  }
  return { registrationNumber, mergedInto };
}

/** Refuses to end an organisation before the day another one merged into it. */
async function checkNoLaterMergerInto(
  tx: Transaction,
  registrationNumber: string,
  effectiveOn: string,
) {
  const [predecessor] = await tx
    .select({ validFrom: organizationStatuses.validFrom })
    .from(organizationStatuses)
    .where(
      and(
        eq(organizationStatuses.mergedInto, registrationNumber),
        eq(organizationStatuses.status, 'MERGED'),
        gte(organizationStatuses.validFrom, effectiveOn),
      ),
    )
    .orderBy(desc(organizationStatuses.validFrom))
    .limit(1);
  if (predecessor) {
    throw inputError(
      `Another organisation merged into this one on ${predecessor.validFrom}: it cannot end before that.`,
      { field: 'input.effectiveOn', code: 'RULE_VIOLATION' },
    );
  }
}

/**
 * Changes an organisation's status from a day on. The organisation and the one it merges into
 * are locked together (lockForWrite), so that the merger's partner cannot end meanwhile; an
 * organisation may not end on or before a day another one merged into it (a successor outlives
 * what it took over, so mergers never loop).
 */
export async function changeOrganizationStatus(
  tx: Transaction,
  writer: Writer,
  input: ChangeOrganizationStatusInput,
): Promise<WriteResult> {
  const { registrationNumber, mergedInto } = checkMergedInto(input);
  const [organization, partner] = await lockForWrite(tx, [
    { registrationNumber, field: 'input.registrationNumber' },
    ...(mergedInto ? [{ registrationNumber: mergedInto, field: 'input.mergedInto' }] : []),
  ]);
  checkMayWrite(writer, organization!, input.provinceCode);
  if (partner) checkWriterMayTouch(writer, partner, 'input.mergedInto');
  const decisionNumber = checkText(input.decisionNumber, 'input.decisionNumber', 100);
  const latest = await latestStatusChange(tx, registrationNumber);
  const current = latest?.status ?? 'ACTIVE';
  if (current === 'DISSOLVED' || current === 'MERGED') {
    throw inputError(`The organisation is ${current.toLowerCase()}: its status is final.`, {
      field: 'input.status',
      code: 'RULE_VIOLATION',
    });
  }
  if (input.status === current) {
    throw inputError(`The organisation is already ${current.toLowerCase()}.`, {
      field: 'input.status',
      code: 'RULE_VIOLATION',
    });
  }
  const since = latest?.validFrom ?? organization!.registeredOn;
  if (input.effectiveOn <= since) {
    throw inputError(`effectiveOn must be after the current status began (${since}).`, {
      field: 'input.effectiveOn',
      code: 'RULE_VIOLATION',
    });
  }
  checkNotFuture(input.effectiveOn, writer, 'input.effectiveOn');
  if (partner) {
    const partnerStatus = await statusOnDay(tx, partner, input.effectiveOn);
    if (partner.kind !== organization!.kind || !inExistence(partnerStatus)) {
      throw inputError(
        'mergedInto must be an organisation of the same kind in existence on effectiveOn.',
        {
          field: 'input.mergedInto',
          code: 'RULE_VIOLATION',
        },
      );
    }
  }
  const ends = input.status === 'DISSOLVED' || input.status === 'MERGED';
  if (ends) await checkNoLaterMergerInto(tx, registrationNumber, input.effectiveOn);
  if (latest) {
    await tx
      .update(organizationStatuses)
      .set({ validTo: input.effectiveOn })
      .where(eq(organizationStatuses.id, latest.id));
  }
  const row = {
    registrationNumber,
    status: input.status,
    validFrom: input.effectiveOn,
    validTo: null,
    decisionNumber,
    reason: input.reason?.trim() || null,
    mergedInto,
    synthetic: false,
  };
  await tx.insert(organizationStatuses).values(row);
  if (ends) {
    await tx
      .update(organizations)
      .set({ endedOn: input.effectiveOn })
      .where(eq(organizations.registrationNumber, registrationNumber));
  }
  await recordChange(tx, writer.identity, {
    operation: 'changeOrganizationStatus',
    entity: 'organization',
    entityKey: registrationNumber,
    before: { status: current, since, endedOn: organization!.endedOn },
    after: { ...row, endedOn: ends ? input.effectiveOn : organization!.endedOn },
  });
  return { registrationNumber };
}

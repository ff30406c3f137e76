import { inputError } from '@home-affairs/graphql';
import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm';
import { organizationStatuses, organizations } from '../db/schema.ts';
import type { OrganizationStatus } from './queries.ts';
import type { Transaction } from './recordChange.ts';
import { checkMayWrite, type Writer } from './writeChecks.ts';
/**
 * Reads and locks organisations (FOR UPDATE) in registration-number order, in one statement:
 * every write locks the organisations it reads rules from through here, so two writes on the
 * same organisations take turns and never wait for each other in a cycle (a merge of A into B
 * and one of B into A lock A, then B, both). Refuses an unknown one with NOT_FOUND naming the
 * input field it came from.
 */
export async function lockForWrite(
  tx: Transaction,
  wanted: { registrationNumber: string; field: string }[],
) {
  const rows = await tx
    .select()
    .from(organizations)
    .where(
      inArray(
        organizations.registrationNumber,
        wanted.map((item) => item.registrationNumber),
      ),
    )
    .orderBy(asc(organizations.registrationNumber))
    .for('update');
  return wanted.map(({ registrationNumber, field }) => {
    const row = rows.find((candidate) => candidate.registrationNumber === registrationNumber);
    if (!row) {
      throw inputError(`No organisation has the registration number given as ${field}.`, {
        field,
        code: 'NOT_FOUND',
      });
    }
    return row;
  });
}

/** Locks the organisation `input.registrationNumber` and checks the writer may write it. */
export async function loadForWrite(
  tx: Transaction,
  writer: Writer,
  input: { registrationNumber: string; provinceCode: string },
) {
  const [row] = await lockForWrite(tx, [
    { registrationNumber: input.registrationNumber.trim(), field: 'input.registrationNumber' },
  ]);
  checkMayWrite(writer, row!, input.provinceCode);
  return row!;
}

/** The latest status change of an organisation, if any; with `day`, the latest from that day or before. */
export async function latestStatusChange(
  tx: Transaction,
  registrationNumber: string,
  day?: string,
) {
  const [latest] = await tx
    .select()
    .from(organizationStatuses)
    .where(
      and(
        eq(organizationStatuses.registrationNumber, registrationNumber),
        day === undefined ? undefined : lte(organizationStatuses.validFrom, day),
      ),
    )
    .orderBy(desc(organizationStatuses.validFrom), desc(organizationStatuses.id))
    .limit(1);
  return latest;
}

/** Whether an organisation with this status on a day existed that day. */
export function inExistence(status: OrganizationStatus | null): boolean {
  return status === 'ACTIVE' || status === 'SUSPENDED';
}

/** The status of an organisation on a day: null before its registration. */
export async function statusOnDay(
  tx: Transaction,
  organization: { registrationNumber: string; registeredOn: string },
  day: string,
): Promise<OrganizationStatus | null> {
  if (day < organization.registeredOn) return null;
  const change = await latestStatusChange(tx, organization.registrationNumber, day);
  return change?.status ?? 'ACTIVE';
}

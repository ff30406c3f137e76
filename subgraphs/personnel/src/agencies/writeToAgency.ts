import { inputError } from '@home-affairs/graphql';
import { type Identity, requireProvince } from '@home-affairs/identity';
import type { PersonnelTransaction } from '../common/personnelDatabase.ts';
import type { PersonnelContext } from '../context.ts';
import type { AgencyRow } from '../db/schema.ts';
import { type Change, idempotent } from '../history/idempotent.ts';
import { agencyForWrite } from './queries.ts';

/** What every write to one agency carries besides its own fields. */
export interface AgencyWriteInput {
  idempotencyKey: string;
  agencyCode: string;
  /** Province of the agency; required from a province-restricted writer. */
  provinceCode?: string | null;
}

/**
 * Checks that a write may touch `agency`: the `provinceCode` of the input, when given, must be the
 * agency's, and a province-restricted writer may only touch agencies of its province (central
 * agencies have none, so such a writer can never touch them).
 */
function checkAgencyProvince(
  identity: Identity,
  agency: AgencyRow,
  provinceCode: string | null | undefined,
): void {
  if (provinceCode != null && provinceCode !== agency.provinceCode) {
    throw inputError(`Agency ${agency.code} is not an agency of province ${provinceCode}.`, {
      field: 'input.provinceCode',
      code: 'RULE_VIOLATION',
    });
  }
  requireProvince(identity, agency.provinceCode);
}

/**
 * Runs one write to the agency `input.agencyCode` once per idempotency key (see idempotent): reads
 * and locks the agency (NOT_FOUND naming `input.agencyCode`), checks the input's and the writer's
 * province, then hands the agency to `write`.
 */
export function writeToAgency<TResult extends Record<string, unknown>>(
  context: PersonnelContext,
  operation: string,
  input: AgencyWriteInput,
  write: (
    tx: PersonnelTransaction,
    agency: AgencyRow,
  ) => Promise<{ result: TResult; changes: Change[] }>,
): Promise<TResult> {
  return idempotent(context.db, context.identity, operation, { ...input }, async (tx) => {
    const agency = await agencyForWrite(tx, input.agencyCode, 'input.agencyCode');
    checkAgencyProvince(context.identity, agency, input.provinceCode);
    return write(tx, agency);
  });
}

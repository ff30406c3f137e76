import { inputError } from '@home-affairs/graphql';
import { type Identity, requireProvince } from '@home-affairs/identity';
import type { AgencyRow } from '../db/schema.ts';

/**
 * Checks that a write may touch `agency`: the `provinceCode` of the input, when given, must be the
 * agency's, and a province-restricted writer may only touch agencies of its province (central
 * agencies have none, so such a writer can never touch them).
 */
export function checkAgencyProvince(
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

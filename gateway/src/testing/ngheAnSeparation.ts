/** The personal inputs of a separation: what must never reach a log, a span or the audit log. */
export interface SeparatedPerson {
  fullName: string;
  nationalId: string;
  birthDate: string;
}

/**
 * A `RecordSeparationInput` of a civil servant of Nghệ An's people's committee (`UBND-40`), for
 * the tests of personal fields; `benefitAmount` is 350,000,000 ₫ unless given.
 */
export function ngheAnSeparation(
  input: SeparatedPerson & {
    idempotencyKey: string;
    reason: 'RESIGNATION' | 'EARLY_RETIREMENT';
    effectiveDate: string;
    benefitAmount?: number;
  },
) {
  return {
    agencyCode: 'UBND-40',
    provinceCode: '40',
    category: 'CIVIL_SERVANT',
    benefitAmount: 350_000_000,
    ...input,
  };
}

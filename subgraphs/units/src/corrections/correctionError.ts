import { type InputErrorCode, inputError } from '@home-affairs/graphql';
import type { GraphQLError } from 'graphql';

/** The rules a correction can break, each named in the error's `extensions.rule`. */
export type CorrectionRule =
  /** A code with no version in force on the day the operation needs it. */
  | 'UNIT_NOT_IN_FORCE'
  /** A new code that already names a unit on or after the effective date. */
  | 'CODE_IN_USE'
  /** A type of another level, a link between levels that cannot follow each other. */
  | 'LEVEL_MISMATCH'
  /** The same code twice, or a unit merged into itself. */
  | 'DUPLICATE_UNIT'
  /** A rename or retype to the values the unit already has. */
  | 'NO_CHANGE'
  /** A unit that ceases while units under it are still in force. */
  | 'ORPHANED_UNITS'
  /** A unit that would cease before history already recorded after the date (later versions or links). */
  | 'LATER_HISTORY'
  /** A WHOLE link beside other links of the same old unit on the same day, or a WHOLE link from a unit that continues. */
  | 'SHARE_CONFLICT';

/** Where a rule's error code comes from: a missing record is NOT_FOUND, the rest RULE_VIOLATION. */
const codeOfRule: Record<CorrectionRule, InputErrorCode> = {
  UNIT_NOT_IN_FORCE: 'NOT_FOUND',
  CODE_IN_USE: 'CONFLICT',
  LEVEL_MISMATCH: 'RULE_VIOLATION',
  DUPLICATE_UNIT: 'BAD_USER_INPUT',
  NO_CHANGE: 'RULE_VIOLATION',
  ORPHANED_UNITS: 'RULE_VIOLATION',
  LATER_HISTORY: 'RULE_VIOLATION',
  SHARE_CONFLICT: 'RULE_VIOLATION',
};

/**
 * A refused correction: the client's error code for the rule (NOT_FOUND, CONFLICT,
 * RULE_VIOLATION, BAD_USER_INPUT), the rule itself and the input field it concerns.
 */
export function correctionError(
  rule: CorrectionRule,
  field: string,
  message: string,
): GraphQLError {
  return inputError(message, { field, code: codeOfRule[rule], details: { rule } });
}

/** A malformed input value (format, length, range): BAD_USER_INPUT naming the field. */
export function badInput(field: string, message: string): GraphQLError {
  return inputError(message, { field });
}

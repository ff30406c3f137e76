/** Why a change set was refused. */
export type ChangeSetErrorCode =
  /** Not JSON, or not the documented shape. */
  | 'CHANGE_SET_INVALID'
  /** A code that is not in force when the operation needs it. */
  | 'CHANGE_SET_UNKNOWN_UNIT'
  /** The effective date is not after the versions it would close, or history after it exists. */
  | 'CHANGE_SET_DATE_ORDER'
  /** A change set with this id was applied from a different file. */
  | 'CHANGE_SET_CHECKSUM_MISMATCH'
  /** A code in two operations, or established while already in force. */
  | 'CHANGE_SET_DUPLICATE_UNIT'
  /** A type of another level, or a parent that cannot hold the unit. */
  | 'CHANGE_SET_LEVEL_MISMATCH'
  /** The unit is not what the operation's `expect` says. */
  | 'CHANGE_SET_EXPECTATION_FAILED'
  /** An update that changes nothing. */
  | 'CHANGE_SET_NO_CHANGE'
  /** Abolishing or moving a unit would leave units under it without a parent in force. */
  | 'CHANGE_SET_ORPHANED_UNITS'
  /** A WHOLE link beside other links of the same old unit that day, or from a unit still in force. */
  | 'CHANGE_SET_SHARE_CONFLICT';

/** One problem found in a change set, located by a JSON path. */
export interface ChangeSetIssue {
  code: ChangeSetErrorCode;
  /** Where in the file, e.g. `operations[3].set.type`. */
  path: string;
  message: string;
}

/**
 * A change set that was refused. `code` is the code of the first issue; `issues` lists them all,
 * so that one run reports every mistake in a file. Nothing of a refused change set is written.
 */
export class ChangeSetError extends Error {
  readonly code: ChangeSetErrorCode;
  readonly issues: ChangeSetIssue[];

  constructor(issues: ChangeSetIssue[], options?: { cause?: unknown }) {
    const [first] = issues;
    if (!first) throw new Error('ChangeSetError needs at least one issue');
    super(
      issues.map((issue) => `${issue.code} at ${issue.path}: ${issue.message}`).join('\n'),
      options,
    );
    this.name = 'ChangeSetError';
    this.code = first.code;
    this.issues = issues;
  }
}

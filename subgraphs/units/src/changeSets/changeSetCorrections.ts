import { GraphQLError } from 'graphql';
import {
  mergeUnits,
  recordLineageLinks,
  renameUnit,
  retypeUnit,
  splitUnit,
} from '../corrections/correctionWrites.ts';
import { type HistoryChanges, HistoryEditor, versionChange } from '../corrections/HistoryEditor.ts';
import type { AdministrativeUnitRow, NewUnitTransition } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';
import { ChangeSetError, type ChangeSetIssue } from './ChangeSetError.ts';
import type { ChangeSet, CorrectionOperation } from './parseChangeSet.ts';

/** The correction functions, by the name a change set gives them. */
const correctionWrites = { recordLineageLinks, renameUnit, retypeUnit, mergeUnits, splitUnit };

/** The change set error code of each rule a correction can break. */
const changeSetCodeOfRule: Record<string, ChangeSetIssue['code']> = {
  UNIT_NOT_IN_FORCE: 'CHANGE_SET_UNKNOWN_UNIT',
  CODE_IN_USE: 'CHANGE_SET_DUPLICATE_UNIT',
  DUPLICATE_UNIT: 'CHANGE_SET_DUPLICATE_UNIT',
  LEVEL_MISMATCH: 'CHANGE_SET_LEVEL_MISMATCH',
  NO_CHANGE: 'CHANGE_SET_NO_CHANGE',
  ORPHANED_UNITS: 'CHANGE_SET_ORPHANED_UNITS',
  LATER_HISTORY: 'CHANGE_SET_DATE_ORDER',
  SHARE_CONFLICT: 'CHANGE_SET_SHARE_CONFLICT',
};

/**
 * Applies one correction of a change set through the code of the mutation of the same name,
 * with the change set's date and legal basis; a refusal becomes a ChangeSetError located in the
 * file (`input.codes.0` -> `$.operations[3].codes[0]`).
 */
export async function applyCorrection(
  tx: UnitsDatabase,
  changeSet: ChangeSet,
  correction: CorrectionOperation,
): Promise<HistoryChanges> {
  const legalBasis = correction.resolution ?? changeSet.resolution ?? `change set ${changeSet.id}`;
  const editor = new HistoryEditor(tx, `changeset:${changeSet.id} (${legalBasis})`, legalBasis);
  const input = { ...correction.input, legalBasis, effectiveDate: changeSet.effectiveDate };
  const path = `$.operations[${correction.index}]`;
  try {
    await correctionWrites[correction.op](editor, input as never);
  } catch (error) {
    if (!(error instanceof GraphQLError)) {
      // A field of the wrong JSON type reaches the correction's code as a TypeError.
      if (error instanceof TypeError) {
        throw new ChangeSetError([
          {
            code: 'CHANGE_SET_INVALID',
            path,
            message: `fields of the wrong type: ${error.message}`,
          },
        ]);
      }
      throw error;
    }
    const field = String(error.extensions.field ?? 'input');
    const rule = String(error.extensions.rule ?? '');
    throw new ChangeSetError([
      {
        code: changeSetCodeOfRule[rule] ?? 'CHANGE_SET_INVALID',
        path: `${path}${field.replace(/^input/u, '').replace(/\.(\d+)/gu, '[$1]')}`,
        message: error.message,
      },
    ]);
  }
  return editor.changes;
}

/** Appends `more` to `changes`, keeping each re-attributed code once. */
export function mergeChanges(changes: HistoryChanges, more: HistoryChanges): void {
  changes.versionsClosed.push(...more.versionsClosed);
  changes.versionsOpened.push(...more.versionsOpened);
  changes.versionsAmended.push(...more.versionsAmended);
  changes.linksAdded.push(...more.linksAdded);
  changes.linksAmended.push(...more.linksAmended);
  for (const code of more.reattributedFrom) {
    if (!changes.reattributedFrom.includes(code)) changes.reattributedFrom.push(code);
  }
}

/** A change set's writes in the shape of a correction's changes, for the history. */
export function changeSetChanges(
  closed: AdministrativeUnitRow[],
  opened: AdministrativeUnitRow[],
  transitions: NewUnitTransition[],
): HistoryChanges {
  const stillInForce = new Set(opened.map((row) => row.code));
  return {
    versionsClosed: closed.map((row) => versionChange(row, { validTo: null })),
    versionsOpened: opened.map((row) => versionChange(row)),
    versionsAmended: [],
    linksAdded: transitions.map((link) => ({
      predecessorCode: link.predecessorCode,
      successorCode: link.successorCode,
      effectiveDate: link.effectiveDate,
      share: link.share,
      resolution: link.resolution ?? null,
    })),
    linksAmended: [],
    reattributedFrom: [
      ...new Set([
        ...closed.filter((row) => !stillInForce.has(row.code)).map((row) => row.code),
        ...transitions
          .filter((link) => link.predecessorCode !== link.successorCode)
          .map((link) => link.predecessorCode),
      ]),
    ],
  };
}

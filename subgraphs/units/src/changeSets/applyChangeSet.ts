import { createHash } from 'node:crypto';
import type { Logger } from '@home-affairs/service';
import { eq, inArray } from 'drizzle-orm';
import { lockUnitHistory } from '../corrections/HistoryEditor.ts';
import { administrativeUnits, changeSets, unitCorrections, unitTransitions } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';
import { ChangeSetError } from './ChangeSetError.ts';
import { applyCorrection, changeSetChanges, mergeChanges } from './changeSetCorrections.ts';
import { type ChangeSet, parseChangeSet } from './parseChangeSet.ts';
import { planChangeSet } from './planChangeSet.ts';

/** What applying one change set did. */
export interface ChangeSetResult {
  id: string;
  effectiveDate: string;
  /** `already-applied` when a change set with this id and checksum was applied before. */
  status: 'applied' | 'already-applied';
  checksum: string;
  versionsClosed: number;
  versionsOpened: number;
  transitions: number;
}

/** SHA-256 of a change set file, hex-encoded, as stored in `change_sets.checksum`. */
export function changeSetChecksum(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Applies one change set file in one transaction: closes the versions in force (valid_to = the
 * effective date), opens the new ones, writes the transitions and records the change set with
 * the file's checksum. Re-applying the same file is a no-op; an edited file whose id was already
 * applied, or any invalid operation, throws a `ChangeSetError` and writes nothing.
 */
export async function applyChangeSet(
  db: UnitsDatabase,
  text: string,
  options: {
    /** When given, the change set's id must be this file's name without `.json`. */
    fileName?: string;
    logger?: Logger;
  } = {},
): Promise<ChangeSetResult> {
  const checksum = changeSetChecksum(text);
  const changeSet = parseChangeSet(text);
  if (options.fileName) {
    const expected = options.fileName.replace(/^.*[\\/]/u, '').replace(/\.json$/u, '');
    if (changeSet.id !== expected) {
      throw new ChangeSetError([
        {
          code: 'CHANGE_SET_INVALID',
          path: '$.id',
          message: `is ${JSON.stringify(changeSet.id)} but the file is ${expected}.json: name the file after the id`,
        },
      ]);
    }
  }

  const result = await db.transaction(async (tx) => {
    // Serialises appliers on Postgres, so two replicas cannot both apply the same change set, and
    // with the corrections recorded through the graph: both write the same history.
    await lockUnitHistory(tx);
    const [applied] = await tx
      .select({ checksum: changeSets.checksum })
      .from(changeSets)
      .where(eq(changeSets.id, changeSet.id));
    const base = { id: changeSet.id, effectiveDate: changeSet.effectiveDate, checksum };
    if (applied) {
      if (applied.checksum !== checksum) {
        throw new ChangeSetError([
          {
            code: 'CHANGE_SET_CHECKSUM_MISMATCH',
            path: '$',
            message: `change set ${changeSet.id} was applied from a file with checksum ${applied.checksum}; this file's is ${checksum}. An applied change set is never edited: write a new one`,
          },
        ]);
      }
      return {
        ...base,
        status: 'already-applied' as const,
        versionsClosed: 0,
        versionsOpened: 0,
        transitions: 0,
      };
    }
    return writeChangeSet(tx, changeSet, checksum);
  });
  options.logger?.info(
    {
      changeSet: result.id,
      status: result.status,
      effectiveDate: result.effectiveDate,
      versionsClosed: result.versionsClosed,
      versionsOpened: result.versionsOpened,
      transitions: result.transitions,
    },
    'units change set',
  );
  return result;
}

/** Plans a change set not applied before and writes it: versions, transitions, history. */
async function writeChangeSet(
  tx: UnitsDatabase,
  changeSet: ChangeSet,
  checksum: string,
): Promise<ChangeSetResult> {
  const plan = await planChangeSet(tx, changeSet);
  const closed =
    plan.close.length > 0
      ? await tx
          .update(administrativeUnits)
          .set({ validTo: changeSet.effectiveDate })
          .where(inArray(administrativeUnits.id, plan.close))
          .returning()
      : [];
  const opened =
    plan.open.length > 0 ? await tx.insert(administrativeUnits).values(plan.open).returning() : [];
  if (plan.transitions.length > 0) await tx.insert(unitTransitions).values(plan.transitions);
  const changes = changeSetChanges(closed, opened, plan.transitions);
  for (const correction of changeSet.corrections) {
    mergeChanges(changes, await applyCorrection(tx, changeSet, correction));
  }
  // The same append-only history as the corrections recorded through the graph.
  await tx.insert(unitCorrections).values({
    operation: 'applyChangeSet',
    subject: null,
    legalBasis: changeSet.resolution ?? `change set ${changeSet.id}`,
    effectiveDate: changeSet.effectiveDate,
    source: `changeset:${changeSet.id}`,
    input: { id: changeSet.id, title: changeSet.title, checksum },
    changes,
  });
  await tx.insert(changeSets).values({
    id: changeSet.id,
    title: changeSet.title,
    resolution: changeSet.resolution ?? null,
    effectiveDate: changeSet.effectiveDate,
    checksum,
  });
  return {
    id: changeSet.id,
    effectiveDate: changeSet.effectiveDate,
    checksum,
    status: 'applied' as const,
    versionsClosed: changes.versionsClosed.length,
    versionsOpened: changes.versionsOpened.length,
    transitions: changes.linksAdded.length,
  };
}

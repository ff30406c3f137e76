import { runIdempotently, type TransactionOf } from '@home-affairs/idempotency';
import { forbiddenError, type Identity } from '@home-affairs/identity';
import { eq } from 'drizzle-orm';
import { idempotencyKeys, type UnitCorrectionRow, unitCorrections } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';
import { type CorrectionBase, checkBase } from './correctionWrites.ts';
import { type HistoryChanges, HistoryEditor, lockUnitHistory } from './HistoryEditor.ts';

/** What a correction mutation answers: the correction recorded (none on a dry run) and its changes. */
export interface CorrectionOutcome {
  dryRun: boolean;
  correction: UnitCorrectionRow | null;
  changes: HistoryChanges;
}

/** Thrown inside the transaction of a dry run, so that everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly changes: HistoryChanges) {
    super('dry run: rolled back');
  }
}

/**
 * Records one correction: under the history lock, the write edits versions and links through a
 * HistoryEditor, then one append-only `unit_corrections` row keeps who, why, from when, the input
 * and the changes. A dry run does exactly the same in a transaction that is rolled back, so it
 * shows what the real run would change and writes nothing (nor claims the idempotency key); a
 * real run is idempotent by `idempotencyKey` (@home-affairs/idempotency).
 */
export async function runCorrection<TInput extends CorrectionBase>(options: {
  db: UnitsDatabase;
  identity: Identity;
  today: string;
  operation: string;
  input: TInput & { idempotencyKey: string; dryRun?: boolean | null };
  write: (editor: HistoryEditor, input: TInput) => Promise<void>;
}): Promise<CorrectionOutcome> {
  const { db, identity, operation } = options;
  const { idempotencyKey: key, dryRun, ...rest } = options.input;
  const input = rest as unknown as TInput;
  if (identity.province) {
    throw forbiddenError(
      'Administrative units are recorded nationally: a province-restricted writer cannot correct their history.',
    );
  }
  checkBase(input, options.today);
  const legalBasis = input.legalBasis.trim();

  const body = async (tx: TransactionOf<UnitsDatabase>) => {
    await lockUnitHistory(tx);
    const editor = new HistoryEditor(tx, `graph:${operation} (${legalBasis})`, legalBasis);
    await options.write(editor, input);
    if (dryRun) throw new DryRunRollback(editor.changes);
    const [row] = await tx
      .insert(unitCorrections)
      .values({
        operation,
        subject: identity.subject,
        legalBasis,
        effectiveDate: input.effectiveDate,
        source: 'graph',
        input,
        changes: editor.changes,
      })
      .returning({ id: unitCorrections.id });
    return { correctionId: row!.id };
  };

  if (dryRun) {
    try {
      await db.transaction(body);
    } catch (error) {
      if (error instanceof DryRunRollback) {
        return { dryRun: true, correction: null, changes: error.changes };
      }
      throw error;
    }
    throw new Error('a dry run must roll back');
  }
  const { correctionId } = await runIdempotently(
    db,
    {
      table: idempotencyKeys,
      operation,
      key,
      input: input as unknown as Record<string, unknown>,
      subject: identity.subject,
    },
    body,
  );
  const [correction] = await db
    .select()
    .from(unitCorrections)
    .where(eq(unitCorrections.id, Number(correctionId)));
  return { dryRun: false, correction: correction!, changes: correction!.changes as HistoryChanges };
}

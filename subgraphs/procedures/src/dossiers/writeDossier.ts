import { inputError } from '@home-affairs/graphql';
import { runIdempotently } from '@home-affairs/idempotency';
import { type Identity, requireProvince } from '@home-affairs/identity';
import { eq, sql } from 'drizzle-orm';
import type { Catalogue } from '../catalogue/queries.ts';
import { levelInForce, statusOn } from '../catalogue/queries.ts';
import { type DossierRow, dossiers, history, idempotencyKeys } from '../db/schema.ts';
import { statisticsDeltas } from '../statistics/dossierEvents.ts';
import { applyStatisticsDeltas } from '../statistics/queries.ts';
import { calendarSpan } from '../workingDays/publicHolidays.ts';
import {
  computeDueDay,
  type DossiersDatabase,
  findDirectoryUnit,
  isDossierId,
  lockDossier,
} from './queries.ts';

/** The dossier writes, by mutation name. */
export type DossierOperation =
  | 'receiveDossier'
  | 'resolveDossier'
  | 'returnDossier'
  | 'withdrawDossier'
  | 'issueDossierApology';

/** Who writes, and the day the write happens. */
export interface WriteContext {
  db: DossiersDatabase;
  identity: Identity;
  catalogue: Catalogue;
  today: string;
}

/** Fields every write input has. */
interface BaseInput {
  idempotencyKey: string;
  provinceCode: string;
}

/** Input of `receiveDossier`. */
export interface ReceiveInput extends BaseInput {
  procedureCode: string;
  unitCode: string;
  channel: DossierRow['channel'];
  receivedOn?: string | null;
  digitized?: boolean | null;
  feePaidOnline?: boolean | null;
}

/** Input of the writes on an existing dossier. */
export interface DossierChangeInput extends BaseInput {
  dossierId: string;
  resolvedOn?: string | null;
  resultDigitized?: boolean | null;
  returnedOn?: string | null;
  withdrawnOn?: string | null;
  issuedOn?: string | null;
  reason?: string;
  newDueOn?: string;
}

function ruleViolation(message: string, field: string, rule: string) {
  return inputError(message, { field, code: 'RULE_VIOLATION', details: { rule } });
}

function checkDay(day: string, field: string, today: string, notBefore?: string) {
  if (day > today) {
    throw ruleViolation(`${field} must not be in the future.`, field, 'DATE_IN_FUTURE');
  }
  if (day < calendarSpan.first) {
    throw inputError(`${field} is before the working-day calendar (${calendarSpan.first}).`, {
      field,
    });
  }
  if (notBefore && day < notBefore) {
    throw ruleViolation(
      `${field} must not be before the dossier was received.`,
      field,
      'BEFORE_RECEIPT',
    );
  }
}

/**
 * The writer must act for `provinceCode`, and the input must name it: a write never lands in a
 * province its author did not mean. `field` names the input field that refers to a record of the
 * province (the receiving unit), if the write does not touch an existing one.
 */
function checkProvince(
  context: WriteContext,
  input: BaseInput,
  provinceCode: string,
  subject: string,
  field?: string,
) {
  requireProvince(context.identity, provinceCode, field ? { access: 'refer', field } : {});
  if (input.provinceCode !== provinceCode) {
    throw ruleViolation(
      `${subject} belongs to province ${provinceCode}.`,
      'input.provinceCode',
      'PROVINCE_MISMATCH',
    );
  }
}

/** The trimmed reason of a return or an apology letter: 1 to 1000 characters. */
function checkReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? '';
  if (!trimmed || trimmed.length > 1000) {
    throw inputError('reason must have 1 to 1000 characters.', { field: 'input.reason' });
  }
  return trimmed;
}

/**
 * Runs one dossier write once per idempotency key (runIdempotently of @home-affairs/idempotency:
 * the key is claimed first in the write's transaction, a concurrent retry waits and answers the
 * first dossier, a reused key with other input is a CONFLICT), with in the same transaction the
 * change, the statistics counters and the history row. A retry answers that dossier as it is
 * now. A refused write throws before anything is written, and the transaction rolls back.
 */
export async function writeDossier(
  context: WriteContext,
  operation: DossierOperation,
  input: BaseInput & Record<string, unknown>,
  change: (db: DossiersDatabase) => Promise<{ before: DossierRow | null; after: DossierRow }>,
): Promise<DossierRow> {
  const { idempotencyKey: key, ...rest } = input;
  const { dossierId } = await runIdempotently(
    context.db,
    { table: idempotencyKeys, operation, key, input: rest, subject: context.identity.subject },
    async (tx) => {
      const { before, after } = await change(tx);
      await applyStatisticsDeltas(tx, statisticsDeltas(before, after));
      await tx.insert(history).values({
        actor: context.identity.subject ?? 'anonymous',
        operation,
        entity: 'dossier',
        entityKey: String(after.id),
        before,
        after,
      });
      return { dossierId: after.id };
    },
  );
  const [dossier] = await context.db.select().from(dossiers).where(eq(dossiers.id, dossierId));
  return dossier!;
}

/** Receives a dossier: checks the procedure, the unit and the day, computes the due day. */
export function receiveDossier(context: WriteContext, input: ReceiveInput) {
  return writeDossier(context, 'receiveDossier', { ...input }, async (db) => {
    const receivedOn = input.receivedOn ?? context.today;
    checkDay(receivedOn, 'input.receivedOn', context.today);
    const procedure = context.catalogue.procedureByCode.get(input.procedureCode);
    if (!procedure) {
      throw inputError(`Procedure ${input.procedureCode} is not in the catalogue.`, {
        field: 'input.procedureCode',
        code: 'NOT_FOUND',
      });
    }
    const unit = await findDirectoryUnit(db, input.unitCode);
    if (!unit) {
      throw inputError(`Unit ${input.unitCode} is unknown.`, {
        field: 'input.unitCode',
        code: 'NOT_FOUND',
      });
    }
    checkProvince(context, input, unit.currentProvinceCode, `Unit ${unit.code}`, 'input.unitCode');
    if (
      (unit.validFrom !== null && unit.validFrom > receivedOn) ||
      (unit.validTo !== null && unit.validTo <= receivedOn)
    ) {
      throw ruleViolation(
        `Unit ${unit.code} was not in force on ${receivedOn}.`,
        'input.unitCode',
        'UNIT_NOT_IN_FORCE',
      );
    }
    const status = statusOn(procedure, receivedOn);
    if (status === null || status === 'ABOLISHED') {
      throw ruleViolation(
        `Procedure ${procedure.code} was not in force on ${receivedOn}.`,
        'input.procedureCode',
        'PROCEDURE_ABOLISHED',
      );
    }
    if (
      !procedure.levels.some(
        (level) => level.level === unit.level && levelInForce(level, receivedOn),
      )
    ) {
      throw ruleViolation(
        `Procedure ${procedure.code} is not implemented at ${unit.level.toLowerCase()} level on ${receivedOn}.`,
        'input.unitCode',
        'LEVEL_MISMATCH',
      );
    }
    if (input.channel === 'ONLINE' && procedure.onlineAvailability === 'NONE') {
      throw ruleViolation(
        `Procedure ${procedure.code} cannot be filed online.`,
        'input.channel',
        'NOT_ONLINE',
      );
    }
    if (input.feePaidOnline && procedure.feeVnd === 0) {
      throw ruleViolation(
        `Procedure ${procedure.code} charges no fee.`,
        'input.feePaidOnline',
        'NO_FEE',
      );
    }
    const dueOn = await computeDueDay(db, receivedOn, procedure.processingDays);
    if (!dueOn) {
      throw inputError('The due day falls outside the working-day calendar.', {
        field: 'input.receivedOn',
      });
    }
    const [after] = await db
      .insert(dossiers)
      .values({
        procedureCode: procedure.code,
        unitCode: unit.code,
        attributedUnitCode: unit.currentCode,
        provinceCode: unit.currentProvinceCode,
        fieldCode: procedure.fieldCode,
        channel: input.channel,
        receivedOn,
        dueOn,
        outcome: 'PENDING',
        // An online filing is digital from the start.
        digitized: input.channel === 'ONLINE' || Boolean(input.digitized),
        feePayable: procedure.feeVnd > 0,
        feePaidOnline: Boolean(input.feePaidOnline),
        synthetic: false,
      })
      .returning();
    return { before: null, after: after! };
  });
}

/** Loads a pending dossier for a change, checking the writer's province. */
async function pendingDossier(
  db: DossiersDatabase,
  context: WriteContext,
  input: DossierChangeInput,
) {
  if (!isDossierId(input.dossierId)) {
    throw inputError('dossierId must be a dossier id.', { field: 'input.dossierId' });
  }
  const row = await lockDossier(db, Number(input.dossierId));
  if (!row) {
    throw inputError(`Dossier ${input.dossierId} does not exist.`, {
      field: 'input.dossierId',
      code: 'NOT_FOUND',
    });
  }
  checkProvince(context, input, row.provinceCode, `Dossier ${row.id}`);
  if (row.outcome !== 'PENDING') {
    throw inputError(`Dossier ${row.id} is no longer pending (${row.outcome}).`, {
      field: 'input.dossierId',
      code: 'CONFLICT',
      details: { rule: 'DOSSIER_CLOSED' },
    });
  }
  return row;
}

async function update(db: DossiersDatabase, id: number, values: Partial<DossierRow>) {
  const [after] = await db
    .update(dossiers)
    .set(values)
    .where(sql`${dossiers.id} = ${id}`)
    .returning();
  return after!;
}

/**
 * Closes a pending dossier on the day its input gives in `dayField` (today when it gives none),
 * with the outcome and fields `close` sets for that day; `close` may refuse.
 */
function closeDossier(
  context: WriteContext,
  operation: DossierOperation,
  input: DossierChangeInput,
  dayField: 'resolvedOn' | 'returnedOn' | 'withdrawnOn',
  close: (before: DossierRow, day: string) => Partial<DossierRow>,
) {
  return writeDossier(context, operation, { ...input }, async (db) => {
    const before = await pendingDossier(db, context, input);
    const day = input[dayField] ?? context.today;
    checkDay(day, `input.${dayField}`, context.today, before.receivedOn);
    const after = await update(db, before.id, { closedOn: day, ...close(before, day) });
    return { before, after };
  });
}

/** Resolves a pending dossier; a late resolution needs its apology letter first. */
export function resolveDossier(context: WriteContext, input: DossierChangeInput) {
  return closeDossier(context, 'resolveDossier', input, 'resolvedOn', (before, resolvedOn) => {
    const late = resolvedOn > before.dueOn;
    if (late && before.apologyIssuedOn === null) {
      throw ruleViolation(
        `Dossier ${before.id} is late (due ${before.dueOn}): issue its apology letter first.`,
        'input.resolvedOn',
        'APOLOGY_REQUIRED',
      );
    }
    return { outcome: late ? 'LATE' : 'ON_TIME', resultDigitized: Boolean(input.resultDigitized) };
  });
}

/** Returns a pending dossier to its applicant. */
export function returnDossier(context: WriteContext, input: DossierChangeInput) {
  return closeDossier(context, 'returnDossier', input, 'returnedOn', () => ({
    outcome: 'RETURNED',
    returnReason: checkReason(input.reason),
  }));
}

/** Records the withdrawal of a pending dossier. */
export function withdrawDossier(context: WriteContext, input: DossierChangeInput) {
  return closeDossier(context, 'withdrawDossier', input, 'withdrawnOn', () => ({
    outcome: 'WITHDRAWN',
  }));
}

/** Issues the apology letter of a pending dossier, once, with a new appointment after its due day. */
export function issueDossierApology(context: WriteContext, input: DossierChangeInput) {
  return writeDossier(context, 'issueDossierApology', { ...input }, async (db) => {
    const before = await pendingDossier(db, context, input);
    if (before.apologyIssuedOn !== null) {
      throw inputError(`Dossier ${before.id} already has its apology letter.`, {
        field: 'input.dossierId',
        code: 'CONFLICT',
        details: { rule: 'APOLOGY_EXISTS' },
      });
    }
    const issuedOn = input.issuedOn ?? context.today;
    checkDay(issuedOn, 'input.issuedOn', context.today, before.receivedOn);
    const reason = checkReason(input.reason);
    if (!input.newDueOn || input.newDueOn <= before.dueOn) {
      throw ruleViolation(
        'newDueOn must be after the due day.',
        'input.newDueOn',
        'APOLOGY_NOT_AFTER_DUE',
      );
    }
    const after = await update(db, before.id, {
      apologyIssuedOn: issuedOn,
      apologyReason: reason,
      apologyNewDueOn: input.newDueOn,
    });
    return { before, after };
  });
}

import { addDays, isCalendarDate } from '@home-affairs/graphql';
import { levelOfType } from '../changeSets/parseChangeSet.ts';
import type { AdministrativeUnitRow } from '../db/schema.ts';
import type { UnitType } from '../units/queries.ts';
import { badInput, correctionError } from './correctionError.ts';
import { type HistoryEditor, lastDayBefore } from './HistoryEditor.ts';

/** What every correction carries: its legal basis and the day it takes effect. */
export interface CorrectionBase {
  /** The resolution or decision that enacted the change, e.g. `1314/NQ-UBTVQH15`. */
  legalBasis: string;
  effectiveDate: string;
}

/** A lineage link to add, or whose share to amend. */
export interface LineageLinkInput {
  predecessorCode: string;
  successorCode: string;
  share: 'WHOLE' | 'PART';
}

/** Input of `recordLineageLinks`. */
export interface RecordLineageLinksInput extends CorrectionBase {
  links: LineageLinkInput[];
}

/** Input of `renameUnit`. */
export interface RenameUnitInput extends CorrectionBase {
  code: string;
  name: string;
}

/** Input of `retypeUnit`. */
export interface RetypeUnitInput extends CorrectionBase {
  code: string;
  type: UnitType;
}

/** Input of `mergeUnits`. */
export interface MergeUnitsInput extends CorrectionBase {
  codes: string[];
  intoCode: string;
  name?: string | null;
  type?: UnitType | null;
}

/** One unit that receives part of a divided unit: an existing one, or a new code. */
export interface SplitPartInput {
  code: string;
  name?: string | null;
  type?: UnitType | null;
}

/** Input of `splitUnit`. */
export interface SplitUnitInput extends CorrectionBase {
  code: string;
  parts: SplitPartInput[];
}

/** The most links, merged units or parts one correction may carry. */
export const maxUnitsPerCorrection = 100;
/** The longest legal basis or name accepted. */
const maxTextLength = 200;
/** The earliest effective date accepted: the records hold nothing dated earlier. */
const earliestDate = '1945-09-02';
/** How far ahead a change may be recorded: resolutions are adopted months before they apply. */
const maxDaysAhead = 2 * 366;

const codePattern = /^\d{2}$|^\d{3}$|^\d{5}$/u;

/** Checks the fields every correction has; `today` bounds the effective date. */
export function checkBase(input: CorrectionBase, today: string): void {
  if (input.legalBasis.trim() === '' || input.legalBasis.length > maxTextLength) {
    throw badInput(
      'input.legalBasis',
      `legalBasis must have 1 to ${maxTextLength} characters, not all blank.`,
    );
  }
  const latest = addDays(today, maxDaysAhead);
  if (
    !isCalendarDate(input.effectiveDate) ||
    input.effectiveDate < earliestDate ||
    input.effectiveDate > latest
  ) {
    throw badInput(
      'input.effectiveDate',
      `effectiveDate must be a day from ${earliestDate} to ${latest}.`,
    );
  }
}

function checkCode(code: string, field: string): void {
  if (!codePattern.test(code)) {
    throw badInput(field, `${JSON.stringify(code)} is not an official code (2, 3 or 5 digits).`);
  }
}

function checkName(name: string, field: string): string {
  const normalized = name.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (normalized === '' || normalized.length > maxTextLength) {
    throw badInput(field, `A name has 1 to ${maxTextLength} characters, not all blank.`);
  }
  return normalized;
}

function checkCount(count: number, field: string, least: number): void {
  if (count < least || count > maxUnitsPerCorrection) {
    throw badInput(field, `Give ${least} to ${maxUnitsPerCorrection} entries, not ${count}.`);
  }
}

function checkType(version: AdministrativeUnitRow, type: UnitType, field: string): void {
  if (levelOfType[type] !== version.level) {
    throw correctionError(
      'LEVEL_MISMATCH',
      field,
      `${type} is not a type of level ${version.level}.`,
    );
  }
}

function checkDistinct(codes: readonly string[], field: string): void {
  const seen = new Set<string>();
  codes.forEach((code, index) => {
    if (seen.has(code)) {
      throw correctionError('DUPLICATE_UNIT', `${field}.${index}`, `${code} is given twice.`);
    }
    seen.add(code);
  });
}

/**
 * Adds lineage links, or amends the share of existing ones, on any day of history. A PART link
 * from a unit that continues past the day splits its version (and the successor's) at the day,
 * so that the link shows as the successors of the one and the predecessors of the other.
 */
export async function recordLineageLinks(
  editor: HistoryEditor,
  input: RecordLineageLinksInput,
): Promise<void> {
  checkCount(input.links.length, 'input.links', 1);
  const date = input.effectiveDate;
  const pairs = new Set<string>();
  for (const [index, link] of input.links.entries()) {
    const field = `input.links.${index}`;
    checkCode(link.predecessorCode, `${field}.predecessorCode`);
    checkCode(link.successorCode, `${field}.successorCode`);
    const pair = `${link.predecessorCode}>${link.successorCode}`;
    if (pairs.has(pair)) throw correctionError('DUPLICATE_UNIT', field, `${pair} is given twice.`);
    pairs.add(pair);
  }
  for (const [index, link] of input.links.entries()) {
    const field = `input.links.${index}`;
    const predecessor = await editor.inForce(
      link.predecessorCode,
      lastDayBefore(date),
      `${field}.predecessorCode`,
    );
    const successor = await editor.versionFrom(link.successorCode, date, `${field}.successorCode`);
    editor.checkLevels(predecessor, successor, field);
    if (link.predecessorCode !== link.successorCode && predecessor.validTo !== date) {
      if (link.share === 'WHOLE') {
        throw correctionError(
          'SHARE_CONFLICT',
          `${field}.share`,
          `${predecessor.code} ${predecessor.fullName} is still in force on ${date}, so it cannot have gone WHOLE into ${link.successorCode}: record PART, or merge it.`,
        );
      }
      // It gave up territory and continues: its version ends the day before, as the link reads.
      await editor.versionFrom(link.predecessorCode, date, `${field}.predecessorCode`);
    }
    await editor.link(link.predecessorCode, link.successorCode, date, link.share);
    editor.reattributed(link.predecessorCode);
  }
  await editor.checkShares(
    input.links.map((link) => link.predecessorCode),
    date,
    'input.links',
  );
}

/** Renames a unit from the effective date until its version in force that day ends. */
export async function renameUnit(editor: HistoryEditor, input: RenameUnitInput): Promise<void> {
  checkCode(input.code, 'input.code');
  const name = checkName(input.name, 'input.name');
  const current = await editor.inForce(input.code, input.effectiveDate, 'input.code');
  if (current.name === name) {
    throw correctionError(
      'NO_CHANGE',
      'input.name',
      `${input.code} is already named ${current.fullName}.`,
    );
  }
  await editor.amend(await editor.versionFrom(input.code, input.effectiveDate, 'input.code'), {
    name,
  });
}

/** Changes a unit's type (a commune becoming a ward) from the effective date. */
export async function retypeUnit(editor: HistoryEditor, input: RetypeUnitInput): Promise<void> {
  checkCode(input.code, 'input.code');
  const current = await editor.inForce(input.code, input.effectiveDate, 'input.code');
  checkType(current, input.type, 'input.type');
  if (current.type === input.type) {
    throw correctionError('NO_CHANGE', 'input.type', `${input.code} is already a ${input.type}.`);
  }
  await editor.amend(await editor.versionFrom(input.code, input.effectiveDate, 'input.code'), {
    type: input.type,
  });
}

/**
 * Merges units into one that continues under its code: each merged unit ceases on the
 * effective date and goes WHOLE into it; the continuing unit opens a version that day (with a
 * new name or type when given) and carries itself on.
 */
export async function mergeUnits(editor: HistoryEditor, input: MergeUnitsInput): Promise<void> {
  checkCount(input.codes.length, 'input.codes', 1);
  for (const [index, code] of input.codes.entries()) checkCode(code, `input.codes.${index}`);
  checkCode(input.intoCode, 'input.intoCode');
  checkDistinct(input.codes, 'input.codes');
  const index = input.codes.indexOf(input.intoCode);
  if (index >= 0) {
    throw correctionError(
      'DUPLICATE_UNIT',
      `input.codes.${index}`,
      `${input.intoCode} is the unit merged into; list only the units that cease.`,
    );
  }
  const date = input.effectiveDate;
  const name = input.name ? checkName(input.name, 'input.name') : undefined;
  const into = await editor.versionFrom(input.intoCode, date, 'input.intoCode');
  if (input.type) checkType(into, input.type, 'input.type');
  for (const [position, code] of input.codes.entries()) {
    const field = `input.codes.${position}`;
    const merged = await editor.inForce(code, lastDayBefore(date), field);
    editor.checkLevels(merged, into, field);
    await editor.cease(merged, date, field);
    await editor.link(code, input.intoCode, date, 'WHOLE');
  }
  if (name || input.type) {
    await editor.amend(into, { name: name ?? undefined, type: input.type ?? undefined });
  }
  await editor.link(input.intoCode, input.intoCode, date, 'WHOLE');
  await editor.checkShares([...input.codes, input.intoCode], date, 'input.codes');
}

/**
 * Divides a unit between several: each part is an existing unit (which opens a version that
 * day, renamed or retyped when asked) or a new code (established under the divided unit's
 * parent, name and type required). The divided unit goes PART into each; it ceases unless it is
 * itself one of the parts.
 */
export async function splitUnit(editor: HistoryEditor, input: SplitUnitInput): Promise<void> {
  checkCode(input.code, 'input.code');
  checkCount(input.parts.length, 'input.parts', 2);
  checkDistinct(
    input.parts.map((part) => part.code),
    'input.parts',
  );
  const date = input.effectiveDate;
  const divided = await editor.inForce(input.code, lastDayBefore(date), 'input.code');
  const continues = input.parts.some((part) => part.code === input.code);
  if (!continues) await editor.cease(divided, date, 'input.code');
  else editor.reattributed(input.code);
  const parent = divided.parentCode
    ? await editor.inForce(divided.parentCode, date, 'input.code')
    : undefined;
  for (const [index, part] of input.parts.entries()) {
    const field = `input.parts.${index}`;
    checkCode(part.code, `${field}.code`);
    const name = part.name ? checkName(part.name, `${field}.name`) : undefined;
    const existing = (await editor.versions(part.code)).length > 0;
    let version: AdministrativeUnitRow;
    if (existing && (part.code === input.code || (await isInForce(editor, part.code, date)))) {
      version = await editor.versionFrom(part.code, date, `${field}.code`);
      if (part.type) checkType(version, part.type, `${field}.type`);
      if (name || part.type) {
        version = await editor.amend(version, {
          name: name ?? undefined,
          type: part.type ?? undefined,
        });
      }
    } else {
      if (!name || !part.type) {
        throw badInput(field, `${part.code} is a new unit: give its name and type.`);
      }
      if (levelOfType[part.type] !== divided.level) {
        throw correctionError(
          'LEVEL_MISMATCH',
          `${field}.type`,
          `${part.type} is not a type of level ${divided.level}.`,
        );
      }
      if (!parent) {
        throw correctionError(
          'LEVEL_MISMATCH',
          field,
          'A province is divided by establishing provinces through a change set.',
        );
      }
      version = await editor.establish(
        { code: part.code, level: divided.level, type: part.type, name },
        parent,
        date,
        `${field}.code`,
      );
    }
    editor.checkLevels(divided, version, field);
    await editor.link(input.code, part.code, date, 'PART');
  }
  await editor.checkShares([input.code], date, 'input.parts');
}

async function isInForce(editor: HistoryEditor, code: string, date: string): Promise<boolean> {
  try {
    await editor.inForce(code, date, 'input');
    return true;
  } catch {
    return false;
  }
}

import { createHash } from 'node:crypto';
import { dayBefore } from '@home-affairs/graphql';
import type { Logger } from '@home-affairs/service';
import { and, eq, inArray } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import {
  mergeUnits,
  recordLineageLinks,
  renameUnit,
  retypeUnit,
  splitUnit,
} from '../corrections/correctionWrites.ts';
import {
  type HistoryChanges,
  HistoryEditor,
  lockUnitHistory,
} from '../corrections/HistoryEditor.ts';
import {
  type AdministrativeUnitRow,
  administrativeUnits,
  changeSets,
  type NewAdministrativeUnit,
  type NewUnitTransition,
  unitCorrections,
  unitTransitions,
} from '../db/schema.ts';
import { canonicalTypeWord } from '../import/parseUnitName.ts';
import { unitSearchKey } from '../import/unitSearchKey.ts';
import { findVersions, inForceOn, type UnitLevel, type UnitsDatabase } from '../units/queries.ts';
import { ChangeSetError, type ChangeSetIssue } from './ChangeSetError.ts';
import {
  type ChangeSet,
  type CorrectionOperation,
  levelOfType,
  parseChangeSet,
  type Share,
  type UnitFields,
} from './parseChangeSet.ts';

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

const levelRank: Record<UnitLevel, number> = { PROVINCE: 0, DISTRICT: 1, COMMUNE: 2 };

/** SHA-256 of a change set file, hex-encoded, as stored in `change_sets.checksum`. */
export function changeSetChecksum(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether a loaded version is in force on `date`: `inForceOn` for a row already in memory. */
const isInForceOn = (version: AdministrativeUnitRow, date: string) =>
  (version.validFrom === null || version.validFrom <= date) &&
  (version.validTo === null || version.validTo > date);

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
      plan.open.length > 0
        ? await tx.insert(administrativeUnits).values(plan.open).returning()
        : [];
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
      ...base,
      status: 'applied' as const,
      versionsClosed: changes.versionsClosed.length,
      versionsOpened: changes.versionsOpened.length,
      transitions: changes.linksAdded.length,
    };
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
async function applyCorrection(
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
function mergeChanges(changes: HistoryChanges, more: HistoryChanges): void {
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
function changeSetChanges(
  closed: AdministrativeUnitRow[],
  opened: AdministrativeUnitRow[],
  transitions: NewUnitTransition[],
): HistoryChanges {
  const version = (row: AdministrativeUnitRow) => ({
    code: row.code,
    level: row.level,
    type: row.type,
    fullName: row.fullName,
    parentCode: row.parentCode,
    validFrom: row.validFrom,
    validTo: row.validTo,
  });
  const stillInForce = new Set(opened.map((row) => row.code));
  return {
    versionsClosed: closed.map((row) => ({ ...version(row), previous: { validTo: null } })),
    versionsOpened: opened.map(version),
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

interface ChangeSetPlan {
  close: number[];
  open: NewAdministrativeUnit[];
  transitions: NewUnitTransition[];
}

/** Checks a parsed change set against the versions in the database and plans its writes. */
async function planChangeSet(db: UnitsDatabase, changeSet: ChangeSet): Promise<ChangeSetPlan> {
  const date = changeSet.effectiveDate;
  const previousDay = dayBefore(date);
  const source = `changeset:${changeSet.id}`;
  const issues: ChangeSetIssue[] = [];
  const fail = (code: ChangeSetIssue['code'], path: string, message: string) =>
    issues.push({ code, path, message });

  const referenced = new Set<string>();
  for (const operation of changeSet.operations) {
    referenced.add(operation.code);
    if (operation.op === 'update' && operation.set.parentCode)
      referenced.add(operation.set.parentCode);
    if (operation.op === 'establish') {
      if (operation.parentCode) referenced.add(operation.parentCode);
      for (const link of operation.predecessors ?? []) referenced.add(link.code);
    }
    if (operation.op === 'abolish')
      for (const link of operation.successors) referenced.add(link.code);
  }
  const rows = await findVersions(db, [...referenced]);
  const versions = new Map<string, AdministrativeUnitRow[]>();
  for (const row of rows) versions.set(row.code, [...(versions.get(row.code) ?? []), row]);

  const subjects = new Map<string, number>();
  changeSet.operations.forEach((operation, index) => {
    const earlier = subjects.get(operation.code);
    if (earlier !== undefined) {
      fail(
        'CHANGE_SET_DUPLICATE_UNIT',
        `$.operations[${index}].code`,
        `${operation.code} is already the subject of operations[${earlier}]`,
      );
    } else {
      subjects.set(operation.code, index);
    }
  });
  const established = new Map(
    changeSet.operations.flatMap((operation) =>
      operation.op === 'establish' ? [[operation.code, operation] as const] : [],
    ),
  );
  const abolished = new Set(
    changeSet.operations.flatMap((operation) =>
      operation.op === 'abolish' ? [operation.code] : [],
    ),
  );

  /** The version in force on the day before `date`, which an update or abolition closes. */
  const current = (code: string, path: string): AdministrativeUnitRow | undefined => {
    const list = versions.get(code);
    const latest = list?.at(-1);
    if (!latest) {
      fail('CHANGE_SET_UNKNOWN_UNIT', path, `no unit has code ${code}`);
      return undefined;
    }
    if (latest.validTo !== null && latest.validTo <= date) {
      fail(
        'CHANGE_SET_UNKNOWN_UNIT',
        path,
        `${code} ${latest.fullName} is no longer in force from ${latest.validTo}`,
      );
      return undefined;
    }
    if (latest.validTo !== null || (latest.validFrom !== null && latest.validFrom >= date)) {
      fail(
        'CHANGE_SET_DATE_ORDER',
        path,
        `${code} already has history from ${latest.validFrom ?? 'the start'} to ${latest.validTo ?? 'now'}; a change effective ${date} must come after it (apply change sets in date order)`,
      );
      return undefined;
    }
    return latest;
  };

  /** Level and province of a unit in force on `date` once this change set is applied. */
  const unitOnDate = (
    code: string,
    seen = new Set<string>(),
  ): { level: UnitLevel; provinceCode: string } | undefined => {
    if (abolished.has(code) || seen.has(code)) return undefined;
    seen.add(code);
    const establishing = established.get(code);
    if (establishing) {
      if (establishing.level === 'PROVINCE') return { level: 'PROVINCE', provinceCode: code };
      const parent = establishing.parentCode
        ? unitOnDate(establishing.parentCode, seen)
        : undefined;
      return parent ? { level: establishing.level, provinceCode: parent.provinceCode } : undefined;
    }
    const version = versions.get(code)?.find((row) => isInForceOn(row, date));
    return version ? { level: version.level, provinceCode: version.provinceCode } : undefined;
  };

  const checkParent = (parentCode: string, level: UnitLevel, path: string) => {
    const parent = unitOnDate(parentCode);
    if (!parent) {
      fail('CHANGE_SET_UNKNOWN_UNIT', path, `parent ${parentCode} is not in force on ${date}`);
      return undefined;
    }
    if (levelRank[parent.level] >= levelRank[level]) {
      fail(
        'CHANGE_SET_LEVEL_MISMATCH',
        path,
        `a ${parent.level} cannot be the parent of a ${level}`,
      );
      return undefined;
    }
    return parent.level === 'PROVINCE' ? parentCode : parent.provinceCode;
  };

  const checkExpect = (
    version: AdministrativeUnitRow,
    expect: UnitFields | undefined,
    path: string,
  ) => {
    for (const [field, expected] of Object.entries(expect ?? {})) {
      const actual = version[field as 'name' | 'type' | 'parentCode'];
      if (expected !== undefined && actual !== expected) {
        fail(
          'CHANGE_SET_EXPECTATION_FAILED',
          `${path}.expect.${field}`,
          `${version.code} has ${field} ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
        );
      }
    }
  };

  const plan: ChangeSetPlan = { close: [], open: [], transitions: [] };
  const links = new Map<string, { share: Share; resolution: string | null; path: string }>();
  const link = (
    predecessorCode: string,
    successorCode: string,
    share: Share,
    resolution: string | null,
    path: string,
  ) => {
    const key = `${predecessorCode}>${successorCode}`;
    const earlier = links.get(key);
    if (earlier && earlier.share !== share) {
      fail(
        'CHANGE_SET_INVALID',
        path,
        `${predecessorCode} -> ${successorCode} is also given as ${earlier.share} at ${earlier.path}`,
      );
      return;
    }
    if (!earlier) links.set(key, { share, resolution, path });
  };

  const newVersion = (
    fields: Pick<
      NewAdministrativeUnit,
      'code' | 'level' | 'type' | 'name' | 'parentCode' | 'provinceCode'
    >,
    resolution: string | null,
  ): NewAdministrativeUnit => {
    const fullName = `${canonicalTypeWord(fields.type)} ${fields.name}`;
    return {
      ...fields,
      fullName,
      searchKey: unitSearchKey(fullName, fields.code),
      validFrom: date,
      validTo: null,
      // The version keeps its legal basis: transitions have a column for it, versions do not.
      source: resolution ? `${source} (${resolution})` : source,
    };
  };

  const movedOrAbolished = new Set<string>(abolished);
  for (const operation of changeSet.operations) {
    if (operation.op === 'update' && operation.set.parentCode) movedOrAbolished.add(operation.code);
  }
  const children = await db
    .select({
      code: administrativeUnits.code,
      parentCode: administrativeUnits.parentCode,
      fullName: administrativeUnits.fullName,
    })
    .from(administrativeUnits)
    .where(
      and(inArray(administrativeUnits.parentCode, [...movedOrAbolished, '']), inForceOn(date)),
    );

  changeSet.operations.forEach((operation, index) => {
    const path = `$.operations[${index}]`;
    const resolution = operation.resolution ?? changeSet.resolution ?? null;
    switch (operation.op) {
      case 'update': {
        const version = current(operation.code, `${path}.code`);
        if (!version) return;
        checkExpect(version, operation.expect, path);
        const type = operation.set.type ?? version.type;
        if (levelOfType[type] !== version.level) {
          fail(
            'CHANGE_SET_LEVEL_MISMATCH',
            `${path}.set.type`,
            `${type} is not a type of level ${version.level}`,
          );
          return;
        }
        let provinceCode = version.provinceCode;
        const parentCode = operation.set.parentCode ?? version.parentCode;
        if (operation.set.parentCode !== undefined) {
          if (version.level === 'PROVINCE') {
            fail('CHANGE_SET_LEVEL_MISMATCH', `${path}.set.parentCode`, 'a province has no parent');
            return;
          }
          const province = checkParent(
            operation.set.parentCode,
            version.level,
            `${path}.set.parentCode`,
          );
          if (!province) return;
          provinceCode = province;
          const stranded = children.filter((child) => child.parentCode === operation.code);
          if (provinceCode !== version.provinceCode && stranded.length > 0) {
            fail(
              'CHANGE_SET_ORPHANED_UNITS',
              `${path}.set.parentCode`,
              `moving ${operation.code} to another province would leave ${stranded.length} units under it with the old province; move them in their own operations first`,
            );
            return;
          }
        }
        const name = operation.set.name ?? version.name;
        if (name === version.name && type === version.type && parentCode === version.parentCode) {
          fail('CHANGE_SET_NO_CHANGE', `${path}.set`, `${operation.code} already has these values`);
          return;
        }
        plan.close.push(version.id);
        plan.open.push(
          newVersion(
            { code: version.code, level: version.level, type, name, parentCode, provinceCode },
            resolution,
          ),
        );
        return;
      }
      case 'establish': {
        const clash = versions
          .get(operation.code)
          ?.find(
            (row) => isInForceOn(row, date) || (row.validFrom !== null && row.validFrom > date),
          );
        if (clash) {
          fail(
            'CHANGE_SET_DUPLICATE_UNIT',
            `${path}.code`,
            `${operation.code} is ${clash.fullName} from ${clash.validFrom ?? 'the start'} to ${clash.validTo ?? 'now'}`,
          );
          return;
        }
        const provinceCode = operation.parentCode
          ? checkParent(operation.parentCode, operation.level, `${path}.parentCode`)
          : operation.code;
        if (!provinceCode) return;
        (operation.predecessors ?? []).forEach((predecessor, linkIndex) => {
          const linkPath = `${path}.predecessors[${linkIndex}]`;
          if (!versions.get(predecessor.code)?.some((row) => isInForceOn(row, previousDay))) {
            fail(
              'CHANGE_SET_UNKNOWN_UNIT',
              `${linkPath}.code`,
              `predecessor ${predecessor.code} is not in force the day before ${date}`,
            );
            return;
          }
          link(predecessor.code, operation.code, predecessor.share, resolution, linkPath);
        });
        plan.open.push(
          newVersion(
            {
              code: operation.code,
              level: operation.level,
              type: operation.type,
              name: operation.name,
              parentCode: operation.parentCode ?? null,
              provinceCode,
            },
            resolution,
          ),
        );
        return;
      }
      case 'abolish': {
        const version = current(operation.code, `${path}.code`);
        if (!version) return;
        checkExpect(version, operation.expect, path);
        const stranded = children.filter(
          (child) => child.parentCode === operation.code && !movedOrAbolished.has(child.code),
        );
        if (stranded.length > 0) {
          fail(
            'CHANGE_SET_ORPHANED_UNITS',
            `${path}.code`,
            `abolishing ${operation.code} leaves ${stranded.length} units under it (${stranded
              .slice(0, 3)
              .map((child) => `${child.code} ${child.fullName}`)
              .join(
                ', ',
              )}${stranded.length > 3 ? ', ...' : ''}); abolish or move them in this change set`,
          );
        }
        operation.successors.forEach((successor, linkIndex) => {
          const linkPath = `${path}.successors[${linkIndex}]`;
          if (successor.code === operation.code || !unitOnDate(successor.code)) {
            fail(
              'CHANGE_SET_UNKNOWN_UNIT',
              `${linkPath}.code`,
              `successor ${successor.code} is not in force on ${date}`,
            );
            return;
          }
          link(operation.code, successor.code, successor.share, resolution, linkPath);
        });
        plan.close.push(version.id);
        return;
      }
    }
  });

  if (issues.length > 0) throw new ChangeSetError(issues);
  for (const [key, { share, resolution }] of links) {
    const [predecessorCode, successorCode] = key.split('>') as [string, string];
    plan.transitions.push({
      predecessorCode,
      successorCode,
      effectiveDate: date,
      share,
      resolution,
      source,
    });
  }
  return plan;
}

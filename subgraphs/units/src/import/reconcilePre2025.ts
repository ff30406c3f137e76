import { reformDate } from '@home-affairs/graphql';
import type { ImportLedger } from './ImportLedger.ts';
import { parseUnitName } from './parseUnitName.ts';
import type { PlannedUnit, PlannedUnits } from './planUnits.ts';
import type { Pre2025Update, Pre2025UpdateUnit } from './pre2025Update.ts';
import { unitSearchKey } from './unitSearchKey.ts';

/** A dated arrangement of early 2025 whose effective date and resolution are known. */
export interface DatedArrangement {
  /** The province whose differences it dates. */
  provinceCode: string;
  effectiveDate: string;
  resolution: string;
}

/**
 * The early-2025 arrangements whose date is established: Resolution 1314/NQ-UBTVQH15 made Thừa
 * Thiên Huế the centrally-run city of Huế from 1 January 2025 (the 2025 mapping package already
 * names it "Thành phố Huế"). Differences in other provinces are dated by the later list's own
 * date, the latest day on which they can have taken effect, and reported as such.
 */
export const datedArrangements: readonly DatedArrangement[] = [
  { provinceCode: '46', effectiveDate: '2025-01-01', resolution: '1314/NQ-UBTVQH15' },
];

/** The source table of the later list's facts in the ledger. */
export const pre2025UpdateTable = 'dvhcvn/differences' as const;

/** A change of early 2025 between the two pre-2025 lists, for the early lineage. */
export interface EarlyChange {
  code: string;
  level: PlannedUnit['level'];
  date: string;
  kind: 'changed' | 'added' | 'absent';
  /** The version before the change (changed and absent units). */
  before?: PlannedUnit;
  /** The version from the change (changed and added units). */
  after?: PlannedUnit;
}

/** What reconciling the two pre-2025 lists produced, besides the updated eve-of-reform state. */
export interface Pre2025Reconciliation {
  /** Versions of the first list that ended with an early-2025 change. */
  superseded: PlannedUnit[];
  changes: EarlyChange[];
}

const levels = [
  ['provinces', 'provincesPre2025', 'PROVINCE'],
  ['districts', 'districtsPre2025', 'DISTRICT'],
  ['communes', 'communesPre2025', 'COMMUNE'],
] as const;

/** A level of the pre-2025 lists: its key in the later list, its map and its unit level. */
type Level = (typeof levels)[number];

/** The day and the wording of an early-2025 change in a province. */
type Dating = (provinceCode: string) => { date: string; note: string };

/** What reconciling every level shares: the units, the later list, the ledger and the result. */
interface Reconciling {
  units: PlannedUnits;
  update: Pre2025Update;
  ledger: ImportLedger;
  /** The source written on the later list's versions. */
  source: string;
  dated: Dating;
  result: Pre2025Reconciliation;
}

/** Dates a change by its province's dated arrangement, else by the later list's date. */
function datingOf(update: Pre2025Update, arrangements: readonly DatedArrangement[]): Dating {
  const dateOf = (provinceCode: string) =>
    arrangements.find((entry) => entry.provinceCode === provinceCode) ?? {
      effectiveDate: update.asOf,
      resolution: undefined,
    };
  return (provinceCode: string) => {
    const { effectiveDate, resolution } = dateOf(provinceCode);
    return {
      date: effectiveDate,
      note: resolution
        ? `from ${effectiveDate} (Resolution ${resolution})`
        : `from ${effectiveDate}, the date of ${update.package.name}'s list (the exact day is not in the sources; no later than that)`,
    };
  };
}

/** Opens the later list's version of a unit it changed or added, ending the first list's one. */
function reconcileChanged(
  work: Reconciling,
  [, mapName, unitLevel]: Level,
  entry: Pre2025UpdateUnit,
): void {
  const { units, update, ledger, result } = work;
  const map = units[mapName];
  const recordKey = `${unitLevel.toLowerCase()} ${entry.code}`;
  ledger.row(pre2025UpdateTable, recordKey);
  const parent =
    unitLevel === 'PROVINCE'
      ? undefined
      : (unitLevel === 'DISTRICT' ? units.provincesPre2025 : units.districtsPre2025).get(
          entry.parentCode ?? '',
        );
  const parsed = parseUnitName(entry.name, unitLevel, { parentType: parent?.type });
  if (!parsed || (unitLevel !== 'PROVINCE' && !parent)) {
    ledger.defect({
      source: pre2025UpdateTable,
      kind: 'PRE2025_UNIT_UNREADABLE',
      recordKey,
      detail: `${entry.name} (parent ${entry.parentCode ?? 'none'}): ${parsed ? 'parent unknown' : 'no type word of its level'}`,
      verb: 'skipped',
      action: 'not imported',
    });
    return;
  }
  const provinceCode = parent?.provinceCode ?? entry.code;
  const { date, note } = work.dated(provinceCode);
  const after: PlannedUnit = {
    code: entry.code,
    level: unitLevel,
    type: parsed.type,
    name: parsed.name,
    fullName: parsed.fullName,
    searchKey: unitSearchKey(parsed.fullName, entry.code),
    parentCode: parent?.code ?? null,
    provinceCode,
    validFrom: date,
    validTo: reformDate,
    source: work.source,
  };
  const before = map.get(entry.code);
  if (before) {
    before.validTo = date;
    result.superseded.push(before);
    ledger.defect({
      source: pre2025UpdateTable,
      kind: 'PRE2025_UNIT_CHANGED',
      recordKey,
      detail: `vietnam-provinces-js has ${before.fullName} (parent ${before.parentCode ?? 'none'}); ${update.package.name} (${update.asOf}) has ${after.fullName} (parent ${after.parentCode ?? 'none'})`,
      verb: 'corrected',
      action: `two versions: ${before.fullName} until ${date}, ${after.fullName} ${note}`,
    });
  } else {
    ledger.defect({
      source: pre2025UpdateTable,
      kind: 'PRE2025_UNIT_ADDED',
      recordKey,
      detail: `${after.fullName} (parent ${after.parentCode ?? 'none'}) is in ${update.package.name} (${update.asOf}), not in vietnam-provinces-js`,
      verb: 'corrected',
      action: `imported ${note}`,
    });
  }
  map.set(entry.code, after);
  result.changes.push({
    code: entry.code,
    level: unitLevel,
    date,
    kind: before ? 'changed' : 'added',
    before,
    after,
  });
}

/** Ends the first list's version of a unit the later list no longer has. */
function reconcileAbsent(work: Reconciling, [, mapName, unitLevel]: Level, code: string): void {
  const { units, update, ledger, result } = work;
  const map = units[mapName];
  const recordKey = `${unitLevel.toLowerCase()} ${code} (absent)`;
  ledger.row(pre2025UpdateTable, recordKey);
  const before = map.get(code);
  if (!before) {
    ledger.defect({
      source: pre2025UpdateTable,
      kind: 'PRE2025_UNIT_UNREADABLE',
      recordKey,
      detail: `${code} is not in vietnam-provinces-js either`,
      verb: 'skipped',
      action: 'nothing to end',
    });
    return;
  }
  const { date, note } = work.dated(before.provinceCode);
  before.validTo = date;
  map.delete(code);
  result.superseded.push(before);
  result.changes.push({ code, level: unitLevel, date, kind: 'absent', before });
  ledger.defect({
    source: pre2025UpdateTable,
    kind: 'PRE2025_UNIT_ABSENT',
    recordKey,
    detail: `${before.fullName} (parent ${before.parentCode}) is in vietnam-provinces-js, not in ${update.package.name} (${update.asOf})`,
    verb: 'corrected',
    action: `ends ${note.replace(/^from /u, 'on ')}; where it went: see EARLY_TRANSITION_INFERRED`,
  });
}

/**
 * Reconciles the first pre-2025 list (already in `units`) with the facts of the later one: where
 * they disagree the later one describes the state on the eve of the reform, so the first list's
 * version ends on the day of the change and the later one's runs from it to 1 July 2025; a unit
 * only the later list has starts that day; a code it no longer has ends that day. The day is
 * that of a dated arrangement of its province, else the later list's date. Every disagreement
 * is a defect with its resolution. After this, the `*Pre2025` maps of `units` hold the state of
 * 30 June 2025, which is what the 2025 mapping describes.
 */
export function reconcilePre2025(
  units: PlannedUnits,
  update: Pre2025Update,
  ledger: ImportLedger,
  options: {
    /** @default datedArrangements */
    arrangements?: readonly DatedArrangement[];
  } = {},
): Pre2025Reconciliation {
  const work: Reconciling = {
    units,
    update,
    ledger,
    source: `${update.package.name}@${update.package.version} (derived facts)`,
    dated: datingOf(update, options.arrangements ?? datedArrangements),
    result: { superseded: [], changes: [] },
  };
  for (const level of levels) {
    const [listName] = level;
    for (const entry of update.changed[listName] as Pre2025UpdateUnit[]) {
      reconcileChanged(work, level, entry);
    }
    for (const code of update.absent[listName]) reconcileAbsent(work, level, code);
  }
  return work.result;
}

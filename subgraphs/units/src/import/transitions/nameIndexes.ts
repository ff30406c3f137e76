import { matchKey as foldMatch, nameKey as foldName, normalizeText } from '../parseUnitName.ts';
import type { PlannedUnit, PlannedUnits } from '../planUnits.ts';
import { formerProvinceNames } from '../provinceArrangement.ts';
import type { SourceWardMapping } from '../readSources.ts';

/** A name resolved to one code, or why it could not be. */
export interface Resolution {
  code?: string;
  reason?: 'not-found' | 'ambiguous' | 'province-unknown';
  note?: string;
  /** The codes an ambiguous name matched. */
  candidates?: string[];
}

/** Appends `value` to the list kept under `key`. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The one distinct value of the list, or undefined when there are none or several. */
export function unique<V>(values: V[] | undefined): V | undefined {
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

// Folding is the hot path of the planner: ~25,000 distinct names, each compared many times.
function memo(fold: (text: string) => string) {
  const keys = new Map<string, string>();
  return (text: string) => {
    let key = keys.get(text);
    if (key === undefined) {
      key = fold(text);
      keys.set(text, key);
    }
    return key;
  };
}

/** The indexes that resolve the names of `ward_mappings` to codes of both lists. */
export type NameIndexes = ReturnType<typeof buildNameIndexes>;

/** Indexes the units of both dates by folded name, and the resolvers that read them. */
export function buildNameIndexes(units: PlannedUnits) {
  const nameKey = memo(foldName);
  const matchKey = memo(foldMatch);

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

  return {
    nameKey,
    matchKey,
    oldProvincesByKey,
    newProvincesByKey,
    knownDistricts,
    oldCommunesByDistrict,
    oldCommunesByProvince,
    districtsWithCommunes,
    wardsByProvince,
  };
}

/** Resolves the old (pre-2025) commune of a mapping row by its names. */
export function resolveOld(indexes: NameIndexes, row: SourceWardMapping): Resolution {
  const {
    nameKey,
    oldProvincesByKey,
    oldCommunesByDistrict,
    knownDistricts,
    oldCommunesByProvince,
  } = indexes;
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
}

/** Resolves a 2025 unit by its name within the given provinces. */
export function resolveNew(
  indexes: NameIndexes,
  provinceCodes: string[] | undefined,
  fullName: string,
): Resolution {
  const { nameKey, wardsByProvince } = indexes;
  if (!provinceCodes) return { reason: 'province-unknown' };
  return pick(
    provinceCodes.flatMap((code) => wardsByProvince.get(`${code}|${nameKey(fullName)}`) ?? []),
    fullName,
  );
}

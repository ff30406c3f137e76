import { dayBefore } from '@home-affairs/graphql';
import type { UnitLevel, UnitType } from '../units/queries.ts';
import { isInForce } from '../units/unitNode.ts';
import type { AddressIndex, IndexedVersion, NameTable } from './addressIndex.ts';
import {
  addressReadings,
  hintFits,
  hintLevel,
  type Part,
  provinceAliases,
  type TypeHint,
} from './addressParts.ts';
import { type CarriedOnBy, carriedOnBy } from './carriedOnBy.ts';
import { similarity } from './similarity.ts';

/** One unit an address may name. */
export interface AddressMatch {
  /** The version named: the one the address's names and tiers fit. */
  version: IndexedVersion;
  /** 0 to 1: how well the names, types and tiers of the text fit this unit. */
  confidence: number;
  /** The units in force on the day asked for that carry it on (itself while in force). */
  carriedOnBy: CarriedOnBy[];
}

/** Versions of a tier whose name is within a typo of `key`, with their similarity. */
function lookUp(table: NameTable, key: string): { version: IndexedVersion; score: number }[] {
  const exact = table.byKey.get(key);
  const found: { version: IndexedVersion; score: number }[] = [];
  if (exact) for (const version of exact) found.push({ version, score: 1 });
  // Short names (`1`, `an`) are matched exactly only: one edit makes them another name.
  if (key.length < 4) return found;
  for (const candidate of table.near(key)) {
    if (candidate === key) continue;
    const score = similarity(key, candidate);
    if (score === 0) continue;
    for (const version of table.byKey.get(candidate) ?? []) found.push({ version, score });
  }
  return found;
}

/** lookUp, or a memo of it. */
type LookUp = (table: NameTable, key: string) => { version: IndexedVersion; score: number }[];

/** How well a type hint fits a unit's type: a bonus, nothing, or a penalty. */
function typeFit(hint: TypeHint | null, type: UnitType): number {
  if (hint === null) return 0;
  if (hintFits[hint].includes(type)) return 0.05;
  // "Xã Dầu Giây" for a commune since made a ward: the name still decides, at a small cost.
  return hintLevel(hint) === null || hintLevel(hint) !== levelOfType(type) ? -0.3 : -0.05;
}

function levelOfType(type: UnitType): UnitLevel {
  if (type === 'PROVINCE' || type === 'CENTRALLY_RUN_CITY') return 'PROVINCE';
  if (['WARD', 'COMMUNE', 'COMMUNE_LEVEL_TOWN', 'SPECIAL_ZONE'].includes(type)) return 'COMMUNE';
  return 'DISTRICT';
}

/** The version of `code` in force on the day `version` was (its parent or province then). */
function contemporary(
  index: AddressIndex,
  code: string | null,
  version: IndexedVersion,
): IndexedVersion | undefined {
  if (code === null) return undefined;
  const memoKey = `${code}|${version.id}`;
  if (index.contemporaries.has(memoKey)) return index.contemporaries.get(memoKey);
  const day = version.validTo !== null ? dayBefore(version.validTo) : (version.validFrom ?? '');
  const found = index.versionsByCode.get(code)?.find((other) => isInForce(other, day));
  index.contemporaries.set(memoKey, found);
  return found;
}

/** How well `part` names the province `province` (its name, or a usual short form). */
function provinceFit(part: Part, province: IndexedVersion): number {
  const aliases = provinceAliases.get(part.key);
  if (aliases?.includes(province.key)) return 1;
  const score = similarity(part.key, province.key);
  return score > 0 ? score + typeFit(part.hint, province.type) : 0;
}

/** How well one part names a unit of a tier above the one matched (district or province). */
function bestFit(
  parts: Part[],
  used: Set<number>,
  unit: IndexedVersion | undefined,
  fit: (part: Part, unit: IndexedVersion) => number,
): { score: number; part: number } {
  let best = { score: 0, part: -1 };
  if (!unit) return best;
  parts.forEach((part, position) => {
    if (used.has(position)) return;
    const score = fit(part, unit);
    if (score > best.score) best = { score, part: position };
  });
  return best;
}

const nameFit = (part: Part, unit: IndexedVersion) => {
  const score = similarity(part.key, unit.key);
  return score > 0 ? score + typeFit(part.hint, unit.type) : 0;
};

/** Weights of the tiers in a match's confidence: the unit named, its district, its province. */
const weights = { unit: 0.5, district: 0.2, province: 0.3 };

/**
 * Whether the part before a candidate names a unit below it ("Phường Ô Chợ Dừa, Đống Đa, Hà
 * Nội" names a ward of Đống Đa, not the ward Đống Đa): a commune-level type word, or the name of
 * a commune-level unit of the candidate's province.
 */
function finerUnitTest(
  index: AddressIndex,
  part: Part | undefined,
  look: LookUp,
): (candidate: IndexedVersion) => boolean {
  if (!part) return () => false;
  const level = hintLevel(part.hint);
  if (level === 'COMMUNE') return () => true;
  if (level !== null) return () => false;
  // The province by code or by name: Cao Bằng kept its code in 2025, An Giang did not.
  const provinceKey = (version: IndexedVersion) =>
    contemporary(index, version.provinceCode, version)?.key;
  const named = look(index.communes, part.key).map(({ version }) => ({
    id: version.id,
    provinceCode: version.provinceCode,
    provinceKey: provinceKey(version),
  }));
  if (named.length === 0) return () => false;
  return (candidate) => {
    const candidateProvince = provinceKey(candidate);
    return named.some(
      (version) =>
        version.id !== candidate.id &&
        (version.provinceCode === candidate.provinceCode ||
          version.provinceKey === candidateProvince),
    );
  };
}

/** What a candidate loses when the part before it names a unit below it. */
const finerPenalty = 0.25;

/** Scores every candidate of one reading of an address (see resolveAddressText). */
function scoreReading(
  index: AddressIndex,
  parts: Part[],
  consider: (version: IndexedVersion, confidence: number) => void,
  look: LookUp,
) {
  parts.forEach((part, position) => {
    const level = hintLevel(part.hint);
    const later = parts.slice(position + 1);
    const previous = parts[position - 1];
    const namesFinerUnit = finerUnitTest(index, previous, look);
    // Tiers: a part names a commune, a district or a province; the parts after it name the tiers
    // above. A part with a type word names only units of its level.
    if (level === null || level === 'COMMUNE') {
      for (const { version, score } of look(index.communes, part.key)) {
        const own = score + typeFit(part.hint, version.type);
        const parent = contemporary(index, version.parentCode, version);
        const province = contemporary(index, version.provinceCode, version);
        const used = new Set<number>();
        let district = 0;
        if (parent && parent.level === 'DISTRICT') {
          const fit = bestFit(later, used, parent, nameFit);
          district = fit.score;
          if (fit.part >= 0) used.add(fit.part);
        }
        const provinceScore = bestFit(later, used, province, provinceFit);
        if (provinceScore.part >= 0) used.add(provinceScore.part);
        // A two-tier unit has no district: it keeps the district's share unless the text names
        // one (a part left over after its province).
        if (!parent || parent.level !== 'DISTRICT') {
          district = later.some((_, index) => !used.has(index)) ? 0 : 1;
        }
        const finer = namesFinerUnit(version) ? finerPenalty : 0;
        consider(
          version,
          weights.unit * own +
            weights.district * district +
            weights.province * provinceScore.score -
            finer,
        );
      }
    }
    if (level === null || level === 'DISTRICT' || part.hint === 'CITY') {
      for (const { version, score } of look(index.districts, part.key)) {
        const province = contemporary(index, version.provinceCode, version);
        const provinceScore = bestFit(later, new Set(), province, provinceFit);
        const finer = previous && hintLevel(previous.hint) === 'COMMUNE' ? finerPenalty : 0;
        // An address that names only a district is less than one that names a commune.
        consider(
          version,
          0.8 *
            ((weights.unit + weights.district) * (score + typeFit(part.hint, version.type)) +
              weights.province * provinceScore.score) -
            finer,
        );
      }
    }
    if (level === null || level === 'PROVINCE' || part.hint === 'CITY') {
      const keys = provinceAliases.get(part.key) ?? [part.key];
      const finer = previous ? finerPenalty : 0;
      for (const key of keys) {
        for (const { version, score } of look(index.provinces, key)) {
          consider(version, 0.6 * (score + typeFit(part.hint, version.type)) - finer);
        }
      }
    }
  });
}

/**
 * The units an address names, best first: each part of the text (after the last part that names
 * nothing, such as a street) is matched against the names of every tier, before and after the
 * 2025 reform, exactly or within a typo; a candidate scores by how well its own name, its
 * district's (three tiers) and its province's fit the other parts, and a two-tier unit loses the
 * district's share when the text names a district it does not have. Deterministic: the same text
 * and units always give the same answer.
 */
export function resolveAddressText(
  index: AddressIndex,
  text: string,
  options: { asOf: string; limit: number },
): AddressMatch[] {
  const scored = new Map<number, { version: IndexedVersion; confidence: number }>();
  const consider = (version: IndexedVersion, confidence: number) => {
    const earlier = scored.get(version.id);
    if (!earlier || earlier.confidence < confidence)
      scored.set(version.id, { version, confidence });
  };
  // The readings of a text share their parts: each name is looked up once per call.
  const memo = new Map<NameTable, Map<string, ReturnType<typeof lookUp>>>();
  const look: LookUp = (table, key) => {
    const known = memo.get(table) ?? new Map<string, ReturnType<typeof lookUp>>();
    memo.set(table, known);
    let found = known.get(key);
    if (!found) {
      found = lookUp(table, key);
      known.set(key, found);
    }
    return found;
  };
  for (const parts of addressReadings(text)) scoreReading(index, parts, consider, look);

  return [...scored.values()]
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        // Ties: the more recent version, then the code, so the order never depends on the input order.
        (b.version.validFrom ?? '').localeCompare(a.version.validFrom ?? '') ||
        a.version.code.localeCompare(b.version.code),
    )
    .slice(0, options.limit)
    .map(({ version, confidence }) => ({
      version,
      confidence: Math.round(Math.max(0, Math.min(1, confidence)) * 1000) / 1000,
      carriedOnBy: carriedOnBy(index, version, options.asOf),
    }));
}

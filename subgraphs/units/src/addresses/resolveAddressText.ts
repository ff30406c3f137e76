import { dayBefore, foldForSearch } from '@home-affairs/graphql';
import type { UnitLevel, UnitType } from '../units/queries.ts';
import {
  type AddressIndex,
  type IndexedVersion,
  matchKey,
  type NameTable,
} from './addressIndex.ts';

/** A unit that carries the matched one on, on the day asked for. */
export interface CarriedOnBy {
  version: IndexedVersion;
  /** PART when some link on the way gave only part of the matched unit. */
  share: 'WHOLE' | 'PART';
}

/** One unit an address may name. */
export interface AddressMatch {
  /** The version named: the one the address's names and tiers fit. */
  version: IndexedVersion;
  /** 0 to 1: how well the names, types and tiers of the text fit this unit. */
  confidence: number;
  /** The units in force on the day asked for that carry it on (itself while in force). */
  carriedOnBy: CarriedOnBy[];
}

/** What the words at the start of a part of an address say the unit is. */
type TypeHint = 'PROVINCE' | 'CITY' | 'DISTRICT' | UnitType;

/** Type words and their usual abbreviations, folded, longest first. */
const typeWords: [string, TypeHint][] = [
  ['thanh pho', 'CITY'],
  ['thi tran', 'COMMUNE_LEVEL_TOWN'],
  ['thi xa', 'DISTRICT_LEVEL_TOWN'],
  ['dac khu', 'SPECIAL_ZONE'],
  ['phuong', 'WARD'],
  ['quan', 'URBAN_DISTRICT'],
  ['huyen', 'RURAL_DISTRICT'],
  ['tinh', 'PROVINCE'],
  ['xa', 'COMMUNE'],
  ['tp', 'CITY'],
  ['tt', 'COMMUNE_LEVEL_TOWN'],
  ['tx', 'DISTRICT_LEVEL_TOWN'],
  ['dk', 'SPECIAL_ZONE'],
  ['p', 'WARD'],
  ['q', 'URBAN_DISTRICT'],
  ['h', 'RURAL_DISTRICT'],
  ['x', 'COMMUNE'],
  ['t', 'PROVINCE'],
];

/** Short forms of province names in common use, folded without spaces, to the name's key. */
const provinceAliases = new Map<string, string[]>([
  ['hn', ['hanoi']],
  ['hcm', ['hochiminh']],
  ['hcmc', ['hochiminh']],
  ['tphcm', ['hochiminh']],
  ['sg', ['hochiminh']],
  ['saigon', ['hochiminh']],
  ['hp', ['haiphong']],
  ['dng', ['danang']],
  ['ct', ['cantho']],
  ['brvt', ['bariavungtau']],
  ['vungtau', ['bariavungtau']],
  ['hue', ['hue', 'thuathienhue']],
  ['tthue', ['thuathienhue', 'hue']],
  ['thuathienhue', ['thuathienhue', 'hue']],
  ['dl', ['daklak', 'daklak']],
  ['daklak', ['daklak']],
]);

/** Which unit types a type hint fits. */
const hintFits: Record<TypeHint, readonly UnitType[]> = {
  PROVINCE: ['PROVINCE'],
  CITY: ['CENTRALLY_RUN_CITY', 'PROVINCIAL_CITY', 'MUNICIPAL_CITY'],
  DISTRICT: [
    'URBAN_DISTRICT',
    'RURAL_DISTRICT',
    'DISTRICT_LEVEL_TOWN',
    'PROVINCIAL_CITY',
    'MUNICIPAL_CITY',
  ],
  URBAN_DISTRICT: ['URBAN_DISTRICT'],
  RURAL_DISTRICT: ['RURAL_DISTRICT'],
  DISTRICT_LEVEL_TOWN: ['DISTRICT_LEVEL_TOWN'],
  PROVINCIAL_CITY: ['PROVINCIAL_CITY'],
  MUNICIPAL_CITY: ['MUNICIPAL_CITY'],
  CENTRALLY_RUN_CITY: ['CENTRALLY_RUN_CITY'],
  WARD: ['WARD'],
  COMMUNE: ['COMMUNE'],
  COMMUNE_LEVEL_TOWN: ['COMMUNE_LEVEL_TOWN'],
  SPECIAL_ZONE: ['SPECIAL_ZONE'],
};

/** The level a type hint names, when it names one. */
function hintLevel(hint: TypeHint | null): UnitLevel | null {
  if (hint === null || hint === 'CITY') return null;
  if (hint === 'PROVINCE' || hint === 'CENTRALLY_RUN_CITY') return 'PROVINCE';
  if (['WARD', 'COMMUNE', 'COMMUNE_LEVEL_TOWN', 'SPECIAL_ZONE'].includes(hint)) return 'COMMUNE';
  return 'DISTRICT';
}

/** One comma-separated part of an address: its type word, if any, and its name's key. */
interface Part {
  hint: TypeHint | null;
  key: string;
  /** The key with the type word kept, when a full one was taken off ("Phương Viên", "Quán Hành" typed without diacritics). */
  whole?: string;
}

/** Splits a part's folded words into a type word and a name. */
function toPart(words: string[]): Part | null {
  for (const [word, hint] of typeWords) {
    const typeTokens = word.split(' ');
    if (
      words.length > typeTokens.length &&
      typeTokens.every((token, index) => words[index] === token)
    ) {
      const key = matchKey(words.slice(typeTokens.length).join(' '));
      // A name may begin with what reads as a full type word once diacritics are gone.
      if (key)
        return word.length >= 4 ? { hint, key, whole: matchKey(words.join(' ')) } : { hint, key };
    }
  }
  const key = matchKey(words.join(' '));
  return key ? { hint: null, key } : null;
}

/** Full type words that begin a part even without a comma before them. */
const boundaryWords = new Set(['phuong', 'quan', 'huyen', 'tinh', 'thanh', 'thi', 'dac']);

/** Readings of a text without separators are capped: each is scored in full. */
const maxReadings = 48;

/** The ways of cutting `words` into one to three consecutive chunks, the whole first. */
function chunkings(words: string[]): string[][][] {
  const readings: string[][][] = [[words]];
  for (let first = 1; first < words.length; first += 1) {
    readings.push([words.slice(0, first), words.slice(first)]);
    for (let second = first + 1; second < words.length; second += 1) {
      readings.push([words.slice(0, first), words.slice(first, second), words.slice(second)]);
    }
  }
  return readings;
}

/**
 * Cuts an address into parts, in the readings worth scoring: at commas, semicolons and line
 * breaks, and, when the text has none, before each full type word (`phường`, `quận`, ...) and
 * each abbreviation written with a dot; a text without separators is also read with every
 * other cut of its words into units ("Xã Tân Hưng Sóc Sơn Hà Nội"), up to a cap.
 */
export function addressReadings(text: string): Part[][] {
  const folded = foldForSearch(text);
  const pieces = folded.split(/[,;|\n]+/);
  const groups: string[][] = [];
  for (const piece of pieces) {
    // "P.Phúc Xá", "TP.HCM", "Q.1": an abbreviation's dot separates it from the name.
    const marked = piece.replace(/\b(tp|tt|tx|dk|p|q|h|x|t)\.\s*/g, '\u0001$1 ');
    const words = marked.split(/[\s.]+/).filter(Boolean);
    const start = groups.length;
    groups.push([]);
    words.forEach((word, position) => {
      const marker = word.startsWith('\u0001');
      const clean = marker ? word.slice(1) : word;
      const current = groups.at(-1)!;
      const startsPart =
        pieces.length === 1 &&
        current.length > 0 &&
        (marker ||
          (boundaryWords.has(clean) &&
            // "thành phố", "thị xã", "thị trấn", "đặc khu": two words.
            (clean !== 'thanh' || words[position + 1] === 'pho') &&
            (clean !== 'thi' || ['xa', 'tran'].includes(words[position + 1] ?? '')) &&
            (clean !== 'dac' || words[position + 1] === 'khu')));
      if (startsPart) groups.push([clean]);
      else current.push(clean);
    });
    if (groups.length > start && groups.at(-1)!.length === 0) groups.pop();
  }
  const toParts = (chunks: string[][]) =>
    chunks.flatMap((chunk) => {
      const part = toPart(chunk);
      return part ? [part] : [];
    });
  const readings = [toParts(groups)];
  // The first reading again with each type word taken as the start of the name instead.
  const first = readings[0]!;
  first.forEach((part, position) => {
    if (part.whole) {
      readings.push(
        first.map((other, index) =>
          index === position ? { hint: null, key: part.whole! } : other,
        ),
      );
    }
  });
  if (pieces.length > 1) return readings;
  // A type word alone is no unit: a cut that leaves one is not a reading.
  const isTypeWord = (chunk: string[]) =>
    chunk.length <= 2 && typeWords.some(([word]) => word === chunk.join(' '));
  // Without separators, a group may hold several units: each group is also cut in two or three.
  let combined: string[][][] = [[]];
  for (const group of groups) {
    const cuts = chunkings(group).filter((cut) => !cut.some(isTypeWord));
    const next: string[][][] = [];
    for (const prefix of combined) {
      for (const cut of cuts) {
        if (next.length < maxReadings) next.push([...prefix, ...cut]);
      }
    }
    combined = next;
  }
  for (const chunks of combined.slice(1)) readings.push(toParts(chunks));
  // A type word may begin a name ("Xã Phượng Tiến"): the words uncut at type words, cut anew.
  if (groups.length > 1) {
    for (const cut of chunkings(groups.flat()).slice(0, maxReadings - readings.length)) {
      if (!cut.some(isTypeWord)) readings.push(toParts(cut));
    }
  }
  return readings;
}

/** The parts of the first reading of an address (see addressReadings). */
export function addressParts(text: string): Part[] {
  return addressReadings(text)[0]!;
}

/** Damerau–Levenshtein distance (optimal string alignment) of two short keys. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table = new Uint16Array(rows * columns);
  for (let i = 0; i < rows; i += 1) table[i * columns] = i;
  for (let j = 0; j < columns; j += 1) table[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        table[(i - 1) * columns + j]! + 1,
        table[i * columns + j - 1]! + 1,
        table[(i - 1) * columns + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, table[(i - 2) * columns + j - 2]! + 1);
      }
      table[i * columns + j] = best;
    }
  }
  return table[rows * columns - 1]!;
}

/** How alike two keys are, 0 to 1; 0 beyond the edits a typo explains (one per four letters). */
export function similarity(typed: string, name: string): number {
  if (typed === name) return 1;
  const distance = editDistance(typed, name);
  const longest = Math.max(typed.length, name.length);
  if (distance > Math.max(1, Math.floor(longest / 4))) return 0;
  return 1 - distance / (longest + 1);
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
  const found = index.versionsByCode
    .get(code)
    ?.find(
      (other) =>
        (other.validFrom === null || other.validFrom <= day) &&
        (other.validTo === null || other.validTo > day),
    );
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

/** Lineage chains rarely exceed a few links; this bounds a corrupt cycle. */
const maxDepth = 32;

/**
 * The versions in force on `asOf` that carry `version` on: itself while in force; after its end,
 * its successors (followed through every later change, PART once any link is PART; a version
 * closed without links continues under its code); before its start, the units it was formed from.
 */
export function carriedOnBy(
  index: AddressIndex,
  version: IndexedVersion,
  asOf: string,
): CarriedOnBy[] {
  const found = new Map<number, CarriedOnBy>();
  const visit = (current: IndexedVersion, share: 'WHOLE' | 'PART', depth: number) => {
    if (depth > maxDepth) return;
    const inForce =
      (current.validFrom === null || current.validFrom <= asOf) &&
      (current.validTo === null || current.validTo > asOf);
    if (inForce) {
      const earlier = found.get(current.id);
      if (!earlier || (earlier.share === 'PART' && share === 'WHOLE')) {
        found.set(current.id, { version: current, share });
      }
      return;
    }
    const versions = index.versionsByCode.get(current.code) ?? [];
    if (current.validTo !== null && current.validTo <= asOf) {
      const links = (index.successorsOf.get(current.code) ?? []).filter(
        (link) => link.effectiveDate === current.validTo,
      );
      if (links.length === 0) {
        const next = versions.find((other) => other.validFrom === current.validTo);
        if (next) visit(next, share, depth + 1);
        return;
      }
      for (const link of links) {
        const next = index.versionsByCode
          .get(link.successorCode)
          ?.find(
            (other) =>
              (other.validFrom === null || other.validFrom <= link.effectiveDate) &&
              (other.validTo === null || other.validTo > link.effectiveDate),
          );
        if (next)
          visit(next, share === 'PART' || link.share === 'PART' ? 'PART' : 'WHOLE', depth + 1);
      }
      return;
    }
    // Not yet in force on asOf: what it was formed from.
    if (current.validFrom === null) return;
    const links = (index.predecessorsOf.get(current.code) ?? []).filter(
      (link) => link.effectiveDate === current.validFrom,
    );
    if (links.length === 0) {
      const previous = versions.find((other) => other.validTo === current.validFrom);
      if (previous) visit(previous, share, depth + 1);
      return;
    }
    for (const link of links) {
      const previous = index.versionsByCode
        .get(link.predecessorCode)
        ?.find((other) => other.validTo === link.effectiveDate);
      if (previous) visit(previous, link.share === 'PART' ? 'PART' : share, depth + 1);
    }
  };
  visit(version, 'WHOLE', 0);
  return [...found.values()].sort((a, b) => a.version.code.localeCompare(b.version.code));
}

import { foldForSearch } from '@home-affairs/graphql';
import type { UnitLevel, UnitType } from '../units/queries.ts';
import { matchKey } from './addressIndex.ts';

/** What the words at the start of a part of an address say the unit is. */
export type TypeHint = 'PROVINCE' | 'CITY' | 'DISTRICT' | UnitType;

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
export const provinceAliases = new Map<string, string[]>([
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
export const hintFits: Record<TypeHint, readonly UnitType[]> = {
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
export function hintLevel(hint: TypeHint | null): UnitLevel | null {
  if (hint === null || hint === 'CITY') return null;
  if (hint === 'PROVINCE' || hint === 'CENTRALLY_RUN_CITY') return 'PROVINCE';
  if (['WARD', 'COMMUNE', 'COMMUNE_LEVEL_TOWN', 'SPECIAL_ZONE'].includes(hint)) return 'COMMUNE';
  return 'DISTRICT';
}

/** One comma-separated part of an address: its type word, if any, and its name's key. */
export interface Part {
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

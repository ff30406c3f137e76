import { foldForSearch } from '@home-affairs/graphql';
import type { UnitLevel, UnitType } from '../units/queries.ts';

/** Something the parser had to fix, or could not, in one official name. */
export type NameIssue =
  | 'NAME_NOT_NFC'
  | 'NAME_WHITESPACE'
  | 'NAME_APOSTROPHE'
  | 'TYPE_WORD_CASE'
  | 'TYPE_WORD_MISSING'
  | 'TYPE_WORD_UNKNOWN'
  | 'NAME_EMPTY';

/** A name split into its type word and the name proper. */
export interface ParsedUnitName {
  /** Name without the type word, e.g. "Nghệ An". */
  name: string;
  /** Type word in canonical casing followed by the name, e.g. "Tỉnh Nghệ An". */
  fullName: string;
  type: UnitType;
  issues: NameIssue[];
}

interface TypeWord {
  word: string;
  level: UnitLevel;
  type: UnitType;
}

// Canonical casing as written in the official code list (Decision 19/2025/QĐ-TTg and the GSO list
// before it): only the first letter of the type word is upper case.
const typeWords: TypeWord[] = [
  { word: 'Thành phố', level: 'PROVINCE', type: 'CENTRALLY_RUN_CITY' },
  { word: 'Tỉnh', level: 'PROVINCE', type: 'PROVINCE' },
  { word: 'Quận', level: 'DISTRICT', type: 'URBAN_DISTRICT' },
  { word: 'Huyện', level: 'DISTRICT', type: 'RURAL_DISTRICT' },
  { word: 'Thị xã', level: 'DISTRICT', type: 'DISTRICT_LEVEL_TOWN' },
  { word: 'Thành phố', level: 'DISTRICT', type: 'PROVINCIAL_CITY' },
  { word: 'Phường', level: 'COMMUNE', type: 'WARD' },
  { word: 'Thị trấn', level: 'COMMUNE', type: 'COMMUNE_LEVEL_TOWN' },
  { word: 'Xã', level: 'COMMUNE', type: 'COMMUNE' },
  { word: 'Đặc khu', level: 'COMMUNE', type: 'SPECIAL_ZONE' },
];

const canonicalWords: Record<UnitType, string> = {
  CENTRALLY_RUN_CITY: 'Thành phố',
  PROVINCE: 'Tỉnh',
  URBAN_DISTRICT: 'Quận',
  RURAL_DISTRICT: 'Huyện',
  DISTRICT_LEVEL_TOWN: 'Thị xã',
  PROVINCIAL_CITY: 'Thành phố',
  MUNICIPAL_CITY: 'Thành phố',
  WARD: 'Phường',
  COMMUNE: 'Xã',
  COMMUNE_LEVEL_TOWN: 'Thị trấn',
  SPECIAL_ZONE: 'Đặc khu',
};

/** The type word an official full name starts with, in canonical casing ("Thị xã", "Đặc khu"). */
export function canonicalTypeWord(type: UnitType): string {
  return canonicalWords[type];
}

/** NFC-composes `text`, turns every run of white space into one space and trims it. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

// The pre-2025 list writes the apostrophe of Central Highlands names as ASCII ("Xã Ea H'leo");
// the 2025 list mixes in U+2019 ("Xã Ea H’Leo"). One spelling keeps search and matching simple.
const typographicApostrophes = /[’‘ʼ]/gu;

/**
 * Folds a name for matching one source against another: `foldForSearch` (which already writes
 * every apostrophe as '), plus the spacing around apostrophes and the dash variants the sources
 * mix ("K' Dang" / "K'Dang", "Văn Miếu – Quốc Tử Giám" / "Văn Miếu - Quốc Tử Giám").
 */
export function matchKey(text: string): string {
  return foldForSearch(text)
    .replace(/\s*'\s*/gu, "'")
    .replace(/\s*[-–—]\s*/gu, ' - ');
}

// Longest first, so that "thi xa" is tried before "xa".
const foldedTypeWords = [...new Set(typeWords.map(({ word }) => `${matchKey(word)} `))].sort(
  (a, b) => b.length - a.length,
);

/** `matchKey` of a name with its leading type word removed, whatever the level. */
export function nameKey(text: string): string {
  const folded = matchKey(text);
  const prefix = foldedTypeWords.find((word) => folded.startsWith(word));
  return prefix ? folded.slice(prefix.length) : folded;
}

/**
 * Splits an official name ("Thị Xã Phú Mỹ", "Cao Bằng") into type and name for `level`. When the
 * name carries no type word, `fallbackType` (from another field of the source) is used and
 * `TYPE_WORD_MISSING` reported; without a fallback the result is null.
 */
export function parseUnitName(
  raw: string,
  level: UnitLevel,
  options: {
    /** Used when the name has no type word of this level. */
    fallbackType?: UnitType;
    /** A city (thành phố) under a centrally-run city is a municipal city, not a provincial one. */
    parentType?: UnitType;
  } = {},
): ParsedUnitName | null {
  const issues: NameIssue[] = [];
  if (raw.normalize('NFC') !== raw) issues.push('NAME_NOT_NFC');
  const spaced = normalizeText(raw);
  if (spaced !== raw.normalize('NFC')) issues.push('NAME_WHITESPACE');
  const text = spaced.replace(typographicApostrophes, "'");
  if (text !== spaced) issues.push('NAME_APOSTROPHE');

  const lower = text.toLowerCase();
  const match = typeWords.find(
    (candidate) =>
      candidate.level === level &&
      (lower === candidate.word.toLowerCase() ||
        lower.startsWith(`${candidate.word.toLowerCase()} `)),
  );

  let type: UnitType;
  let name: string;
  if (match) {
    if (!text.startsWith(match.word)) issues.push('TYPE_WORD_CASE');
    type = match.type;
    name = text.slice(match.word.length).trim();
  } else if (options.fallbackType) {
    issues.push('TYPE_WORD_MISSING');
    type = options.fallbackType;
    name = text;
  } else {
    return null;
  }
  if (type === 'PROVINCIAL_CITY' && options.parentType === 'CENTRALLY_RUN_CITY') {
    type = 'MUNICIPAL_CITY';
  }
  if (name === '') issues.push('NAME_EMPTY');
  return {
    name,
    fullName: name ? `${canonicalWords[type]} ${name}` : canonicalWords[type],
    type,
    issues,
  };
}

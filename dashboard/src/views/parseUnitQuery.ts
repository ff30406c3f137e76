import { fold } from '../i18n/fold.ts';

/** What a person typed, as a name to search and the unit types its type word or abbreviation names. */
export interface UnitQuery {
  /** The name, folded (no diacritics, lower case). */
  search: string;
  /** Unit types (`AdministrativeUnitType`) the prefix names; empty when there was none. */
  types: string[];
}

// Type words and their usual abbreviations, longest first so that `thi xa` wins over `thi`.
const prefixes: [RegExp, string[]][] = [
  [/^(thanh pho|tp\.?)\s*/, ['CENTRALLY_RUN_CITY', 'PROVINCIAL_CITY', 'MUNICIPAL_CITY']],
  [/^(thi tran|tt\.?)\s+/, ['COMMUNE_LEVEL_TOWN']],
  [/^(thi xa|tx\.?)\s+/, ['DISTRICT_LEVEL_TOWN']],
  [/^(phuong|p\.)\s*/, ['WARD']],
  [/^p\s+/, ['WARD']],
  [/^(quan|q\.)\s*/, ['URBAN_DISTRICT']],
  [/^(huyen|h\.)\s*/, ['RURAL_DISTRICT']],
  [/^h\s+/, ['RURAL_DISTRICT']],
  [/^(xa|x\.)\s+/, ['COMMUNE']],
  [/^(tinh|t\.)\s*/, ['PROVINCE']],
  [/^(dac khu|dk\.?)\s+/, ['SPECIAL_ZONE']],
];

// Names people shorten; the searched name is the official one.
const shortNames: Record<string, string> = {
  hcm: 'ho chi minh',
  tphcm: 'ho chi minh',
  'sai gon': 'ho chi minh',
  hn: 'ha noi',
  brvt: 'ba ria vung tau',
  'ba ria - vung tau': 'ba ria vung tau',
};

/**
 * Reads a unit as people type it: `p. phuc xa` (ward Phúc Xá), `tp hcm` (Hồ Chí Minh City),
 * `h. nam dan`, `Phường Phúc Xá`. The search itself is the units subgraph's, which ignores case
 * and diacritics; this only separates the type word from the name and expands short names.
 */
export function parseUnitQuery(text: string): UnitQuery {
  let rest = fold(text).replace(/[,;]+/g, ' ').trim();
  if (shortNames[rest.replace(/\s+/g, '')])
    return { search: shortNames[rest.replace(/\s+/g, '')]!, types: [] };
  let types: string[] = [];
  for (const [pattern, named] of prefixes) {
    const match = rest.match(pattern);
    if (match && rest.length > match[0].length) {
      types = named;
      rest = rest.slice(match[0].length).trim();
      break;
    }
  }
  return { search: shortNames[rest] ?? shortNames[rest.replace(/\s+/g, '')] ?? rest, types };
}

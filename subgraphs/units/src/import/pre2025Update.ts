import { readFileSync } from 'node:fs';

/** One unit of the later pre-2025 list that differs from the first, or is not in it. */
export interface Pre2025UpdateUnit {
  code: string;
  /** The parent's code (province of a district, district of a commune); absent for a province. */
  parentCode?: string;
  /** Full name with the type word, as the later list gives it. */
  name: string;
}

/**
 * What a later pre-2025 list says differently from `vietnam-provinces-js`: the facts (codes,
 * names, parents) derived from it by `pnpm units:derive-dvhcvn`, not the list itself (see ADR
 * 0012 for why). The importer reads this as its second pre-2025 source.
 */
export interface Pre2025Update {
  /** The package the facts were derived from, e.g. `dvhcvn`. */
  package: { name: string; version: string; license: string };
  /** The day the later list describes: every difference took effect on or before it. */
  asOf: string;
  /** Units whose name, type or parent differ, and units only the later list has. */
  changed: {
    provinces: Pre2025UpdateUnit[];
    districts: Pre2025UpdateUnit[];
    communes: Pre2025UpdateUnit[];
  };
  /** Codes the first list has and the later one no longer does. */
  absent: { provinces: string[]; districts: string[]; communes: string[] };
}

/** The derived facts shipped with the subgraph: `subgraphs/units/data/dvhcvn-2025-03-01.json`. */
export const pre2025UpdateFile = new URL('../../data/dvhcvn-2025-03-01.json', import.meta.url);

/** Reads the shipped facts of the later pre-2025 list. */
export function readPre2025Update(file: URL | string = pre2025UpdateFile): Pre2025Update {
  return JSON.parse(readFileSync(file, 'utf8')) as Pre2025Update;
}

import { foldForSearch } from '@home-affairs/graphql';
import type { AdministrativeUnitRow, UnitTransitionRow } from '../db/schema.ts';

/** The fields of a unit version the address resolver needs. */
export type IndexedVersion = Pick<
  AdministrativeUnitRow,
  | 'id'
  | 'code'
  | 'level'
  | 'type'
  | 'name'
  | 'parentCode'
  | 'provinceCode'
  | 'validFrom'
  | 'validTo'
> & {
  /** The name folded for matching, without spaces or punctuation (`phucxa`). */
  key: string;
};

/** The fields of a lineage link the resolver follows. */
export type IndexedTransition = Pick<
  UnitTransitionRow,
  'predecessorCode' | 'successorCode' | 'effectiveDate' | 'share'
>;

/**
 * Folds a name or a piece of an address for matching: case, diacritics, `đ`, Unicode form,
 * spaces and punctuation do not count, and numbers lose their leading zeros (`Phường 01` and
 * `P.1` are the same ward).
 */
export function matchKey(text: string): string {
  return foldForSearch(text)
    .replace(/\d+/g, (digits) => String(Number(digits)))
    .replace(/[^a-z0-9]/g, '');
}

/** Every way of deleting one character from `key`, and `key` itself. */
export function deletions(key: string): string[] {
  const keys = [key];
  for (let index = 0; index < key.length; index += 1) {
    keys.push(key.slice(0, index) + key.slice(index + 1));
  }
  return keys;
}

/** Names of one tier, looked up exactly or within two edits (symmetric deletions). */
class NameTable {
  readonly byKey = new Map<string, IndexedVersion[]>();
  private readonly byDeletion = new Map<string, Set<string>>();

  add(version: IndexedVersion) {
    const list = this.byKey.get(version.key);
    if (list) {
      list.push(version);
      return;
    }
    this.byKey.set(version.key, [version]);
    for (const deleted of deletions(version.key)) {
      const keys = this.byDeletion.get(deleted) ?? new Set<string>();
      keys.add(version.key);
      this.byDeletion.set(deleted, keys);
    }
  }

  /** Keys sharing a one-character deletion with `key` (a superset of those within two edits). */
  near(key: string): Set<string> {
    const found = new Set<string>();
    for (const deleted of deletions(key)) {
      for (const candidate of this.byDeletion.get(deleted) ?? []) found.add(candidate);
    }
    return found;
  }
}

/**
 * The unit versions and lineage, indexed for resolving addresses in process: names of each tier
 * for exact and approximate lookup, versions by code, links by predecessor.
 */
export interface AddressIndex {
  provinces: NameTable;
  districts: NameTable;
  communes: NameTable;
  versionsByCode: Map<string, IndexedVersion[]>;
  successorsOf: Map<string, IndexedTransition[]>;
  predecessorsOf: Map<string, IndexedTransition[]>;
  /** Memo of the resolver: the version of a code in force when another version was. */
  contemporaries: Map<string, IndexedVersion | undefined>;
}

/** Builds the index from every version and every link (about 14,000 and 10,000 rows). */
export function buildAddressIndex(
  versions: Omit<IndexedVersion, 'key'>[],
  transitions: IndexedTransition[],
): AddressIndex {
  const index: AddressIndex = {
    provinces: new NameTable(),
    districts: new NameTable(),
    communes: new NameTable(),
    versionsByCode: new Map(),
    successorsOf: new Map(),
    predecessorsOf: new Map(),
    contemporaries: new Map(),
  };
  const sorted = [...versions].sort(
    (a, b) => a.code.localeCompare(b.code) || (a.validFrom ?? '').localeCompare(b.validFrom ?? ''),
  );
  for (const row of sorted) {
    const version = { ...row, key: matchKey(row.name) };
    const table =
      version.level === 'PROVINCE'
        ? index.provinces
        : version.level === 'DISTRICT'
          ? index.districts
          : index.communes;
    table.add(version);
    index.versionsByCode.set(version.code, [
      ...(index.versionsByCode.get(version.code) ?? []),
      version,
    ]);
  }
  for (const link of transitions) {
    index.successorsOf.set(link.predecessorCode, [
      ...(index.successorsOf.get(link.predecessorCode) ?? []),
      link,
    ]);
    index.predecessorsOf.set(link.successorCode, [
      ...(index.predecessorsOf.get(link.successorCode) ?? []),
      link,
    ]);
  }
  return index;
}

export type { NameTable };

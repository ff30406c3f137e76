import { todayInVietnam } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import type { AddressIndex } from './addresses/addressIndex.ts';
import { addressIndexCache } from './addresses/loadAddressIndex.ts';
import { transitionsFromVersion, transitionsIntoVersion } from './lineage/loaders.ts';
import { firstChildrenByParent, unitByCode, versionsByCode } from './units/loaders.ts';
import type { UnitsDatabase } from './units/queries.ts';

/** Per-request context: the caller, the database, the request's "today", and fresh loaders. */
export interface UnitsContext {
  /** The caller, as the gateway signed it (anonymous for a public read). */
  identity: Identity;
  db: UnitsDatabase;
  /** Today in Vietnam, fixed for the whole request so that every field agrees on it. */
  today: string;
  loaders: ReturnType<typeof createLoaders>;
  /** The address index of this database, built once and rebuilt when the history changes. */
  addressIndex: () => Promise<AddressIndex>;
}

/** One address index per database, shared by every request. */
const addressIndexes = new WeakMap<UnitsDatabase, () => Promise<AddressIndex>>();

function addressIndexOf(db: UnitsDatabase) {
  let cache = addressIndexes.get(db);
  if (!cache) {
    cache = addressIndexCache(db);
    addressIndexes.set(db, cache);
  }
  return cache;
}

function createLoaders(db: UnitsDatabase) {
  return {
    unitByCode: unitByCode(db),
    versionsByCode: versionsByCode(db),
    firstChildrenByParent: firstChildrenByParent(db),
    transitionsIntoVersion: transitionsIntoVersion(db),
    transitionsFromVersion: transitionsFromVersion(db),
  };
}

/** Builds the context of one request. */
export function createContext(db: UnitsDatabase, identity: Identity): UnitsContext {
  return {
    identity,
    db,
    today: todayInVietnam(),
    loaders: createLoaders(db),
    addressIndex: addressIndexOf(db),
  };
}

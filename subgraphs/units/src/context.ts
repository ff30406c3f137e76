import { todayInVietnam } from '@home-affairs/graphql';
import type { Identity } from '@home-affairs/identity';
import type { AddressIndex } from './addresses/addressIndex.ts';
import { addressIndexCache } from './addresses/loadAddressIndex.ts';
import { transitionsFromVersion, transitionsIntoVersion } from './lineage/loaders.ts';
import {
  type SnapshotOfRequest,
  unitByCode,
  unitSnapshot,
  versionsByCode,
} from './units/loaders.ts';
import type { UnitsDatabase } from './units/queries.ts';

/** Per-request context: the caller, the database, the request's "today", and fresh loaders. */
export interface UnitsContext {
  /** The caller, as the gateway signed it (anonymous for a public read). */
  identity: Identity;
  db: UnitsDatabase;
  /** Today in Vietnam, fixed for the whole request so that every field agrees on it. */
  today: string;
  loaders: ReturnType<typeof createLoaders>;
  /** The in-memory unit versions, checked against the history revision (units/unitSnapshot.ts). */
  units: SnapshotOfRequest;
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

function createLoaders(units: SnapshotOfRequest) {
  return {
    unitByCode: unitByCode(units),
    versionsByCode: versionsByCode(units),
    transitionsIntoVersion: transitionsIntoVersion(units),
    transitionsFromVersion: transitionsFromVersion(units),
  };
}

/** Builds the context of one request. */
export function createContext(db: UnitsDatabase, identity: Identity): UnitsContext {
  const units = unitSnapshot(db);
  return {
    identity,
    db,
    today: todayInVietnam(),
    loaders: createLoaders(units),
    units,
    addressIndex: addressIndexOf(db),
  };
}

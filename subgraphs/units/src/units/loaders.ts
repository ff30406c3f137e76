import { ObservedDataLoader } from '@home-affairs/telemetry';
import DataLoader from 'dataloader';
import type { AdministrativeUnitRow } from '../db/schema.ts';
import type { UnitsDatabase } from './queries.ts';
import type { UnitNode } from './unitNode.ts';
import type { UnitSnapshot } from './unitSnapshot.ts';
import { unitSnapshotOf } from './unitSnapshotCache.ts';

/** A code looked up as it stood on a day. */
export interface CodeOnDay {
  code: string;
  asOf: string;
}

/**
 * The unit snapshot for one request: every call made in the same tick shares one revision check
 * (one primary-key read), and a call after a write in the same request (a mutation's payload)
 * checks again, so it sees the write (unitSnapshotCache).
 */
export function unitSnapshot(db: UnitsDatabase) {
  const current = unitSnapshotOf(db);
  const loader = new DataLoader<0, UnitSnapshot>(
    async (keys) => {
      const snapshot = await current();
      return keys.map(() => snapshot);
    },
    { cache: false },
  );
  return () => loader.load(0);
}

/** The snapshot of a request, as `unitSnapshot` returns it. */
export type SnapshotOfRequest = ReturnType<typeof unitSnapshot>;

/**
 * Loads units by code as of a day (the version in force, or the last one before), as nodes served
 * for that day.
 */
export function unitByCode(snapshot: SnapshotOfRequest) {
  return new ObservedDataLoader<CodeOnDay, UnitNode | null, string>(
    'unitByCode',
    async (keys) => {
      const units = await snapshot();
      return keys.map((key) => {
        const row = units.latestVersion(key.code, key.asOf);
        return row && units.node(row, key.asOf);
      });
    },
    { cacheKeyFn: (key) => `${key.asOf}|${key.code}` },
  );
}

/** Loads every version of a code, oldest first. */
export function versionsByCode(snapshot: SnapshotOfRequest) {
  return new ObservedDataLoader<string, AdministrativeUnitRow[]>(
    'versionsByCode',
    async (codes) => {
      const units = await snapshot();
      return codes.map((code) => units.versions(code));
    },
  );
}

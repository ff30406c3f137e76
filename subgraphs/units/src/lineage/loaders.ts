import { ObservedDataLoader } from '@home-affairs/telemetry';
import type { UnitTransitionRow } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';
import { findTransitions, type LinkSide } from './queries.ts';

/** A unit version identified by its code and the day it began or ended. */
export interface VersionBoundary {
  code: string;
  date: string;
}

const keyOf = (key: VersionBoundary) => `${key.date}|${key.code}`;

function boundaryLoader(side: LinkSide) {
  return (db: UnitsDatabase) =>
    new ObservedDataLoader<VersionBoundary, UnitTransitionRow[], string>(
      'boundaryLoader',
      async (keys) => {
        const rows = await findTransitions(
          db,
          side,
          [...new Set(keys.map((key) => key.code))],
          [...new Set(keys.map((key) => key.date))],
        );
        const byKey = new Map<string, UnitTransitionRow[]>();
        for (const row of rows) {
          const key = `${row.effectiveDate}|${row[side]}`;
          byKey.set(key, [...(byKey.get(key) ?? []), row]);
        }
        return keys.map((key) => byKey.get(keyOf(key)) ?? []);
      },
      { cacheKeyFn: keyOf },
    );
}

/** Loads the links into a version (its predecessors), keyed by code and first day. */
export const transitionsIntoVersion = boundaryLoader('successorCode');

/** Loads the links out of a version (its successors), keyed by code and first day no longer in force. */
export const transitionsFromVersion = boundaryLoader('predecessorCode');

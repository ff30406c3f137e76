import { ObservedDataLoader } from '@home-affairs/telemetry';
import type { UnitTransitionRow } from '../db/schema.ts';
import type { SnapshotOfRequest } from '../units/loaders.ts';
import type { LinkSide } from './lineageIndex.ts';

/** A unit version identified by its code and the day it began or ended. */
export interface VersionBoundary {
  code: string;
  date: string;
}

const keyOf = (key: VersionBoundary) => `${key.date}|${key.code}`;

function boundaryLoader(side: LinkSide) {
  return (snapshot: SnapshotOfRequest) =>
    new ObservedDataLoader<VersionBoundary, UnitTransitionRow[], string>(
      'boundaryLoader',
      async (keys) => {
        const lineage = await (await snapshot()).lineage();
        return keys.map((key) => lineage.links(side, key.code, key.date));
      },
      { cacheKeyFn: keyOf },
    );
}

/** Loads the links into a version (its predecessors), keyed by code and first day. */
export const transitionsIntoVersion = boundaryLoader('successorCode');

/** Loads the links out of a version (its successors), keyed by code and first day no longer in force. */
export const transitionsFromVersion = boundaryLoader('predecessorCode');

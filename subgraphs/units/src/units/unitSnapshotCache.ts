import { selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import { administrativeUnits, historyRevision, unitTransitions } from '../db/schema.ts';
import type { UnitsDatabase } from './queries.ts';
import { UnitSnapshot } from './unitSnapshot.ts';

/** The revision of the unit history now: one primary-key read of a one-row table. */
export async function readHistoryRevision(db: UnitsDatabase): Promise<string> {
  const [row] = await selectRows<{ revision: string; transaction_id: string }>(
    db,
    sql`SELECT ${historyRevision.revision} AS revision, ${historyRevision.transactionId} AS transaction_id
      FROM ${historyRevision} WHERE ${historyRevision.singleton}`,
  );
  return row ? `${row.revision}:${row.transaction_id}` : 'none';
}

/**
 * The unit snapshot of one database, kept in memory and read again only when the history
 * revision has changed since (a change set, a correction, an import, any write to the versions or
 * the lineage, by this process or another one on the same database): each call costs one
 * primary-key read, and a full read (one statement) after a write; the lineage links are read
 * once per revision too, by the first request that needs them (UnitSnapshot.lineage).
 *
 * The revision is read before the versions, in separate statements: a write committing between
 * them makes the snapshot newer than its revision, never older, so the next call reads it again
 * rather than keeping stale data.
 */
export function unitSnapshotCache(db: UnitsDatabase): () => Promise<UnitSnapshot> {
  let cached: { revision: string; snapshot: Promise<UnitSnapshot> } | undefined;
  return async () => {
    const revision = await readHistoryRevision(db);
    if (!cached || cached.revision !== revision) {
      const snapshot = db
        .select()
        .from(administrativeUnits)
        .then(
          (rows) =>
            new UnitSnapshot(revision, rows, () => db.select().from(unitTransitions).execute()),
        );
      cached = { revision, snapshot };
      snapshot.catch(() => {
        if (cached?.snapshot === snapshot) cached = undefined;
      });
    }
    return cached.snapshot;
  };
}

/** One snapshot cache per database, shared by every request of this process. */
const caches = new WeakMap<UnitsDatabase, () => Promise<UnitSnapshot>>();

/** The shared snapshot cache of `db`. */
export function unitSnapshotOf(db: UnitsDatabase): () => Promise<UnitSnapshot> {
  let cache = caches.get(db);
  if (!cache) {
    cache = unitSnapshotCache(db);
    caches.set(db, cache);
  }
  return cache;
}

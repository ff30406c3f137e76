import { selectRows } from '@home-affairs/db';
import { sql } from 'drizzle-orm';
import { unitChanges, administrativeUnits as units, unitTransitions } from '../db/schema.ts';
import type { UnitsDatabase } from '../units/queries.ts';
import { type AddressIndex, buildAddressIndex } from './addressIndex.ts';

/** Reads every version and link and indexes them for resolving addresses: two statements. */
export async function loadAddressIndex(db: UnitsDatabase): Promise<AddressIndex> {
  const [versions, transitions] = await Promise.all([
    db
      .select({
        id: units.id,
        code: units.code,
        level: units.level,
        type: units.type,
        name: units.name,
        parentCode: units.parentCode,
        provinceCode: units.provinceCode,
        validFrom: units.validFrom,
        validTo: units.validTo,
      })
      .from(units),
    db
      .select({
        predecessorCode: unitTransitions.predecessorCode,
        successorCode: unitTransitions.successorCode,
        effectiveDate: unitTransitions.effectiveDate,
        share: unitTransitions.share,
      })
      .from(unitTransitions),
  ]);
  return buildAddressIndex(versions, transitions);
}

/**
 * The address index of one database, kept in memory and rebuilt when the feed of unit changes
 * has moved since it was built (a change set or a correction), so answers follow the history
 * without a restart. Costs one indexed `max(id)` per call once built.
 */
export function addressIndexCache(db: UnitsDatabase): () => Promise<AddressIndex> {
  let cached: { head: number; index: Promise<AddressIndex> } | undefined;
  return async () => {
    const [row] = await selectRows<{ head: string | null }>(
      db,
      sql`SELECT max(${unitChanges.id}) AS head FROM ${unitChanges}`,
    );
    const head = Number(row?.head ?? 0);
    if (!cached || cached.head !== head) {
      const index = loadAddressIndex(db);
      cached = { head, index };
      index.catch(() => {
        if (cached?.index === index) cached = undefined;
      });
    }
    return cached.index;
  };
}

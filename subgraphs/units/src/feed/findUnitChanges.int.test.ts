import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUnit } from '../../test/changeSetDatabase.ts';
import { applyChangeSet } from '../changeSets/applyChangeSet.ts';
import * as schema from '../db/schema.ts';
import { administrativeUnits, unitTransitions } from '../db/schema.ts';
import { migrationsFolder } from '../server.ts';
import { findUnitChanges } from './queries.ts';

let database: TestDatabase<typeof schema>;

beforeAll(async () => {
  database = await createTestDatabase({ name: 'units', schema, migrationsFolder });
  await database.db
    .insert(administrativeUnits)
    .values([
      testUnit('75', 'PROVINCE', 'Đồng Nai', null),
      testUnit('79', 'CENTRALLY_RUN_CITY', 'Hồ Chí Minh', null),
      testUnit('26326', 'COMMUNE', 'Dầu Giây', '75'),
      testUnit('26368', 'COMMUNE', 'Long Thành', '75'),
      testUnit('26485', 'COMMUNE', 'Nhơn Trạch', '75'),
    ]);
});

afterAll(async () => {
  await database?.dispose();
});

const changeSet = (id: string, effectiveDate: string, operations: unknown[]) =>
  JSON.stringify({ id, title: id, effectiveDate, sources: ['https://example.org'], operations });

describe('the unit change feed', () => {
  it('records what each write touched, once per code and date, in commit order', async () => {
    const { entries: initial, headSequence } = await findUnitChanges(database.db, undefined, 100);
    expect(initial.map((entry) => [entry.code, entry.kind, entry.effectiveDate])).toEqual([
      ['26326', 'ESTABLISHED', '2025-07-01'],
      ['26368', 'ESTABLISHED', '2025-07-01'],
      ['26485', 'ESTABLISHED', '2025-07-01'],
      ['75', 'ESTABLISHED', '2025-07-01'],
      ['79', 'ESTABLISHED', '2025-07-01'],
    ]);

    await applyChangeSet(
      database.db,
      changeSet('2026-01-01-merge', '2026-01-01', [
        { op: 'abolish', code: '26485', successors: [{ code: '26368', share: 'WHOLE' }] },
        { op: 'update', code: '26326', set: { name: 'Dầu Giây Mới' } },
      ]),
    );
    const page = await findUnitChanges(database.db, headSequence ?? undefined, 100);
    expect(page.totalCount).toBe(3);
    expect(page.entries.map((entry) => [entry.code, entry.kind])).toEqual([
      ['26326', 'CHANGED'],
      ['26485', 'ABOLISHED'],
      ['26368', 'LINEAGE_CHANGED'],
    ]);
    const [renamed, abolished, absorbing] = page.entries;
    expect(renamed).toMatchObject({
      effectiveDate: '2026-01-01',
      before: { name: 'Dầu Giây', provinceCode: '75' },
      after: { name: 'Dầu Giây Mới', fullName: 'Xã Dầu Giây Mới' },
    });
    expect(abolished).toMatchObject({
      after: null,
      successors: [{ code: '26368', share: 'WHOLE', provinceCode: '75' }],
    });
    expect(absorbing?.predecessors).toEqual([
      { code: '26485', share: 'WHOLE', provinceCode: '75', resolution: null },
    ]);
    expect(page.entries.map((entry) => entry.sequence)).toEqual(
      [...page.entries.map((entry) => entry.sequence)].sort((a, b) => a - b),
    );
  });

  it('records a correction of history made outside the change sets too', async () => {
    const { headSequence } = await findUnitChanges(database.db, undefined, 0);
    await database.db
      .update(unitTransitions)
      .set({ share: 'PART' })
      .where(eq(unitTransitions.predecessorCode, '26485'));
    const page = await findUnitChanges(database.db, headSequence ?? undefined, 100);
    expect(page.entries.map((entry) => [entry.code, entry.kind])).toEqual([
      ['26368', 'LINEAGE_CHANGED'],
      ['26485', 'ABOLISHED'],
    ]);
    expect(page.entries[1]?.successors[0]?.share).toBe('PART');
  });
});

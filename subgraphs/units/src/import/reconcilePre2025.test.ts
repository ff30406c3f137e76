import { describe, expect, it } from 'vitest';
import { communesOf, wardMappingBuilder, wardsOf } from '../../test/sourceFixtures.ts';
import { planImport } from './planImport.ts';
import type { Pre2025Update } from './pre2025Update.ts';
import type { SourceData } from './readSources.ts';

const mapping = wardMappingBuilder({
  old_district_name: 'Huyện Mộc Châu',
  old_province_name: 'Tỉnh Sơn La',
  new_province_name: 'Sơn La',
});

/**
 * A constructed province shaped like Sơn La's early-2025 arrangement: the first list has six
 * communes of Huyện Mộc Châu; the later list (2025-03-01) makes the district a town, renames
 * 04075 to the name of 04060 which it absorbed, renames 04000 and 04015 (both going to 2025
 * Đoàn Kết), drops 04060, 03991 and 04003, and adds 03980. The 2025 mapping describes the later
 * state, plus name-only rows for dropped communes.
 */
const sources: SourceData = {
  packages: [],
  provincesPre2025: [
    { idProvince: '14', name: 'Tỉnh Sơn La' },
    { idProvince: '46', name: 'Tỉnh Thừa Thiên Huế' },
  ],
  districtsPre2025: [{ idProvince: '14', idDistrict: '123', name: 'Huyện Mộc Châu' }],
  communesPre2025: communesOf('123', [
    ['03979', 'Thị trấn Mộc Châu'],
    ['03991', 'Xã Qui Hướng'],
    ['04000', 'Xã Nà Mường'],
    ['04003', 'Xã Tà Lai'],
    ['04015', 'Xã Hua Păng'],
    ['04060', 'Thị trấn Yên Châu'],
    ['04075', 'Xã Viêng Lán'],
  ]),
  provinces2025: [
    { province_code: '14', name: 'Sơn La', place_type: 'Tỉnh' },
    { province_code: '46', name: 'Thành phố Huế', place_type: 'Thành phố Trung Ương' },
  ],
  wards2025: wardsOf('14', [
    ['03979', 'Phường Mộc Châu'],
    ['04000', 'Xã Đoàn Kết'],
    ['04075', 'Xã Yên Châu'],
  ]),
  wardMappings: [
    mapping({
      old_ward_code: '03979',
      old_ward_name: 'Phường Mộc Sơn',
      old_district_name: 'Thị xã Mộc Châu',
      new_ward_code: '03979',
      new_ward_name: 'Phường Mộc Châu',
    }),
    mapping({
      old_ward_code: '03980',
      old_ward_name: 'Phường Mộc Lỵ',
      old_district_name: 'Thị xã Mộc Châu',
      new_ward_code: '03979',
      new_ward_name: 'Phường Mộc Châu',
    }),
    mapping({
      old_ward_code: '04000',
      old_ward_name: 'Xã Đoàn Kết',
      old_district_name: 'Thị xã Mộc Châu',
      new_ward_code: '04000',
      new_ward_name: 'Xã Đoàn Kết',
    }),
    mapping({
      old_ward_code: '04015',
      old_ward_name: 'Xã Chiềng Chung',
      old_district_name: 'Thị xã Mộc Châu',
      new_ward_code: '04000',
      new_ward_name: 'Xã Đoàn Kết',
    }),
    mapping({
      old_ward_code: '04075',
      old_ward_name: 'Thị trấn Yên Châu',
      old_district_name: 'Thị xã Mộc Châu',
      new_ward_code: '04075',
      new_ward_name: 'Xã Yên Châu',
    }),
    // Name-only row for a commune the later list no longer has, spelled with "Quy".
    mapping({
      old_ward_name: 'Xã Quy Hướng',
      old_district_name: 'Thị xã Mộc Châu',
      new_ward_code: '4000',
      new_ward_name: 'Xã Đoàn Kết',
    }),
  ],
  pre2025Update: {
    package: { name: 'dvhcvn', version: '1.2.20250301', license: 'GPL-3.0' },
    asOf: '2025-03-01',
    changed: {
      provinces: [{ code: '46', name: 'Thành phố Huế' }],
      districts: [{ code: '123', parentCode: '14', name: 'Thị xã Mộc Châu' }],
      communes: [
        { code: '03979', parentCode: '123', name: 'Phường Mộc Sơn' },
        { code: '03980', parentCode: '123', name: 'Phường Mộc Lỵ' },
        { code: '04000', parentCode: '123', name: 'Xã Đoàn Kết' },
        { code: '04015', parentCode: '123', name: 'Xã Chiềng Chung' },
        { code: '04075', parentCode: '123', name: 'Thị trấn Yên Châu' },
      ],
    },
    absent: { provinces: [], districts: [], communes: ['03991', '04003', '04060'] },
  } satisfies Pre2025Update,
};

const plan = planImport(sources, {
  arrangement: [
    { name: 'Sơn La', from: ['Sơn La'] },
    { name: 'Huế', from: ['Huế'] },
  ],
});
const versions = (code: string) =>
  plan.units
    .filter((unit) => unit.code === code)
    .map((unit) => [unit.fullName, unit.validFrom, unit.validTo]);
const links = (date: string) =>
  plan.transitions
    .filter((transition) => transition.effectiveDate === date)
    .map((transition) => `${transition.predecessorCode}>${transition.successorCode}`)
    .sort();
const defects = (kind: string) => plan.defects.filter((defect) => defect.kind === kind);

describe('reconciling the later pre-2025 list', () => {
  it('dates a change by its resolution where known: Huế from 2025-01-01', () => {
    expect(versions('46')).toEqual([
      ['Tỉnh Thừa Thiên Huế', null, '2025-01-01'],
      ['Thành phố Huế', '2025-01-01', '2025-07-01'],
      ['Thành phố Huế', '2025-07-01', null],
    ]);
    expect(
      defects('PRE2025_UNIT_CHANGED').find((defect) => defect.recordKey === 'province 46')?.action,
    ).toContain('Resolution 1314/NQ-UBTVQH15');
  });

  it('dates other changes by the later list’s date, saying the exact day is unknown', () => {
    expect(versions('123')).toEqual([
      ['Huyện Mộc Châu', null, '2025-03-01'],
      ['Thị xã Mộc Châu', '2025-03-01', '2025-07-01'],
    ]);
    expect(versions('03980')).toEqual([['Phường Mộc Lỵ', '2025-03-01', '2025-07-01']]);
    expect(versions('04060')).toEqual([['Thị trấn Yên Châu', null, '2025-03-01']]);
    expect(defects('PRE2025_UNIT_CHANGED')[1]?.action).toMatch(/exact day is not in the sources/);
  });

  it('reads the 2025 mapping against the state of 30 June 2025: codes only the later list has resolve', () => {
    expect(links('2025-07-01')).toContain('03980>03979');
    expect(defects('MAPPING_OLD_CODE_UNKNOWN')).toEqual([]);
  });

  it('links the early merges the evidence singles out, and no other', () => {
    expect(links('2025-03-01')).toEqual([
      '03991>04000', // a mapping row names Quy Hướng; of 04000 and 04015, the code 04000 kept
      '04000>04000',
      '04060>04075', // 04075 took its name
      '04075>04075',
    ]);
    expect(defects('EARLY_TRANSITION_INFERRED').map((defect) => defect.recordKey)).toEqual([
      '03991>04000',
      '04060>04075',
    ]);
    expect(defects('UNIT_WITHOUT_SUCCESSOR')).toEqual([
      expect.objectContaining({
        recordKey: '04003',
        action: 'kept: imported without lineage: no evidence in the sources',
      }),
    ]);
  });

  it('accounts for every fact of the later list', () => {
    expect(plan.summary.sources['dvhcvn/differences']).toEqual({
      rows: 10,
      imported: 0,
      corrected: 10,
      merged: 0,
      skipped: 0,
    });
  });
});

describe('a name-only mapping row that matches two old units', () => {
  it('goes to the one no other row carries', () => {
    const ambiguous = planImport(
      {
        ...sources,
        pre2025Update: undefined,
        communesPre2025: communesOf('123', [
          ['03979', 'Phường Tân An'],
          ['03991', 'Xã Tân An'],
        ]),
        wardMappings: [
          mapping({
            old_ward_code: '03979',
            old_ward_name: 'Phường Tân An',
            new_ward_code: '03979',
            new_ward_name: 'Phường Mộc Châu',
          }),
          mapping({
            old_ward_name: 'Thị trấn Tân An',
            new_ward_code: '03979',
            new_ward_name: 'Phường Mộc Châu',
          }),
        ],
      },
      { arrangement: [{ name: 'Sơn La', from: ['Sơn La'] }] },
    );
    expect(
      ambiguous.transitions
        .filter((transition) => transition.predecessorCode.length === 5)
        .map((transition) => `${transition.predecessorCode}>${transition.successorCode}`)
        .sort(),
    ).toEqual(['03979>03979', '03991>03979']);
    expect(
      ambiguous.defects.find((defect) => defect.kind === 'MAPPING_OLD_CODE_MISSING')?.action,
    ).toMatch(
      /^corrected: predecessor resolved by name to 03991: of the candidates, the only one no other row carries/,
    );
  });
});

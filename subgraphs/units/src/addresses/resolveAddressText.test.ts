import { describe, expect, it } from 'vitest';
import { buildAddressIndex, matchKey } from './addressIndex.ts';
import { addressParts, addressReadings } from './addressParts.ts';
import { carriedOnBy } from './carriedOnBy.ts';
import { resolveAddressText } from './resolveAddressText.ts';
import { editDistance, similarity } from './similarity.ts';

// A constructed history: province 01 with district 001 and two old communes; on 2025-07-01 the
// first goes whole into ward 00004, the second is split between 00004 and 00010; on 2026-01-01
// 00010 is merged into 00004.
const old = { validFrom: null, validTo: '2025-07-01' };
const versions = [
  {
    id: 1,
    code: '01',
    level: 'PROVINCE',
    type: 'CENTRALLY_RUN_CITY',
    name: 'Hà Nội',
    parentCode: null,
    provinceCode: '01',
    validFrom: null,
    validTo: null,
  },
  {
    id: 2,
    code: '001',
    level: 'DISTRICT',
    type: 'URBAN_DISTRICT',
    name: 'Ba Đình',
    parentCode: '01',
    provinceCode: '01',
    ...old,
  },
  {
    id: 3,
    code: '00001',
    level: 'COMMUNE',
    type: 'WARD',
    name: 'Phúc Xá',
    parentCode: '001',
    provinceCode: '01',
    ...old,
  },
  {
    id: 4,
    code: '00007',
    level: 'COMMUNE',
    type: 'WARD',
    name: 'Cống Vị',
    parentCode: '001',
    provinceCode: '01',
    ...old,
  },
  {
    id: 5,
    code: '00004',
    level: 'COMMUNE',
    type: 'WARD',
    name: 'Ba Đình',
    parentCode: '01',
    provinceCode: '01',
    validFrom: '2025-07-01',
    validTo: null,
  },
  {
    id: 6,
    code: '00010',
    level: 'COMMUNE',
    type: 'WARD',
    name: 'Ngọc Hà',
    parentCode: '01',
    provinceCode: '01',
    validFrom: '2025-07-01',
    validTo: '2026-01-01',
  },
] as const;
const transitions = [
  { predecessorCode: '00001', successorCode: '00004', effectiveDate: '2025-07-01', share: 'WHOLE' },
  { predecessorCode: '00007', successorCode: '00004', effectiveDate: '2025-07-01', share: 'PART' },
  { predecessorCode: '00007', successorCode: '00010', effectiveDate: '2025-07-01', share: 'PART' },
  { predecessorCode: '00010', successorCode: '00004', effectiveDate: '2026-01-01', share: 'WHOLE' },
] as const;
const index = buildAddressIndex(
  versions.map((version) => ({ ...version })),
  transitions.map((link) => ({ ...link })),
);

describe('addressParts', () => {
  it('reads type words and their abbreviations, with or without a dot or a space', () => {
    expect(addressParts('P.Phúc Xá, Q. Ba Đình, TP.HN')).toEqual([
      { hint: 'WARD', key: 'phucxa' },
      { hint: 'URBAN_DISTRICT', key: 'badinh' },
      { hint: 'CITY', key: 'hn' },
    ]);
    expect(addressParts('Thị trấn Đông Anh; Huyện Đông Anh')).toEqual([
      { hint: 'COMMUNE_LEVEL_TOWN', key: 'donganh', whole: 'thitrandonganh' },
      { hint: 'RURAL_DISTRICT', key: 'donganh', whole: 'huyendonganh' },
    ]);
  });

  it('cuts a text without commas before its type words, and reads other cuts too', () => {
    const [first, ...others] = addressReadings('Phường Phúc Xá Quận Ba Đình Hà Nội');
    expect(first).toEqual([
      { hint: 'WARD', key: 'phucxa', whole: 'phuongphucxa' },
      { hint: 'URBAN_DISTRICT', key: 'badinhhanoi', whole: 'quanbadinhhanoi' },
    ]);
    expect(others).toContainEqual([
      { hint: 'WARD', key: 'phucxa', whole: 'phuongphucxa' },
      { hint: 'URBAN_DISTRICT', key: 'badinh', whole: 'quanbadinh' },
      { hint: null, key: 'hanoi' },
    ]);
    // "Phuong Vien" without diacritics may be the commune Phương Viên, not a ward named Vien.
    expect(others).toContainEqual([
      { hint: null, key: 'phuongphucxa' },
      { hint: 'URBAN_DISTRICT', key: 'badinhhanoi', whole: 'quanbadinhhanoi' },
    ]);
  });

  it('treats numbered wards alike whatever their zeros', () => {
    expect(matchKey('Phường 01')).toBe(matchKey('phuong 1'));
  });
});

describe('similarity', () => {
  it('accepts one typo in a short name and refuses more', () => {
    expect(editDistance('phucxa', 'phcuxa')).toBe(1);
    expect(similarity('phcuxa', 'phucxa')).toBeGreaterThan(0.8);
    expect(similarity('phxa', 'phucxa')).toBe(0);
  });
});

describe('resolveAddressText', () => {
  it('tells a 2025 ward from the old district of the same name by the tiers the text gives', () => {
    const [ward] = resolveAddressText(index, 'Phường Ba Đình, Hà Nội', {
      asOf: '2025-07-01',
      limit: 1,
    });
    expect(ward).toMatchObject({ version: { code: '00004' }, confidence: 1 });
    const [district] = resolveAddressText(index, 'Quận Ba Đình, Hà Nội', {
      asOf: '2025-07-01',
      limit: 1,
    });
    expect(district?.version.code).toBe('001');
    const [old] = resolveAddressText(index, 'P. Phuc Xa, Q. Ba Dinh, HN', {
      asOf: '2025-07-01',
      limit: 1,
    });
    expect(old).toMatchObject({ version: { code: '00001' }, confidence: 1 });
  });

  it('is deterministic: the same text gives the same answer', () => {
    const text = 'Cong Vi, Ba Dinh, Ha Noi';
    expect(resolveAddressText(index, text, { asOf: '2025-07-01', limit: 3 })).toEqual(
      resolveAddressText(index, text, { asOf: '2025-07-01', limit: 3 }),
    );
  });
});

describe('carriedOnBy', () => {
  const version = (code: string) => (index.versionsByCode.get(code) ?? [])[0]!;
  const codes = (list: ReturnType<typeof carriedOnBy>) =>
    list.map((successor) => [successor.version.code, successor.share]);

  it('gives every part of a split unit, then follows later changes', () => {
    expect(codes(carriedOnBy(index, version('00007'), '2025-07-01'))).toEqual([
      ['00004', 'PART'],
      ['00010', 'PART'],
    ]);
    expect(codes(carriedOnBy(index, version('00007'), '2026-01-01'))).toEqual([['00004', 'PART']]);
    expect(codes(carriedOnBy(index, version('00001'), '2026-01-01'))).toEqual([['00004', 'WHOLE']]);
  });

  it('gives the unit itself while in force, and what it was formed from before it', () => {
    expect(codes(carriedOnBy(index, version('00001'), '2025-06-30'))).toEqual([['00001', 'WHOLE']]);
    expect(codes(carriedOnBy(index, version('00010'), '2025-06-30'))).toEqual([['00007', 'PART']]);
  });
});

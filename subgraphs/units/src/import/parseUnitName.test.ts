import { describe, expect, it } from 'vitest';
import { matchKey, nameKey, normalizeText, parseUnitName } from './parseUnitName.ts';

describe('parseUnitName', () => {
  it('splits the type word from the name and keeps it in the full name', () => {
    expect(parseUnitName('Tỉnh Nghệ An', 'PROVINCE')).toEqual({
      name: 'Nghệ An',
      fullName: 'Tỉnh Nghệ An',
      type: 'PROVINCE',
      issues: [],
    });
    expect(parseUnitName('Thành phố Hà Nội', 'PROVINCE')?.type).toBe('CENTRALLY_RUN_CITY');
    expect(parseUnitName('Quận Ba Đình', 'DISTRICT')?.type).toBe('URBAN_DISTRICT');
    expect(parseUnitName('Huyện Côn Đảo', 'DISTRICT')?.type).toBe('RURAL_DISTRICT');
    expect(parseUnitName('Thị xã Sơn Tây', 'DISTRICT')?.type).toBe('DISTRICT_LEVEL_TOWN');
    expect(parseUnitName('Thành phố Vinh', 'DISTRICT')?.type).toBe('PROVINCIAL_CITY');
    expect(parseUnitName('Thị trấn Dầu Giây', 'COMMUNE')?.type).toBe('COMMUNE_LEVEL_TOWN');
    expect(parseUnitName('Xã Dầu Giây', 'COMMUNE')?.type).toBe('COMMUNE');
    expect(parseUnitName('Phường 12', 'COMMUNE')).toMatchObject({ type: 'WARD', name: '12' });
    expect(parseUnitName('Đặc khu Côn Đảo', 'COMMUNE')?.type).toBe('SPECIAL_ZONE');
  });

  it('tells a city under a centrally-run city from a provincial city by its parent', () => {
    expect(
      parseUnitName('Thành phố Thủ Đức', 'DISTRICT', { parentType: 'CENTRALLY_RUN_CITY' })?.type,
    ).toBe('MUNICIPAL_CITY');
    expect(parseUnitName('Thành phố Vinh', 'DISTRICT', { parentType: 'PROVINCE' })?.type).toBe(
      'PROVINCIAL_CITY',
    );
  });

  it('writes type words in canonical casing and reports the fix', () => {
    expect(parseUnitName('Thị Xã Mường Lay', 'DISTRICT')).toEqual({
      name: 'Mường Lay',
      fullName: 'Thị xã Mường Lay',
      type: 'DISTRICT_LEVEL_TOWN',
      issues: ['TYPE_WORD_CASE'],
    });
    expect(parseUnitName('Thành Phố Bắc Kạn', 'DISTRICT')?.fullName).toBe('Thành phố Bắc Kạn');
    expect(parseUnitName('Thị Trấn Tây Sơn', 'COMMUNE')?.fullName).toBe('Thị trấn Tây Sơn');
  });

  it('collapses white space and NFC-composes, reporting both', () => {
    const decomposed = 'Xã Nậm Nèn'.normalize('NFD');
    const parsed = parseUnitName(`${decomposed} `, 'COMMUNE');
    expect(parsed?.fullName).toBe('Xã Nậm Nèn'.normalize('NFC'));
    expect(parsed?.issues).toEqual(['NAME_NOT_NFC', 'NAME_WHITESPACE']);
    expect(parseUnitName('Huyện  Vũng Liêm', 'DISTRICT')?.fullName).toBe('Huyện Vũng Liêm');
  });

  it('writes apostrophes as ASCII, as the pre-2025 list does', () => {
    expect(parseUnitName('Xã Ea H’Leo', 'COMMUNE')).toMatchObject({
      fullName: "Xã Ea H'Leo",
      issues: ['NAME_APOSTROPHE'],
    });
  });

  it('takes the type from elsewhere when the name has no type word', () => {
    expect(parseUnitName('Cao Bằng', 'PROVINCE', { fallbackType: 'PROVINCE' })).toEqual({
      name: 'Cao Bằng',
      fullName: 'Tỉnh Cao Bằng',
      type: 'PROVINCE',
      issues: ['TYPE_WORD_MISSING'],
    });
    expect(parseUnitName('Cao Bằng', 'PROVINCE')).toBeNull();
  });

  it('does not take a type word of another level', () => {
    expect(parseUnitName('Xã Tân An', 'DISTRICT')).toBeNull();
    expect(parseUnitName('Tỉnh Nghệ An', 'COMMUNE')).toBeNull();
  });

  it('reports a name that is only a type word', () => {
    expect(parseUnitName('Huyện ', 'DISTRICT')).toMatchObject({
      name: '',
      fullName: 'Huyện',
      issues: ['NAME_WHITESPACE', 'NAME_EMPTY'],
    });
  });
});

describe('matching keys', () => {
  it('normalises white space and composition', () => {
    expect(normalizeText(' Xã  Cò\tNòi ')).toBe('Xã Cò Nòi');
  });

  it('folds apostrophe, dash and diacritic variants to one key', () => {
    expect(matchKey('Xã Ea H’Leo')).toBe(matchKey("Xã Ea H'leo"));
    expect(matchKey("Xã K' Dang")).toBe(matchKey("Xã K'Dang"));
    expect(matchKey('Phường Văn Miếu – Quốc Tử Giám')).toBe(
      matchKey('Phường Văn Miếu - Quốc Tử Giám'),
    );
  });

  it('drops the type word for name keys', () => {
    expect(nameKey('Thị xã Mộc Châu')).toBe(nameKey('Huyện Mộc Châu'));
    expect(nameKey('Thành phố Huế')).toBe('hue');
    expect(nameKey('Phường Phương Liễu')).toBe('phuong lieu');
  });
});

import { describe, expect, it } from 'vitest';
import { foldForSearch } from './foldForSearch.ts';

describe('foldForSearch', () => {
  it('folds case, diacritics and đ', () => {
    expect(foldForSearch('Tỉnh Nghệ An')).toBe('tinh nghe an');
    expect(foldForSearch('ĐÀ NẴNG')).toBe('da nang');
    expect(foldForSearch('Phường Đống Đa')).toBe('phuong dong da');
  });

  it('treats composed and decomposed Unicode alike', () => {
    const composed = 'Nghệ An'.normalize('NFC');
    const decomposed = 'Nghệ An'.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldForSearch(decomposed)).toBe(foldForSearch(composed));
  });

  it('treats typographic apostrophes as the ASCII one', () => {
    expect(foldForSearch('Huyện Ea H\u2019Leo')).toBe(foldForSearch("huyen ea h'leo"));
  });

  it('collapses white space', () => {
    expect(foldForSearch('  Hà \t Nội ')).toBe('ha noi');
  });
});

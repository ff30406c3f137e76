import { describe, expect, it } from 'vitest';
import { parseCsv } from './parseCsv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text =
      'code,name,note\r\n00004,Phường Ba Đình,"Số 2, phố ""Trúc Bạch"""\r\n00008,Ngọc Hà,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      { code: '00004', name: 'Phường Ba Đình', note: 'Số 2, phố "Trúc Bạch"' },
      { code: '00008', name: 'Ngọc Hà', note: 'two\nlines' },
    ]);
  });

  it('keeps leading zeros and empty fields, and ignores a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b,c\n01,,x')).toEqual([{ a: '01', b: '', c: 'x' }]);
  });
});

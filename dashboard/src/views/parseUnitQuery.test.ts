import { describe, expect, it } from 'vitest';
import { parseUnitQuery } from './parseUnitQuery.ts';

describe('parseUnitQuery', () => {
  it('separates the type word or its abbreviation from the name', () => {
    expect(parseUnitQuery('phuc xa')).toEqual({ search: 'phuc xa', types: [] });
    expect(parseUnitQuery('p. phuc xa')).toEqual({ search: 'phuc xa', types: ['WARD'] });
    expect(parseUnitQuery('Phường Phúc Xá')).toEqual({ search: 'phuc xa', types: ['WARD'] });
    expect(parseUnitQuery('h. nam dan')).toEqual({ search: 'nam dan', types: ['RURAL_DISTRICT'] });
    expect(parseUnitQuery('xa dien chau').types).toEqual(['COMMUNE']);
    expect(parseUnitQuery('tx cua lo')).toEqual({
      search: 'cua lo',
      types: ['DISTRICT_LEVEL_TOWN'],
    });
  });

  it('expands the short names people use', () => {
    expect(parseUnitQuery('tp hcm').search).toBe('ho chi minh');
    expect(parseUnitQuery('TP.HCM').search).toBe('ho chi minh');
    expect(parseUnitQuery('tinh brvt')).toEqual({ search: 'ba ria vung tau', types: ['PROVINCE'] });
  });

  it('leaves a bare type word as the name', () => {
    expect(parseUnitQuery('xa')).toEqual({ search: 'xa', types: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { personalFieldResolvers, requireProvince } from './requireProvince.ts';
import { type Identity, scopesForRole } from './scopesForRole.ts';

const restricted: Identity = {
  subject: 'so-noi-vu-nghe-an',
  role: 'writer',
  scopes: scopesForRole('writer', 'personnel'),
  subgraph: 'personnel',
  province: '40',
};
const national: Identity = { ...restricted, province: undefined };

describe('requireProvince', () => {
  it('lets a writer without a province claim touch any record', () => {
    for (const province of ['40', '01', null, undefined]) {
      expect(() => requireProvince(national, province)).not.toThrow();
    }
  });

  it('lets a province-restricted writer touch its own province only', () => {
    expect(() => requireProvince(restricted, '40')).not.toThrow();
    for (const province of ['01', null, undefined]) {
      expect(() => requireProvince(restricted, province)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      );
    }
  });

  it('names the input field of a refused reference', () => {
    expect(() =>
      requireProvince(restricted, '01', { access: 'refer', field: 'input.successorCode' }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('input.successorCode'),
        extensions: expect.objectContaining({ code: 'FORBIDDEN', field: 'input.successorCode' }),
      }),
    );
  });
});

describe('personalFieldResolvers', () => {
  const resolvers = personalFieldResolvers<{ provinceCode: string | null; fullName: string }>(
    ['fullName'],
    (record) => record.provinceCode,
  );
  const read = (identity: Identity, provinceCode: string | null) =>
    resolvers.fullName!(
      { provinceCode, fullName: 'Nguyễn Văn An' },
      {},
      { identity },
      undefined as never,
    );

  it('answers the value on a record of the caller’s province, or to a caller without one', () => {
    expect(read(restricted, '40')).toBe('Nguyễn Văn An');
    expect(read(national, '01')).toBe('Nguyễn Văn An');
  });

  it('refuses a record of another province or of none, without the value', () => {
    for (const province of ['01', null]) {
      expect(() => read(restricted, province)).toThrow(
        expect.objectContaining({
          message: expect.not.stringContaining('Nguyễn'),
          extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
        }),
      );
    }
  });
});

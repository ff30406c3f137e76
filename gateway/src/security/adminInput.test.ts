import { describe, expect, it } from 'vitest';
import { checkRevocation, checkTokenRecord, isProblem, parseTimestamp } from './adminInput.ts';

const record = {
  id: '7f1c8a52-3b7e-4d0e-9c55-2f8f6a1e9b10',
  subject: 'researcher-1',
  role: 'researcher',
  subgraph: null,
  province: null,
  scopes: ['read:public'],
  issuedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-02-01T00:00:00.000Z',
};

describe('parseTimestamp', () => {
  it('reads ISO 8601 timestamps with a zone', () => {
    expect(parseTimestamp('2026-01-31T00:00:00Z')?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseTimestamp('2026-01-31T07:00+07:00')?.toISOString()).toBe(
      '2026-01-31T00:00:00.000Z',
    );
  });

  it.each([
    '2025-02-30T00:00:00Z', // Date would read it as 2 March
    '2026-01-31',
    '2026-01-31T24:00:00Z',
    '2026-01-31T00:00:00', // no zone: whose midnight?
    '+275760-09-13T00:00:00Z',
    'tomorrow',
    1_767_139_200_000,
    null,
  ])('refuses %j', (value) => {
    expect(parseTimestamp(value)).toBeUndefined();
  });
});

describe('admin bodies', () => {
  it('accepts a revocation with or without its expiry', () => {
    expect(checkRevocation({ id: 'x' })).toEqual({ id: 'x', expiresAt: undefined });
    const checked = checkRevocation({ id: 'x', expiresAt: '2026-01-31T00:00:00Z' });
    expect(isProblem(checked)).toBe(false);
  });

  it.each([
    [[], 'id'],
    [{}, 'id'],
    [{ id: 5 }, 'id'],
    [{ id: 'a'.repeat(201) }, 'id'],
    [{ id: 'x\u0000' }, 'id'],
    [{ id: 'x', expiresAt: 'not a date' }, 'expiresAt'],
    [{ id: 'x', expiresAt: 5 }, 'expiresAt'],
  ])('refuses the revocation %j naming %s', (body, field) => {
    expect(checkRevocation(body)).toMatchObject({ field });
  });

  it('accepts the record `pnpm tokens issue` sends, and refuses a broken one by field', () => {
    expect(checkTokenRecord(record)).toEqual(record);
    expect(checkTokenRecord({ ...record, role: 'superuser' })).toMatchObject({ field: 'role' });
    expect(checkTokenRecord({ ...record, role: 'anonymous' })).toMatchObject({ field: 'role' });
    expect(checkTokenRecord({ ...record, scopes: [{}] })).toMatchObject({ field: 'scopes' });
    expect(checkTokenRecord({ ...record, subgraph: 'Not a name' })).toMatchObject({
      field: 'subgraph',
    });
    expect(checkTokenRecord({ ...record, province: '4' })).toMatchObject({ field: 'province' });
    expect(checkTokenRecord({ ...record, issuedAt: 'yesterday' })).toMatchObject({
      field: 'issuedAt',
    });
    expect(checkTokenRecord({ ...record, expiresAt: record.issuedAt })).toMatchObject({
      field: 'expiresAt',
    });
  });
});

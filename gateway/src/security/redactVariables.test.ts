import { describe, expect, it } from 'vitest';
import { redactVariables } from './redactVariables.ts';

describe('redactVariables', () => {
  it('keeps codes, enums, dates, numbers and booleans and redacts every other string', () => {
    const kept = {
      code: '16681',
      province: '40',
      level: 'COMMUNE',
      asOf: '2025-07-01',
      first: 20,
      active: true,
    };
    expect(
      redactVariables({
        ...kept,
        name: 'Nguyễn Văn An',
        nationalId: '040090001234',
        people: [{ phone: '0912345678' }],
      }),
    ).toEqual({
      ...kept,
      name: '[redacted]',
      nationalId: '[redacted]',
      people: [{ phone: '[redacted]' }],
    });
  });
});

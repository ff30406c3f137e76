import { describe, expect, it } from 'vitest';
import { periodSegments } from './periodSegments.ts';

describe('periodSegments', () => {
  it('reads a calendar year as twelve months', () => {
    const segments = periodSegments({ from: '2025-01-01', to: '2025-12-31' });
    expect(segments.months).toHaveLength(12);
    expect(segments.days).toEqual([]);
  });

  it('reads the ragged ends of a span as days', () => {
    expect(periodSegments({ from: '2025-10-15', to: '2026-02-10' })).toEqual({
      months: ['2025-11-01', '2025-12-01', '2026-01-01'],
      days: [
        { from: '2025-10-15', to: '2025-10-31' },
        { from: '2026-02-01', to: '2026-02-10' },
      ],
    });
  });

  it('reads a span inside one month as days, and an empty span as nothing', () => {
    expect(periodSegments({ from: '2025-02-03', to: '2025-02-27' })).toEqual({
      months: [],
      days: [{ from: '2025-02-03', to: '2025-02-27' }],
    });
    expect(periodSegments({ from: '2025-02-01', to: '2025-02-28' }).months).toEqual(['2025-02-01']);
    expect(periodSegments({ from: '2025-03-02', to: '2025-03-01' })).toEqual({
      months: [],
      days: [],
    });
  });

  it('runs once per month of the span whatever its dates (9999-12-31 froze the subgraph)', () => {
    const { months, days } = periodSegments({ from: '2025-01-15', to: '9999-12-31' });
    expect(months).toHaveLength((9999 - 2025) * 12 + 11);
    expect(months.at(-1)).toBe('9999-12-01');
    expect(days).toEqual([{ from: '2025-01-15', to: '2025-01-31' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { periodOf } from './periodOf.ts';

describe('periodOf', () => {
  it('gives the Monday-to-Sunday week, the month and the quarter of a day', () => {
    // 2025-07-01 was a Tuesday.
    expect(periodOf('week', '2025-07-01')).toEqual({ from: '2025-06-30', to: '2025-07-06' });
    expect(periodOf('week', '2025-07-06')).toEqual({ from: '2025-06-30', to: '2025-07-06' });
    expect(periodOf('month', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodOf('quarter', '2025-11-15')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });
});

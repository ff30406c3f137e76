import { describe, expect, it } from 'vitest';
import type { UnitTransitionRow } from '../db/schema.ts';
import { LineageIndex } from './lineageIndex.ts';

function link(
  id: number,
  predecessorCode: string,
  successorCode: string,
  effectiveDate: string,
): UnitTransitionRow {
  return {
    id,
    predecessorCode,
    successorCode,
    effectiveDate,
    share: 'WHOLE',
    resolution: null,
    source: 'test',
  };
}

describe('LineageIndex', () => {
  const links = [
    link(1, '00004', '00028', '2025-07-01'),
    link(2, '00001', '00004', '2025-07-01'),
    link(3, '00001', '00002', '2025-07-01'),
    link(4, '00007', '00004', '2025-07-01'),
    link(5, '00001', '00009', '2024-11-01'),
  ];
  const index = new LineageIndex(links);

  it('finds the links of a code on a day, by the code at the other end, as the SQL did', () => {
    expect(index.links('predecessorCode', '00001', '2025-07-01').map((row) => row.id)).toEqual([
      3, 2,
    ]);
    expect(index.links('successorCode', '00004', '2025-07-01').map((row) => row.id)).toEqual([
      2, 4,
    ]);
  });

  it('keeps days and sides apart, and answers none for an unknown code', () => {
    expect(index.links('predecessorCode', '00001', '2024-11-01').map((row) => row.id)).toEqual([5]);
    expect(index.links('successorCode', '00001', '2025-07-01')).toEqual([]);
    expect(index.links('predecessorCode', '99999', '2025-07-01')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Counts } from '../statistics/loaders.ts';
import {
  computeServiceIndex,
  serviceIndexCriteria,
  serviceIndexGroups,
} from './computeServiceIndex.ts';

const counts: Counts = {
  received: 100,
  receivedOnline: 60,
  receivedPostal: 0,
  resolvedOnTime: 72,
  resolvedLate: 8,
  returned: 2,
  withdrawn: 1,
  becameOverdue: 10,
  apologized: 5,
  pending: 17,
  overduePending: 2,
  digitized: 80,
  feePayable: 40,
  paidOnline: 10,
  resultDigitized: 40,
  rated: 50,
  satisfied: 45,
};

describe('computeServiceIndex', () => {
  it('gives 100 points in five groups of 18, 20, 22, 22 and 18', () => {
    expect(serviceIndexGroups.map((group) => group.maxPoints)).toEqual([18, 20, 22, 22, 18]);
    for (const group of serviceIndexGroups) {
      const criteria = serviceIndexCriteria.filter((criterion) => criterion.group === group.key);
      expect(criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0)).toBe(
        group.maxPoints,
      );
    }
  });

  it('scores each criterion linearly from the counters', () => {
    const index = computeServiceIndex(counts, { due: 20, onTime: 15 });
    const points = Object.fromEntries(
      index.groups.flatMap((group) =>
        group.criteria.map((criterion) => [criterion.code, criterion.points]),
      ),
    );
    expect(points).toEqual({
      '1.1': 4 * 0.75,
      '1.2': 14 * 0.8,
      '2.1': 16 * 0.9,
      '2.2': 4 * 0.5,
      '3.1': 12 * 0.6,
      '3.2': 10 * 0.25,
      '4.1': 11 * 0.8,
      '4.2': 11 * 0.5,
      '5.1': 18 * 0.9,
    });
    const total = (Object.values(points) as (number | null)[]).reduce<number>(
      (sum, value) => sum + (value ?? 0),
      0,
    );
    expect(index.score).toBeCloseTo(total, 10);
  });

  it('leaves out what cannot be measured and scales the rest to 100', () => {
    const index = computeServiceIndex(
      { ...counts, feePayable: 0, paidOnline: 0 },
      { due: 0, onTime: 0 },
    );
    const online = index.groups.find((group) => group.key === 'ONLINE_SERVICE')!;
    expect(online.criteria.find((criterion) => criterion.code === '3.2')!.points).toBeNull();
    // The group is scored on its online-filing rate alone, scaled to its 22 points.
    expect(online.points).toBeCloseTo(22 * 0.6, 10);
    const earned = index.groups
      .flatMap((group) => group.criteria)
      .reduce((sum, criterion) => sum + (criterion.points ?? 0), 0);
    expect(index.score).toBeCloseTo((earned / (100 - 4 - 10)) * 100, 10);
  });

  it('has no score when nothing happened', () => {
    const none = Object.fromEntries(
      Object.keys(counts).map((key) => [key, 0]),
    ) as unknown as Counts;
    expect(computeServiceIndex(none, { due: 0, onTime: 0 }).score).toBeNull();
  });
});

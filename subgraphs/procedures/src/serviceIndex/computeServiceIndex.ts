import type { Counts } from '../statistics/loaders.ts';

/** The five groups of Decision 766/QĐ-TTg. */
export type ServiceIndexGroupKey =
  | 'PUBLICITY'
  | 'PROGRESS'
  | 'ONLINE_SERVICE'
  | 'DIGITISATION'
  | 'SATISFACTION';

/** Publications of procedure changes that fell due in the window the index looks at. */
export interface PublicationCounts {
  /** Changes that took effect in the window. */
  due: number;
  /** Of those, published on or before the day they took effect. */
  onTime: number;
}

/** One criterion, as computed. */
export interface ServiceIndexCriterion {
  code: string;
  group: ServiceIndexGroupKey;
  name: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator; null when there is nothing to measure. */
  value: number | null;
  /** maxPoints × value; null when there is nothing to measure. */
  points: number | null;
  maxPoints: number;
  /** True where the decision's appendix is not reproduced exactly. */
  approximation: boolean;
  /** The rule and its source, as the schema documents it. */
  rule: string;
}

/** A group with its criteria. */
export interface ServiceIndexGroup {
  key: ServiceIndexGroupKey;
  name: string;
  maxPoints: number;
  /** Sum of its measurable criteria, scaled to the group's maximum; null when none is. */
  points: number | null;
  criteria: ServiceIndexCriterion[];
}

/** The index of one unit (or one procedure at a unit) over a period. */
export interface ServiceIndexResult {
  /** Out of 100; null when nothing was measurable (no dossier, nothing published). */
  score: number | null;
  groups: ServiceIndexGroup[];
}

interface CriterionRule {
  code: string;
  group: ServiceIndexGroupKey;
  name: string;
  maxPoints: number;
  approximation: boolean;
  rule: string;
  measure(counts: Counts, publications: PublicationCounts): [number, number];
}

/** Group names and maxima (points as reported for Decision 766; 100 in all). */
export const serviceIndexGroups: { key: ServiceIndexGroupKey; name: string; maxPoints: number }[] =
  [
    { key: 'PUBLICITY', name: 'Công khai, minh bạch', maxPoints: 18 },
    { key: 'PROGRESS', name: 'Tiến độ, kết quả giải quyết', maxPoints: 20 },
    { key: 'ONLINE_SERVICE', name: 'Cung cấp dịch vụ trực tuyến', maxPoints: 22 },
    { key: 'DIGITISATION', name: 'Số hóa hồ sơ', maxPoints: 22 },
    { key: 'SATISFACTION', name: 'Mức độ hài lòng', maxPoints: 18 },
  ];

/**
 * The criteria, each scored linearly: points = maxPoints × numerator / denominator. Sources:
 * Decision 766/QĐ-TTg of 23 June 2022 and its appendix as reported (groups of 18, 20, 22, 22 and
 * 18 points; "procedures published and updated on time" 4 of the 18 of publicity; "satisfaction
 * in receiving and handling" 6 of the 18 of satisfaction; on-time handling in the 20 of
 * progress). The appendix's other criteria rest on portal records we do not hold; where a
 * criterion stands in for them it is marked `approximation` (docs/service-index.md).
 */
export const serviceIndexCriteria: CriterionRule[] = [
  {
    code: '1.1',
    group: 'PUBLICITY',
    name: 'Thủ tục hành chính được công bố, công khai đúng hạn',
    maxPoints: 4,
    approximation: false,
    rule: 'Changes of procedures (entry into force, amendment, the 2025 level changes) that took effect in the 365 days up to the end of the period, published by the province on or before the day they took effect, over all of them (Decision 766, publicity: 4 points).',
    measure: (_, publications) => [publications.onTime, publications.due],
  },
  {
    code: '1.2',
    group: 'PUBLICITY',
    name: 'Hồ sơ được theo dõi công khai tiến độ',
    maxPoints: 14,
    approximation: true,
    rule: 'Approximation: dossiers received in the period with an electronic record the applicant can follow (filed online or digitised at receipt), over all received. Stands in for the appendix criteria on publishing dossier progress, which rest on portal synchronisation records.',
    measure: (counts) => [counts.digitized, counts.received],
  },
  {
    code: '2.1',
    group: 'PROGRESS',
    name: 'Hồ sơ giải quyết đúng hạn',
    maxPoints: 16,
    approximation: true,
    rule: 'Dossiers resolved on or before their due day, over dossiers resolved in the period (Decision 766, progress). The split of the 20 points between on-time handling (16) and apologies (4) is ours.',
    measure: (counts) => [counts.resolvedOnTime, counts.resolvedOnTime + counts.resolvedLate],
  },
  {
    code: '2.2',
    group: 'PROGRESS',
    name: 'Hồ sơ quá hạn có thư xin lỗi',
    maxPoints: 4,
    approximation: true,
    rule: 'Approximation: dossiers that became overdue in the period and got the apology letter Decree 61/2018/ND-CP requires, over those that became overdue.',
    measure: (counts) => [counts.apologized, counts.becameOverdue],
  },
  {
    code: '3.1',
    group: 'ONLINE_SERVICE',
    name: 'Hồ sơ tiếp nhận trực tuyến',
    maxPoints: 12,
    approximation: true,
    rule: 'Dossiers filed online, over all received in the period (Decision 766, online service provision; Resolution 76/NQ-CP targets). The appendix also scores the share of procedures offered online; the split 12 + 10 is ours.',
    measure: (counts) => [counts.receivedOnline, counts.received],
  },
  {
    code: '3.2',
    group: 'ONLINE_SERVICE',
    name: 'Thanh toán trực tuyến phí, lệ phí',
    maxPoints: 10,
    approximation: true,
    rule: 'Dossiers of procedures with a fee whose fee was paid online, over dossiers with a fee received in the period (Decision 766, online payment).',
    measure: (counts) => [counts.paidOnline, counts.feePayable],
  },
  {
    code: '4.1',
    group: 'DIGITISATION',
    name: 'Hồ sơ được số hóa khi tiếp nhận',
    maxPoints: 11,
    approximation: true,
    rule: 'Dossiers digitised at receipt (online filings always are), over all received in the period (Decision 766, digitisation of dossiers; Decree 45/2020/ND-CP). The split 11 + 11 is ours.',
    measure: (counts) => [counts.digitized, counts.received],
  },
  {
    code: '4.2',
    group: 'DIGITISATION',
    name: 'Kết quả giải quyết được số hóa',
    maxPoints: 11,
    approximation: true,
    rule: 'Dossiers resolved in the period with a digitised result, over dossiers resolved (Decision 766, digitisation of results). Reuse of digitised results is not recorded and not scored.',
    measure: (counts) => [counts.resultDigitized, counts.resolvedOnTime + counts.resolvedLate],
  },
  {
    code: '5.1',
    group: 'SATISFACTION',
    name: 'Mức độ hài lòng trong tiếp nhận, giải quyết',
    maxPoints: 18,
    approximation: true,
    rule: 'Ratings of 4 or 5 (of 5), over resolved dossiers rated in the period (Decision 766, satisfaction: 6 of its 18 points, against Resolution 76/NQ-CP). Approximation: the whole group is scored on this rate, since the other satisfaction criteria rest on surveys we do not hold.',
    measure: (counts) => [counts.satisfied, counts.rated],
  },
];

/**
 * Scores one unit (or one procedure at a unit) from its counters. A criterion with nothing to
 * measure (no dossier resolved, no fee charged, nothing published) is left out and the score is
 * scaled to 100 over the criteria that are measurable; a group likewise to its maximum.
 */
export function computeServiceIndex(
  counts: Counts,
  publications: PublicationCounts,
): ServiceIndexResult {
  let earned = 0;
  let possible = 0;
  const groups = serviceIndexGroups.map((group) => {
    const criteria = serviceIndexCriteria
      .filter((criterion) => criterion.group === group.key)
      .map((criterion): ServiceIndexCriterion => {
        const [numerator, denominator] = criterion.measure(counts, publications);
        const value = denominator === 0 ? null : numerator / denominator;
        const points = value === null ? null : criterion.maxPoints * value;
        if (points !== null) {
          earned += points;
          possible += criterion.maxPoints;
        }
        const { measure: _measure, ...described } = criterion;
        return { ...described, numerator, denominator, value, points };
      });
    const measured = criteria.filter((criterion) => criterion.points !== null);
    const groupPossible = measured.reduce((sum, criterion) => sum + criterion.maxPoints, 0);
    const groupEarned = measured.reduce((sum, criterion) => sum + (criterion.points ?? 0), 0);
    return {
      ...group,
      points: groupPossible === 0 ? null : (groupEarned / groupPossible) * group.maxPoints,
      criteria,
    };
  });
  return { score: possible === 0 ? null : (earned / possible) * 100, groups };
}

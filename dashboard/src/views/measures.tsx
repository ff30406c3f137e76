import type { Column } from '../components/DataTable.tsx';
import { graphql } from '../graphql/gql.ts';
import type { Formatters } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** The measures of a unit that the country and province views share (`$from`, `$to` the period). */
export const unitMeasuresFragment = graphql(`
  fragment DashboardUnitMeasures on AdministrativeUnit {
    code
    name
    fullName
    procedureStatistics(from: $from, to: $to) {
      received
      onTimeRate
      onlineRate
      overduePending
      apologyCoverage
    }
    quota2026: staffingSummary(period: P2026_2031) {
      quota
      headcount
    }
    quota2022: staffingSummary(period: P2022_2026) {
      quota
      headcount
    }
  }
`);

/** What the country and province views show of a unit; every agency part may be missing (null). */
export interface UnitMeasures {
  code: string;
  name: string;
  fullName: string;
  procedureStatistics?: {
    received: number;
    onTimeRate?: number | null;
    onlineRate?: number | null;
    overduePending: number;
    apologyCoverage?: number | null;
  } | null;
  organizationCounts?: {
    total: number;
    byKind: { kind: string; count: number }[];
    byScope?: { scope: string; count: number }[];
  } | null;
  quota2026?: { quota: number; headcount: number } | null;
  quota2022?: { quota: number; headcount: number } | null;
}

/** How many organisations of `kind` a unit has; null when the registry's part is missing. */
export function kindCount(unit: UnitMeasures, kind: string): number | null {
  if (!unit.organizationCounts) return null;
  return unit.organizationCounts.byKind.find((entry) => entry.kind === kind)?.count ?? 0;
}

/** One measure of the views: its label, its value, and how it is formatted. */
export interface Measure {
  id: string;
  label: MessageKey;
  value(unit: UnitMeasures): number | null;
  kind: 'count' | 'percent';
}

/** A measure read from the unit's procedure statistics, under the name of its field. */
function procedureMeasure(
  field: keyof NonNullable<UnitMeasures['procedureStatistics']>,
  kind: Measure['kind'],
): Measure {
  return { id: field, label: field, kind, value: (u) => u.procedureStatistics?.[field] ?? null };
}

/** A measure counting the unit's organisations of `kind` (kindCount). */
function organizationMeasure(
  id: 'associations' | 'socialFunds' | 'charityFunds',
  kind: string,
): Measure {
  return { id, label: id, kind: 'count', value: (u) => kindCount(u, kind) };
}

/** The measures shown for provinces and communes alike, in table order. */
export const measures: Measure[] = [
  procedureMeasure('received', 'count'),
  procedureMeasure('onTimeRate', 'percent'),
  procedureMeasure('onlineRate', 'percent'),
  procedureMeasure('overduePending', 'count'),
  procedureMeasure('apologyCoverage', 'percent'),
  organizationMeasure('associations', 'ASSOCIATION'),
  organizationMeasure('socialFunds', 'SOCIAL_FUND'),
  organizationMeasure('charityFunds', 'CHARITY_FUND'),
  { id: 'quota2026', label: 'quota2026', kind: 'count', value: (u) => u.quota2026?.quota ?? null },
  { id: 'quota2022', label: 'quota2022', kind: 'count', value: (u) => u.quota2022?.quota ?? null },
  {
    id: 'headcount',
    label: 'headcount',
    kind: 'count',
    value: (u) => u.quota2026?.headcount ?? null,
  },
];

/** Table columns for `measures`, after a first column given by the view. */
export function measureColumns(
  t: (key: MessageKey) => string,
  format: Formatters,
): Column<UnitMeasures>[] {
  return measures.map((measure) => ({
    id: measure.id,
    label: t(measure.label),
    numeric: true,
    value: measure.value,
    display: (unit: UnitMeasures) =>
      measure.kind === 'percent'
        ? format.percent(measure.value(unit))
        : format.count(measure.value(unit)),
  }));
}

/** Colours of the charts (WCAG contrast against white for the text-free bars is not needed). */
export const chartColors = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490'];

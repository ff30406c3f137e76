import { useMemo } from 'preact/hooks';
import { useSettings } from '../app/settings.tsx';
import { BarChart } from '../components/BarChart.tsx';
import { chartColors, kindCount, measures, type UnitMeasures } from './measures.tsx';

/**
 * One chart for each measure over `units` (each sorted by its own value), plus the registry by
 * kind and staffing quotas of the two periods side by side.
 */
export function MeasureCharts(props: { units: UnitMeasures[]; only?: string[] }) {
  const { t, format } = useSettings();
  const charts = useMemo(() => {
    const single = measures
      .filter((measure) =>
        ['received', 'onTimeRate', 'onlineRate', 'overduePending', 'apologyCoverage'].includes(
          measure.id,
        ),
      )
      .map((measure, index) => {
        const sorted = props.units
          .filter((unit) => measure.value(unit) !== null)
          .sort((a, b) => (measure.value(b) ?? 0) - (measure.value(a) ?? 0));
        return {
          id: measure.id,
          title: t(measure.label),
          labels: sorted.map((unit) => unit.name),
          series: [
            {
              label: t(measure.label),
              values: sorted.map(measure.value),
              color: chartColors[index % chartColors.length]!,
            },
          ],
          percent: measure.kind === 'percent',
        };
      });
    const registry = props.units
      .filter((unit) => unit.organizationCounts)
      .sort((a, b) => b.organizationCounts!.total - a.organizationCounts!.total);
    const staffing = props.units
      .filter((unit) => unit.quota2026 || unit.quota2022)
      .sort((a, b) => (b.quota2022?.quota ?? 0) - (a.quota2022?.quota ?? 0));
    return [
      ...single,
      {
        id: 'organizations',
        title: t('organizations'),
        labels: registry.map((unit) => unit.name),
        series: (['ASSOCIATION', 'SOCIAL_FUND', 'CHARITY_FUND'] as const).map((kind, index) => ({
          label: t(
            (
              {
                ASSOCIATION: 'associations',
                SOCIAL_FUND: 'socialFunds',
                CHARITY_FUND: 'charityFunds',
              } as const
            )[kind],
          ),
          values: registry.map((unit) => kindCount(unit, kind)),
          color: chartColors[index]!,
        })),
        stacked: true,
        percent: false,
      },
      {
        id: 'staffing',
        title: `${t('quota2022')} / ${t('quota2026')} / ${t('headcount')}`,
        labels: staffing.map((unit) => unit.name),
        series: [
          {
            label: t('quota2022'),
            values: staffing.map((unit) => unit.quota2022?.quota ?? null),
            color: chartColors[3]!,
          },
          {
            label: t('quota2026'),
            values: staffing.map((unit) => unit.quota2026?.quota ?? null),
            color: chartColors[0]!,
          },
          {
            label: t('headcount'),
            values: staffing.map((unit) => unit.quota2026?.headcount ?? null),
            color: chartColors[1]!,
          },
        ],
        percent: false,
      },
    ].filter((chart) => chart.labels.length > 0 && (!props.only || props.only.includes(chart.id)));
  }, [props.units, props.only, t]);
  return (
    <div class="chart-grid">
      {charts.map((chart) => (
        <BarChart
          key={chart.id}
          title={chart.title}
          labels={chart.labels}
          series={chart.series}
          stacked={'stacked' in chart ? chart.stacked : false}
          max={chart.percent ? 1 : undefined}
          formatValue={chart.percent ? format.percent : format.count}
        />
      ))}
    </div>
  );
}

import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useSettings } from '../app/settings.tsx';
import { BarChart } from '../components/BarChart.tsx';
import { type Column, DataTable, numberColumn } from '../components/DataTable.tsx';
import { QueryStatus, stateOf } from '../components/QueryStatus.tsx';
import { graphql } from '../graphql/gql.ts';
import { groupKeys, groupLabels } from './groupLabels.ts';
import { chartColors } from './measures.tsx';
import { type PeriodKind, periodOf } from './periodOf.ts';
import { UnitIndex } from './UnitIndex.tsx';

/** A service index's score, its dossiers and the points of each group of criteria. */
export const serviceIndexScoreFragment = graphql(`
  fragment DashboardServiceIndexScore on ServiceIndex {
    score
    dossiers
    groups {
      key
      points
      maxPoints
    }
  }
`);

const provincesQuery = graphql(`
  query DashboardServiceIndexProvinces($from: Date!, $to: Date!) {
    units(level: PROVINCE, first: 100) {
      nodes {
        code
        name
        serviceIndex(from: $from, to: $to) {
          ...DashboardServiceIndexScore
        }
      }
    }
  }
`);

/** The service index of Decision 766 for every province, or one unit with its drill-down. */
export function ServiceIndexView(props: { code?: string }) {
  const { settings, t, format } = useSettings();
  const [kind, setKind] = useState<PeriodKind>('quarter');
  const [day, setDay] = useState(settings.to);
  const period = periodOf(kind, day);
  return (
    <section aria-labelledby="index-title">
      <h2 id="index-title">{t('serviceIndexTitle')}</h2>
      <p class="lead">{t('serviceIndexHint')}</p>
      <form class="controls" onSubmit={(event) => event.preventDefault()}>
        <label>
          <span>{t('period')}</span>
          <select
            value={kind}
            onChange={(event) => setKind((event.target as HTMLSelectElement).value as PeriodKind)}
          >
            <option value="week">{t('week')}</option>
            <option value="month">{t('monthPeriod')}</option>
            <option value="quarter">{t('quarter')}</option>
          </select>
        </label>
        <label>
          <span>{t('periodDay')}</span>
          <input
            type="date"
            value={day}
            onChange={(event) => {
              const value = (event.target as HTMLInputElement).value;
              if (/^\d{4}-\d{2}-\d{2}$/.test(value)) setDay(value);
            }}
          />
        </label>
        <p class="muted" data-period={`${period.from}/${period.to}`}>
          {format.date(period.from)} – {format.date(period.to)}
        </p>
      </form>
      {props.code ? <UnitIndex code={props.code} {...period} /> : <ProvinceRanking {...period} />}
    </section>
  );
}

/** A province of the ranking: its score, dossiers and the points of each group. */
interface ProvinceIndexRow {
  code: string;
  name: string;
  score: number | null;
  dossiers: number | null;
  groups: Record<string, number | null>;
}

/** Every province ranked by its service index: the table, then the points of each group charted. */
function ProvinceRanking(props: { from: string; to: string }) {
  const { t, format } = useSettings();
  const [result, reexecute] = useQuery({ query: provincesQuery, variables: props });
  const rows: ProvinceIndexRow[] = (result.data?.units.nodes ?? []).map((unit) => ({
    code: unit.code,
    name: unit.name,
    score: unit.serviceIndex?.score ?? null,
    dossiers: unit.serviceIndex?.dossiers ?? null,
    groups: Object.fromEntries(
      (unit.serviceIndex?.groups ?? []).map((group) => [group.key, group.points ?? null]),
    ),
  }));
  const ranked = [...rows]
    .filter((row) => row.score !== null)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const rankOf = new Map(ranked.map((row, index) => [row.code, index + 1]));
  const columns: Column<ProvinceIndexRow>[] = [
    {
      id: 'name',
      label: t('province'),
      value: (row) => row.name,
      display: (row) => <a href={`#/service-index/${row.code}`}>{row.name}</a>,
    },
    { id: 'rank', label: t('rank'), numeric: true, value: (row) => rankOf.get(row.code) ?? null },
    numberColumn('score', t('score'), (row) => row.score, format.score),
    ...groupKeys.map((key) => ({
      id: key,
      label: t(groupLabels[key]!),
      numeric: true,
      value: (row: ProvinceIndexRow) => row.groups[key] ?? null,
      display: (row: ProvinceIndexRow) => format.score(row.groups[key]),
    })),
    numberColumn('dossiers', t('dossiers'), (row) => row.dossiers, format.count),
  ];
  return (
    <QueryStatus state={stateOf(result, reexecute, rows.length === 0)}>
      <DataTable
        caption={t('serviceIndexTitle')}
        columns={columns}
        rows={rows}
        rowKey={(row) => row.code}
        initialSort={{ id: 'score', descending: true }}
        searchText={(row) => row.name}
        csvFileName={`chi-so-766-${props.from}-${props.to}.csv`}
      />
      <BarChart
        title={`${t('score')} (/100)`}
        labels={ranked.map((row) => row.name)}
        series={groupKeys.map((key, index) => ({
          label: t(groupLabels[key]!),
          values: ranked.map((row) => row.groups[key] ?? null),
          color: chartColors[index]!,
        }))}
        stacked
        max={100}
        formatValue={format.score}
        height={320}
      />
    </QueryStatus>
  );
}

import { useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import { useSettings } from '../app/settings.tsx';
import { BarChart } from '../components/BarChart.tsx';
import { type Column, DataTable, numberColumn } from '../components/DataTable.tsx';
import { QueryStatus, stateOf } from '../components/QueryStatus.tsx';
import { graphql } from '../graphql/gql.ts';
import type { Formatters } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { chartColors } from './measures.tsx';
import { type PeriodKind, periodOf } from './periodOf.ts';

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

const unitQuery = graphql(`
  query DashboardServiceIndexUnit($code: ID!, $from: Date!, $to: Date!) {
    unit(code: $code) {
      code
      fullName
      level
      province {
        code
        name
      }
      serviceIndex(from: $from, to: $to) {
        ...DashboardServiceIndexScore
        groups {
          name
          criteria {
            code
            name
            numerator
            denominator
            value
            points
            maxPoints
            approximation
            rule
          }
        }
        communes(first: 20) {
          unit {
            code
            fullName
          }
          score
          dossiers
          lostPoints
        }
        procedures(first: 15) {
          procedure {
            code
            name
          }
          score
          dossiers
          lostPoints
        }
      }
    }
  }
`);

const groupLabels: Record<string, MessageKey> = {
  PUBLICITY: 'groupPublicity',
  PROGRESS: 'groupProgress',
  ONLINE_SERVICE: 'groupOnline',
  DIGITISATION: 'groupDigitisation',
  SATISFACTION: 'groupSatisfaction',
};
const groupKeys = Object.keys(groupLabels);

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

interface ProvinceIndexRow {
  code: string;
  name: string;
  score: number | null;
  dossiers: number | null;
  groups: Record<string, number | null>;
}

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

/** What the criteria table reads of a criterion. */
interface Criterion {
  value?: number | null;
  points?: number | null;
  maxPoints: number;
}

/** What a row of a drill-down table has: the points it costs, its own score, its dossiers. */
interface Shortfall {
  lostPoints: number;
  score?: number | null;
  dossiers: number;
}

/** The columns every drill-down table shares after its first. */
function shortfallColumns(t: (key: MessageKey) => string, format: Formatters): Column<Shortfall>[] {
  return [
    numberColumn('lost', t('lostPoints'), (row) => row.lostPoints, format.score),
    numberColumn('score', t('score'), (row) => row.score, format.score),
    numberColumn('dossiers', t('dossiers'), (row) => row.dossiers, format.count),
  ];
}

function UnitIndex(props: { code: string; from: string; to: string }) {
  const { t, format } = useSettings();
  const [result, reexecute] = useQuery({ query: unitQuery, variables: props });
  const unit = result.data?.unit;
  const index = unit?.serviceIndex;
  return (
    <>
      <p>
        <a href="#/service-index">← {t('navServiceIndex')}</a>
        {unit && unit.level === 'COMMUNE' && (
          <>
            {' · '}
            <a href={`#/service-index/${unit.province.code}`}>{unit.province.name}</a>
          </>
        )}
      </p>
      <QueryStatus state={stateOf(result, reexecute, !unit)}>
        {unit && (
          <>
            <h3>{unit.fullName}</h3>
            {!index ? (
              <p class="missing">{result.error ? t('partMissing') : t('empty')}</p>
            ) : (
              <>
                <p>
                  {t('score')}:{' '}
                  <span class="score" data-figure="score">
                    {format.score(index.score)}
                  </span>{' '}
                  / 100 · {t('dossiers')}: {format.count(index.dossiers)}
                </p>
                <p class="muted">{t('approximationNote')}</p>
                <DataTable
                  caption={t('criterion')}
                  columns={[
                    { id: 'code', label: t('code'), value: (row) => row.code },
                    {
                      id: 'name',
                      label: t('criterion'),
                      value: (row) => row.name,
                      display: (row) => (
                        <span title={row.rule}>
                          {row.name}
                          {row.approximation && <abbr title={t('approximation')}> ≈</abbr>}
                        </span>
                      ),
                    },
                    { id: 'group', label: t('group'), value: (row) => t(groupLabels[row.group]!) },
                    numberColumn<Criterion>(
                      'value',
                      t('value'),
                      (row) => row.value,
                      format.percent,
                    ),
                    {
                      id: 'counts',
                      label: `${t('value')} (n)`,
                      numeric: true,
                      value: (row) => row.denominator,
                      display: (row) =>
                        `${format.count(row.numerator)} / ${format.count(row.denominator)}`,
                    },
                    numberColumn<Criterion>(
                      'points',
                      t('points'),
                      (row) => row.points,
                      format.score,
                    ),
                    numberColumn<Criterion>(
                      'max',
                      t('maxPoints'),
                      (row) => row.maxPoints,
                      format.count,
                    ),
                  ]}
                  rows={index.groups.flatMap((group) =>
                    group.criteria.map((criterion) => ({ ...criterion, group: group.key })),
                  )}
                  rowKey={(row) => row.code}
                  initialSort={{ id: 'code', descending: false }}
                />
                <details class="rules">
                  <summary>{t('rules')}</summary>
                  <dl>
                    {index.groups.flatMap((group) =>
                      group.criteria.map((criterion) => (
                        <>
                          <dt>
                            {criterion.code} {criterion.name}
                            {criterion.approximation ? ' ≈' : ''}
                          </dt>
                          <dd>{criterion.rule}</dd>
                        </>
                      )),
                    )}
                  </dl>
                </details>
                {index.communes.length > 0 && (
                  <DataTable
                    caption={t('communesCosting')}
                    columns={[
                      {
                        id: 'name',
                        label: t('commune'),
                        // The commune's name comes from the units subgraph: while it is down the
                        // row keeps its score with a dash for the name.
                        value: (row) => row.unit?.fullName ?? '',
                        display: (row) =>
                          row.unit ? (
                            <a href={`#/service-index/${row.unit.code}`}>{row.unit.fullName}</a>
                          ) : (
                            '–'
                          ),
                      },
                      ...(shortfallColumns(t, format) as Column<(typeof index.communes)[number]>[]),
                    ]}
                    rows={index.communes}
                    rowKey={(row) => row.unit?.code ?? `rank-${index.communes.indexOf(row)}`}
                    initialSort={{ id: 'lost', descending: true }}
                  />
                )}
                <DataTable
                  caption={t('proceduresCosting')}
                  columns={[
                    { id: 'name', label: t('procedure'), value: (row) => row.procedure.name },
                    ...(shortfallColumns(t, format) as Column<(typeof index.procedures)[number]>[]),
                  ]}
                  rows={index.procedures}
                  rowKey={(row) => row.procedure.code}
                  initialSort={{ id: 'lost', descending: true }}
                />
              </>
            )}
          </>
        )}
      </QueryStatus>
    </>
  );
}

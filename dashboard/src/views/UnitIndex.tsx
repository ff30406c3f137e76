import type { ResultOf } from '@graphql-typed-document-node/core';
import { useQuery } from '@urql/preact';
import { useSettings } from '../app/settings.tsx';
import { type Column, DataTable, numberColumn } from '../components/DataTable.tsx';
import { QueryStatus, stateOf } from '../components/QueryStatus.tsx';
import { graphql } from '../graphql/gql.ts';
import { groupLabels } from './groupLabels.ts';

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

/** A unit's service index as the query answers it. */
type UnitServiceIndex = NonNullable<
  NonNullable<ResultOf<typeof unitQuery>['unit']>['serviceIndex']
>;

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

/**
 * One unit's service index (a province or a commune): its score, its criteria and their rules,
 * and the communes and procedures that cost it the most points.
 */
export function UnitIndex(props: { code: string; from: string; to: string }) {
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
                <CriteriaTable index={index} />
                <CriteriaRules index={index} />
                {index.communes.length > 0 && <CommunesTable communes={index.communes} />}
                <ProceduresTable procedures={index.procedures} />
              </>
            )}
          </>
        )}
      </QueryStatus>
    </>
  );
}

/** Every criterion of the index with its group, value, counts and points. */
function CriteriaTable({ index }: { index: UnitServiceIndex }) {
  const { t, format } = useSettings();
  return (
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
        numberColumn<Criterion>('value', t('value'), (row) => row.value, format.percent),
        {
          id: 'counts',
          label: `${t('value')} (n)`,
          numeric: true,
          value: (row) => row.denominator,
          display: (row) => `${format.count(row.numerator)} / ${format.count(row.denominator)}`,
        },
        numberColumn<Criterion>('points', t('points'), (row) => row.points, format.score),
        numberColumn<Criterion>('max', t('maxPoints'), (row) => row.maxPoints, format.count),
      ]}
      rows={index.groups.flatMap((group) =>
        group.criteria.map((criterion) => ({ ...criterion, group: group.key })),
      )}
      rowKey={(row) => row.code}
      initialSort={{ id: 'code', descending: false }}
    />
  );
}

/** The rule of each criterion, folded away under a summary. */
function CriteriaRules({ index }: { index: UnitServiceIndex }) {
  const { t } = useSettings();
  return (
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
  );
}

/** The communes that cost a province the most points. */
function CommunesTable({ communes }: { communes: UnitServiceIndex['communes'] }) {
  const { t } = useSettings();
  return (
    <ShortfallTable
      caption={t('communesCosting')}
      name={{
        id: 'name',
        label: t('commune'),
        // The commune's name comes from the units subgraph: while it is down the
        // row keeps its score with a dash for the name.
        value: (row) => row.unit?.fullName ?? '',
        display: (row) =>
          row.unit ? <a href={`#/service-index/${row.unit.code}`}>{row.unit.fullName}</a> : '–',
      }}
      rows={communes}
      rowKey={(row) => row.unit?.code ?? `rank-${communes.indexOf(row)}`}
    />
  );
}

/** The procedures that cost the unit the most points. */
function ProceduresTable({ procedures }: { procedures: UnitServiceIndex['procedures'] }) {
  const { t } = useSettings();
  return (
    <ShortfallTable
      caption={t('proceduresCosting')}
      name={{ id: 'name', label: t('procedure'), value: (row) => row.procedure.name }}
      rows={procedures}
      rowKey={(row) => row.procedure.code}
    />
  );
}

/** A drill-down table: what each row is, then the points it costs, most points lost first. */
function ShortfallTable<Row extends Shortfall>(props: {
  caption: string;
  name: Column<Row>;
  rows: Row[];
  rowKey: (row: Row) => string;
}) {
  const { t, format } = useSettings();
  return (
    <DataTable
      caption={props.caption}
      columns={[
        props.name,
        numberColumn<Row>('lost', t('lostPoints'), (row) => row.lostPoints, format.score),
        numberColumn<Row>('score', t('score'), (row) => row.score, format.score),
        numberColumn<Row>('dossiers', t('dossiers'), (row) => row.dossiers, format.count),
      ]}
      rows={props.rows}
      rowKey={props.rowKey}
      initialSort={{ id: 'lost', descending: true }}
    />
  );
}

import type { ResultOf } from '@graphql-typed-document-node/core';
import { useQuery } from '@urql/preact';
import { useSettings } from '../app/settings.tsx';
import { BarChart } from '../components/BarChart.tsx';
import { DataTable, numberColumn } from '../components/DataTable.tsx';
import { QueryStatus, stateOf } from '../components/QueryStatus.tsx';
import { graphql } from '../graphql/gql.ts';
import { chartColors } from './measures.tsx';

const communeQuery = graphql(`
  query DashboardCommune($code: ID!, $asOf: Date, $from: Date!, $to: Date!) {
    unit(code: $code, asOf: $asOf) {
      code
      name
      fullName
      level
      inForce
      validFrom
      validTo
      province {
        code
        name
      }
      predecessors {
        share
        effectiveDate
        resolution
        unit {
          code
          fullName
          parent {
            fullName
          }
        }
      }
      ...DashboardUnitSuccession
      procedureStatistics(from: $from, to: $to) {
        received
        receivedOnline
        resolved
        resolvedOnTime
        onTimeRate
        onlineRate
        pending
        overduePending
        becameOverdue
        apologized
        apologyCoverage
        byMonth {
          month
          statistics {
            received
            onTimeRate
            onlineRate
          }
        }
        byField {
          field {
            code
            name
          }
          statistics {
            received
            onTimeRate
            onlineRate
          }
        }
      }
      organizationCounts(asOf: $asOf) {
        total
        byKind {
          kind
          count
        }
        byScope {
          scope
          count
        }
      }
      quota2026: staffingSummary(period: P2026_2031) {
        quota
        headcount
        vacancies
        headcountAsOf
        categories {
          category
          quota
          headcount
          vacancies
        }
      }
      quota2022: staffingSummary(period: P2022_2026) {
        quota
        headcount
      }
    }
  }
`);

/** What the by-field table reads of a field's statistics. */
interface FieldRow {
  statistics: { received: number; onTimeRate?: number | null; onlineRate?: number | null };
}

/** One figure of a card: its term, its formatted value and, for the browser tests, its name. */
type Figure = [term: string, value: string, figure?: string];

/**
 * A card of one agency's figures as a definition list, or `missing` in words when that agency's
 * part of the answer is null (no `figures`).
 */
function FiguresCard(props: {
  id: string;
  title: string;
  missing: string;
  figures: Figure[] | null | undefined;
}) {
  return (
    <article class="card" aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      {props.figures ? (
        <dl class="figures">
          {props.figures.map(([term, value, figure]) => (
            <>
              <dt>{term}</dt>
              <dd data-figure={figure}>{value}</dd>
            </>
          ))}
        </dl>
      ) : (
        <p class="missing">{props.missing}</p>
      )}
    </article>
  );
}

/** The commune as the query answers it. */
type Commune = NonNullable<ResultOf<typeof communeQuery>['unit']>;

/** One commune across the four agencies, with the units it was made of before the reform. */
export function CommuneView(props: { code: string }) {
  const { settings, t, format } = useSettings();
  const [result, reexecute] = useQuery({
    query: communeQuery,
    variables: { code: props.code, asOf: settings.asOf, from: settings.from, to: settings.to },
  });
  const unit = result.data?.unit;
  const statistics = unit?.procedureStatistics;
  return (
    <section aria-labelledby="commune-title">
      {unit && (
        <p>
          <a href={`#/province/${unit.province.code}`}>
            {t('backToProvince')} {unit.province.name}
          </a>
        </p>
      )}
      <h2 id="commune-title">{unit?.fullName ?? t('commune')}</h2>
      <QueryStatus state={stateOf(result, reexecute, !unit)}>
        {unit && (
          <>
            <p class="lead">
              {t('code')} {unit.code} · {unit.province.name} ·{' '}
              {unit.inForce ? t('inForce') : t('abolished')}
              {unit.validFrom && ` · ${t('effective')} ${format.date(unit.validFrom)}`}
            </p>
            <div class="cards">
              <SuccessionCard unit={unit} />
              <AgencyCards unit={unit} failed={Boolean(result.error)} />
            </div>
            {statistics && statistics.byMonth.length > 0 && (
              <BarChart
                title={`${t('received')} · ${t('byMonth')}`}
                labels={statistics.byMonth.map((entry) => format.month(entry.month))}
                series={[
                  {
                    label: t('received'),
                    values: statistics.byMonth.map((entry) => entry.statistics.received),
                    color: chartColors[0]!,
                  },
                ]}
                formatValue={format.count}
              />
            )}
            {statistics && <FieldTable rows={statistics.byField} />}
          </>
        )}
      </QueryStatus>
    </section>
  );
}

/** The units the commune was made of before the reform and, once abolished, those it went into. */
function SuccessionCard({ unit }: { unit: Commune }) {
  const { t, format } = useSettings();
  return (
    <article class="card" aria-labelledby="card-units">
      <h3 id="card-units">{t('predecessors')}</h3>
      {unit.predecessors.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ul>
          {unit.predecessors.map((link) => (
            <li key={link.unit.code}>
              <a href={`#/commune/${link.unit.code}`}>{link.unit.fullName}</a>
              {link.unit.parent && `, ${link.unit.parent.fullName}`} (
              {link.share === 'WHOLE' ? t('whole') : t('part')}, {format.date(link.effectiveDate)}
              {link.resolution ? `, ${link.resolution}` : ''})
            </li>
          ))}
        </ul>
      )}
      {unit.successors.length > 0 && (
        <>
          <h4>{t('successors')}</h4>
          <ul>
            {unit.successors.map((link) => (
              <li key={link.unit.code}>
                <a href={`#/commune/${link.unit.code}`}>{link.unit.fullName}</a> (
                {link.share === 'WHOLE' ? t('whole') : t('part')})
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

/**
 * The figures of the procedures, associations and personnel agencies, each card saying so when
 * its agency's part is missing; `failed` when the answer came with errors (a personnel part
 * missing without one means the commune has no committee).
 */
function AgencyCards({ unit, failed }: { unit: Commune; failed: boolean }) {
  const { t, format } = useSettings();
  const statistics = unit.procedureStatistics;
  const kindLabel = {
    ASSOCIATION: t('associations'),
    SOCIAL_FUND: t('socialFunds'),
    CHARITY_FUND: t('charityFunds'),
  } as Record<string, string>;
  return (
    <>
      <FiguresCard
        id="card-dossiers"
        title={t('agencyDossiers')}
        missing={t('partMissing')}
        figures={
          statistics && [
            [t('received'), format.count(statistics.received), 'received'],
            [t('onTimeRate'), format.percent(statistics.onTimeRate), 'onTimeRate'],
            [t('onlineRate'), format.percent(statistics.onlineRate), 'onlineRate'],
            [t('overduePending'), format.count(statistics.overduePending)],
            [t('apologyCoverage'), format.percent(statistics.apologyCoverage)],
          ]
        }
      />
      <FiguresCard
        id="card-associations"
        title={t('agencyAssociations')}
        missing={t('partMissing')}
        figures={
          unit.organizationCounts && [
            [t('total'), format.count(unit.organizationCounts.total), 'organizations'],
            ...unit.organizationCounts.byKind.map(
              (entry): Figure => [kindLabel[entry.kind] ?? entry.kind, format.count(entry.count)],
            ),
          ]
        }
      />
      <FiguresCard
        id="card-personnel"
        title={t('agencyPersonnel')}
        missing={failed ? t('partMissing') : t('noCommittee')}
        figures={
          unit.quota2026 && [
            [t('quota2026'), format.count(unit.quota2026.quota), 'quota2026'],
            [t('quota2022'), format.count(unit.quota2022?.quota)],
            [t('headcount'), format.count(unit.quota2026.headcount)],
            [t('vacancies'), format.count(unit.quota2026.vacancies)],
          ]
        }
      />
    </>
  );
}

/** The commune's dossiers by field of procedure, most received first. */
function FieldTable({ rows }: { rows: NonNullable<Commune['procedureStatistics']>['byField'] }) {
  const { t, format } = useSettings();
  return (
    <DataTable
      caption={`${t('agencyDossiers')} · ${t('byField')}`}
      columns={[
        { id: 'field', label: t('field'), value: (row) => row.field.name },
        numberColumn<FieldRow>(
          'received',
          t('received'),
          (row) => row.statistics.received,
          format.count,
        ),
        numberColumn<FieldRow>(
          'onTime',
          t('onTimeRate'),
          (row) => row.statistics.onTimeRate,
          format.percent,
        ),
        numberColumn<FieldRow>(
          'online',
          t('onlineRate'),
          (row) => row.statistics.onlineRate,
          format.percent,
        ),
      ]}
      rows={rows}
      rowKey={(row) => row.field.code}
      initialSort={{ id: 'received', descending: true }}
    />
  );
}

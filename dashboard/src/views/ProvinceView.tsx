import { useQuery } from '@urql/preact';
import { useSettings } from '../app/settings.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { QueryStatus, stateOf } from '../components/QueryStatus.tsx';
import { graphql } from '../graphql/gql.ts';
import { MeasureCharts } from './MeasureCharts.tsx';
import { measureColumns, type UnitMeasures } from './measures.tsx';

const provinceQuery = graphql(`
  query DashboardProvince($code: ID!, $asOf: Date, $from: Date!, $to: Date!) {
    unit(code: $code, asOf: $asOf) {
      code
      name
      fullName
      inForce
      children(first: 500) {
        totalCount
        nodes {
          ...DashboardUnitMeasures
          type
          organizationCounts(asOf: $asOf) {
            total
            byKind {
              kind
              count
            }
          }
        }
      }
    }
  }
`);

/** Every commune of one province with the same measures, charts, search and CSV export. */
export function ProvinceView(props: { code: string }) {
  const { settings, t, format } = useSettings();
  const [result, reexecute] = useQuery({
    query: provinceQuery,
    variables: { code: props.code, asOf: settings.asOf, from: settings.from, to: settings.to },
  });
  const province = result.data?.unit;
  const communes: UnitMeasures[] = province?.children.nodes ?? [];
  const columns: Column<UnitMeasures>[] = [
    {
      id: 'name',
      label: t('commune'),
      value: (row) => row.fullName,
      display: (row) => <a href={`#/commune/${row.code}`}>{row.fullName}</a>,
    },
    { id: 'code', label: t('code'), value: (row) => row.code },
    ...measureColumns(t, format),
  ];
  return (
    <section aria-labelledby="province-title">
      <p>
        <a href="#/">{t('backToCountry')}</a>
      </p>
      <h2 id="province-title">
        {province ? `${t('communesOf')} ${province.fullName}` : t('province')}
      </h2>
      <QueryStatus state={stateOf(result, reexecute, !province)}>
        <p class="lead">
          {t('communeCount')}:{' '}
          <strong data-testid="commune-count">{format.count(province?.children.totalCount)}</strong>
        </p>
        <DataTable
          caption={`${province?.fullName ?? ''} · ${format.date(settings.from)} – ${format.date(settings.to)}`}
          columns={columns}
          rows={communes}
          rowKey={(row) => row.code}
          initialSort={{ id: 'code', descending: false }}
          searchText={(row) => `${row.fullName} ${row.code}`}
          searchLabel={t('searchCommunes')}
          csvFileName={`xa-phuong-${props.code}-${settings.asOf}.csv`}
        />
        <MeasureCharts units={communes} />
      </QueryStatus>
    </section>
  );
}

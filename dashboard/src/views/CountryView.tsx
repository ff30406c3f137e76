import type { ResultOf } from '@graphql-typed-document-node/core';
import { useQuery } from '@urql/preact';
import { useMemo } from 'preact/hooks';
import { useSettings } from '../app/settings.tsx';
import { BarChart } from '../components/BarChart.tsx';
import { type Column, DataTable, numberColumn } from '../components/DataTable.tsx';
import { type QueryState, QueryStatus, stateOf } from '../components/QueryStatus.tsx';
import { graphql } from '../graphql/gql.ts';
import { MeasureCharts } from './MeasureCharts.tsx';
import { chartColors, measureColumns, type UnitMeasures } from './measures.tsx';

const countryQuery = graphql(`
  query DashboardCountry($asOf: Date, $from: Date!, $to: Date!) {
    units(level: PROVINCE, asOf: $asOf, first: 100) {
      totalCount
      nodes {
        ...DashboardUnitMeasures
      }
    }
  }
`);

// The registry's counts by province in two aggregate reads (one statement each in the
// associations subgraph), asked apart so that the provinces' table draws without waiting for
// them and stands when the registry is down.
const registryQuery = graphql(`
  query DashboardRegistryByProvince($asOf: Date) {
    byKind: organizationStatistics(asOf: $asOf, groupBy: [PROVINCE, KIND]) {
      groups {
        province {
          code
        }
        kind
        count
      }
    }
    byScope: organizationStatistics(asOf: $asOf, groupBy: [PROVINCE, SCOPE]) {
      groups {
        province {
          code
        }
        scope
        count
      }
    }
  }
`);

// Separations are a root field of the personnel subgraph: asked apart, so that personnel being
// down leaves the provinces' other figures standing.
const separationsQuery = graphql(`
  query DashboardSeparationsByProvince {
    separationStatistics(groupBy: PROVINCE) {
      key
      count
      totalBenefit
    }
  }
`);

/** A province row: its measures and its separations. */
interface ProvinceRow extends UnitMeasures {
  separations: number | null;
  scopes: Record<string, number> | null;
}

/** The 34 provinces side by side: dossiers, registry, staffing, separations; sortable, charted. */
export function CountryView() {
  const { settings, t, format } = useSettings();
  const [country, reexecute] = useQuery({
    query: countryQuery,
    variables: { asOf: settings.asOf, from: settings.from, to: settings.to },
  });
  // The provinces' table first: on a busy graph, three answers at once all come later.
  const tableSettled = Boolean(country.data || country.error);
  const [registry, reexecuteRegistry] = useQuery({
    query: registryQuery,
    variables: { asOf: settings.asOf },
    pause: !tableSettled,
  });
  const [separations, reexecuteSeparations] = useQuery({
    query: separationsQuery,
    pause: !tableSettled,
  });
  /** A query paused until the table settles is loading meanwhile, not empty. */
  const afterTable = (state: QueryState): QueryState => ({
    ...state,
    fetching: state.fetching || !tableSettled,
  });
  const rows = useMemo<ProvinceRow[]>(
    () => provinceRows(country.data?.units.nodes ?? [], registry.data, separations.data),
    [country.data, registry.data, separations.data],
  );

  const columns: Column<ProvinceRow>[] = [
    {
      id: 'name',
      label: t('province'),
      value: (row) => row.name,
      display: (row) => <a href={`#/province/${row.code}`}>{row.name}</a>,
    },
    ...(measureColumns(t, format) as Column<ProvinceRow>[]),
    numberColumn('separations', t('separationsShort'), (row) => row.separations, format.count),
  ];

  return (
    <section aria-labelledby="country-title">
      <h2 id="country-title">
        {t('navCountry')}: {format.count(country.data?.units.totalCount)}{' '}
        {t('province').toLowerCase()}
      </h2>
      <QueryStatus state={stateOf(country, reexecute, rows.length === 0)}>
        <DataTable
          caption={`${t('province')} · ${format.date(settings.from)} – ${format.date(settings.to)}`}
          columns={columns}
          rows={rows}
          rowKey={(row) => row.code}
          initialSort={{ id: 'received', descending: true }}
          searchText={(row) => `${row.name} ${row.code}`}
          csvFileName={`tinh-thanh-${settings.asOf}.csv`}
        />
        <MeasureCharts units={rows} />
        <QueryStatus state={afterTable(stateOf(registry, reexecuteRegistry))} />
        <ScopeChart rows={rows} />
      </QueryStatus>
      <h3>{t('separations')}</h3>
      <QueryStatus state={afterTable(stateOf(separations, reexecuteSeparations))}>
        <SeparationsChart rows={rows} />
      </QueryStatus>
    </section>
  );
}

/**
 * The provinces' rows: each province's measures with the registry's counts by kind and scope and
 * its separations, each null while its answer is missing (a province absent from an answer has 0).
 */
function provinceRows(
  units: ResultOf<typeof countryQuery>['units']['nodes'],
  registry: ResultOf<typeof registryQuery> | undefined,
  separations: ResultOf<typeof separationsQuery> | undefined,
): ProvinceRow[] {
  const bySeparations = separations
    ? new Map(separations.separationStatistics.map((entry) => [entry.key, entry.count]))
    : null;
  const kinds = new Map<string, { kind: string; count: number }[]>();
  const scopes = new Map<string, Record<string, number>>();
  for (const group of registry?.byKind.groups ?? []) {
    const code = group.province?.code;
    if (!code || !group.kind) continue;
    kinds.set(code, [...(kinds.get(code) ?? []), { kind: group.kind, count: group.count }]);
  }
  for (const group of registry?.byScope.groups ?? []) {
    const code = group.province?.code;
    if (!code || !group.scope) continue;
    scopes.set(code, { ...scopes.get(code), [group.scope]: group.count });
  }
  return units.map((unit) => {
    const byKind = kinds.get(unit.code) ?? [];
    return {
      ...unit,
      organizationCounts: registry
        ? { total: byKind.reduce((sum, entry) => sum + entry.count, 0), byKind }
        : null,
      separations: bySeparations ? (bySeparations.get(unit.code) ?? 0) : null,
      scopes: registry ? (scopes.get(unit.code) ?? {}) : null,
    };
  });
}

/** The organisations of each province stacked by scope; nothing while the registry's part is missing. */
function ScopeChart({ rows }: { rows: ProvinceRow[] }) {
  const { t, format } = useSettings();
  const scopeKeys = [
    ['NATIONWIDE', 'scopeNationwide'],
    ['INTER_PROVINCIAL', 'scopeInterProvincial'],
    ['PROVINCIAL', 'scopeProvincial'],
    ['COMMUNE', 'scopeCommune'],
  ] as const;
  const withScopes = rows.filter((row) => row.scopes);
  if (withScopes.length === 0) return null;
  return (
    <BarChart
      title={`${t('organizations')} · ${t('scope')}`}
      labels={withScopes.map((row) => row.name)}
      series={scopeKeys.map(([scope, label], index) => ({
        label: t(label),
        values: withScopes.map((row) => row.scopes?.[scope] ?? 0),
        color: chartColors[index]!,
      }))}
      stacked
      formatValue={format.count}
    />
  );
}

/** The provinces by separations, most first; nothing while personnel's part is missing. */
function SeparationsChart({ rows }: { rows: ProvinceRow[] }) {
  const { t, format } = useSettings();
  const withSeparations = [...rows]
    .filter((row) => row.separations !== null)
    .sort((a, b) => (b.separations ?? 0) - (a.separations ?? 0));
  if (withSeparations.length === 0) return null;
  return (
    <BarChart
      title={t('separations')}
      labels={withSeparations.map((row) => row.name)}
      series={[
        {
          label: t('separations'),
          values: withSeparations.map((row) => row.separations),
          color: chartColors[4]!,
        },
      ]}
      formatValue={format.count}
    />
  );
}

import type { ResultOf } from '@graphql-typed-document-node/core';
import { useQuery } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { useSettings } from '../app/settings.tsx';
import { QueryStatus, stateOf } from '../components/QueryStatus.tsx';
import { graphql } from '../graphql/gql.ts';
import { parseUnitQuery } from './parseUnitQuery.ts';

/** What became of a unit: the units it passed into, and those in force today (communes, reform). */
export const unitSuccessionFragment = graphql(`
  fragment DashboardUnitSuccession on AdministrativeUnit {
    successors {
      share
      effectiveDate
      unit {
        code
        fullName
      }
    }
    currentUnits {
      code
      fullName
    }
  }
`);

const reformQuery = graphql(`
  query DashboardReformSearch($search: String!, $before: Date!) {
    before: units(search: $search, asOf: $before, first: 50) {
      totalCount
      nodes {
        code
        fullName
        type
        level
        province {
          name
        }
        parent {
          fullName
        }
        ...DashboardUnitSuccession
        currentUnits {
          province {
            name
          }
        }
      }
    }
    now: units(search: $search, first: 20) {
      totalCount
      nodes {
        code
        fullName
        type
        province {
          name
        }
      }
    }
  }
`);

/** The eve of the reform: the last day of the three-tier model. */
const lastThreeTierDay = '2025-06-30';

/** Where an old commune, district or province went, typed the way people type it. */
export function ReformView() {
  const { t, format } = useSettings();
  const [text, setText] = useState(
    () => new URLSearchParams(location.hash.split('?')[1]).get('q') ?? '',
  );
  const debounced = useDebounced(text, 250);
  const parsed = parseUnitQuery(debounced);
  const [result, reexecute] = useQuery({
    query: reformQuery,
    variables: { search: parsed.search, before: lastThreeTierDay },
    pause: parsed.search.length < 2,
  });
  const before = matchingTypes(result.data?.before.nodes ?? [], parsed.types);
  const now = matchingTypes(result.data?.now.nodes ?? [], parsed.types);
  return (
    <section aria-labelledby="reform-title">
      <h2 id="reform-title">{t('reformTitle')}</h2>
      <p class="lead" id="reform-hint">
        {t('reformHint')}
      </p>
      <label class="search search-large">
        <span>{t('search')}</span>
        <input
          type="search"
          value={text}
          placeholder={t('reformPlaceholder')}
          aria-describedby="reform-hint"
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
        />
      </label>
      {parsed.search.length >= 2 && (
        <QueryStatus state={stateOf(result, reexecute, before.length === 0 && now.length === 0)}>
          <h3>
            {t('reformBefore')}: {format.count(before.length)}
          </h3>
          <ul class="results" aria-label={t('reformBefore')}>
            {before.map((unit) => (
              <FormerUnit key={unit.code} unit={unit} />
            ))}
          </ul>
          {now.length > 0 && (
            <>
              <h3>{t('reformNow')}</h3>
              <ul class="results">
                {now.map((unit) => (
                  <li key={unit.code}>
                    <a href={`#/commune/${unit.code}`}>{unit.fullName}</a>, {unit.province.name}
                  </li>
                ))}
              </ul>
            </>
          )}
        </QueryStatus>
      )}
    </section>
  );
}

/** A unit of the three-tier model as the search answers it. */
type FormerUnitResult = ResultOf<typeof reformQuery>['before']['nodes'][number];

/** `value`, once it has stayed the same for `milliseconds` (a search box's text as it settles). */
function useDebounced<T>(value: T, milliseconds: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), milliseconds);
    return () => clearTimeout(timer);
  }, [value, milliseconds]);
  return debounced;
}

/** The nodes of one of the types the text named, or all of them when none is or none matches. */
function matchingTypes<T extends { type: string }>(nodes: T[], types: readonly string[]): T[] {
  const typed = types.length > 0 ? nodes.filter((node) => types.includes(node.type)) : nodes;
  // A wrong guess of the type word must not hide every answer.
  return typed.length > 0 ? typed : nodes;
}

/** One unit of before the reform: where it was, what it went into, and the units in force today. */
function FormerUnit({ unit }: { unit: FormerUnitResult }) {
  const { t, format } = useSettings();
  return (
    <li class="result">
      <p>
        <a href={`#/commune/${unit.code}`} class="result-name">
          {unit.fullName}
        </a>
        {unit.parent && unit.parent.fullName !== unit.province.name && `, ${unit.parent.fullName}`},{' '}
        {unit.province.name} <span class="muted">({unit.code})</span>
      </p>
      {unit.successors.length > 0 && (
        <p>
          → {t('wentInto')}{' '}
          {unit.successors.map((link, index) => (
            <span key={link.unit.code}>
              {index > 0 && '; '}
              <strong>{link.unit.fullName}</strong> (
              {link.share === 'WHOLE' ? t('whole') : t('part')}, {format.date(link.effectiveDate)})
            </span>
          ))}
        </p>
      )}
      <p>
        {t('currentUnits')} ({t('today')}):{' '}
        {unit.currentUnits.map((current, index) => (
          <span key={current.code}>
            {index > 0 && '; '}
            <a href={`#/commune/${current.code}`} data-current-unit={current.code}>
              {current.fullName}
            </a>
            , {current.province.name}
          </span>
        ))}
      </p>
    </li>
  );
}

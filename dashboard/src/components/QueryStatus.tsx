import type { CombinedError } from '@urql/core';
import type { ComponentChildren } from 'preact';
import { useSettings } from '../app/settings.tsx';
import type { MessageKey } from '../i18n/messages.ts';

/** The part of the graph each subgraph serves, as the page names it. */
const partOfSubgraph: Record<string, MessageKey> = {
  units: 'agencyUnits',
  associations: 'agencyAssociations',
  personnel: 'agencyPersonnel',
  procedures: 'agencyDossiers',
};

/** The subgraphs whose failure an answer reports (`extensions.serviceName`), named for people. */
export function missingParts(error: CombinedError | undefined): string[] {
  if (!error) return [];
  const names = new Set<string>();
  for (const graphQLError of error.graphQLErrors) {
    const service = graphQLError.extensions?.serviceName;
    if (typeof service === 'string') names.add(service);
  }
  return [...names].sort();
}

/** What one query is doing, for `QueryStatus`. */
export interface QueryState {
  fetching: boolean;
  error?: CombinedError | undefined;
  /** Whether the answer has data to show (partial or whole). */
  hasData: boolean;
  /** Whether the data, once here, is empty. */
  isEmpty?: boolean;
  retry(): void;
}

/** The state of one urql query for `QueryStatus`, with a retry that goes to the network. */
export function stateOf(
  result: { fetching: boolean; error?: CombinedError | undefined; data?: unknown },
  reexecute: (options: { requestPolicy: 'network-only' }) => void,
  isEmpty = false,
): QueryState {
  return {
    fetching: result.fetching,
    error: result.error,
    hasData: Boolean(result.data),
    isEmpty,
    retry: () => reexecute({ requestPolicy: 'network-only' }),
  };
}

/**
 * Shows loading, empty and error states in words, and a notice naming the part of the graph that
 * is missing when the answer is partial (a subgraph down); renders `children` whenever there is
 * data to show.
 */
export function QueryStatus(props: { state: QueryState; children?: ComponentChildren }) {
  const { t } = useSettings();
  const { state } = props;
  const parts = missingParts(state.error).map((name) => {
    const key = partOfSubgraph[name];
    return key ? t(key) : name;
  });
  if (state.fetching && !state.hasData) {
    return (
      <output class="status" aria-live="polite">
        <span class="spinner" aria-hidden="true" /> {t('loading')}
      </output>
    );
  }
  if (!state.hasData) {
    if (state.error) {
      return (
        <div class="notice notice-error" role="alert">
          <h3>{t('errorTitle')}</h3>
          {parts.length > 0 ? (
            <p>
              {t('partMissingDetail')} <strong>{parts.join(', ')}</strong>
            </p>
          ) : (
            // Not a subgraph outage: the gateway's own words (a refusal, a limit) say why.
            <p>
              {state.error.networkError ? state.error.networkError.message : errorText(state.error)}
            </p>
          )}
          <button type="button" onClick={state.retry}>
            {t('retry')}
          </button>
        </div>
      );
    }
    return <p class="status">{t('empty')}</p>;
  }
  return (
    <>
      {state.error && (
        <div
          class="notice notice-warning"
          role="alert"
          data-missing={missingParts(state.error).join(' ')}
        >
          <strong>{t('partMissing')}.</strong> {t('partMissingDetail')}{' '}
          <strong>{parts.join(', ')}</strong>.{' '}
          <button type="button" class="link-button" onClick={state.retry}>
            {t('retry')}
          </button>
        </div>
      )}
      {state.isEmpty ? <p class="status">{t('empty')}</p> : props.children}
    </>
  );
}

function errorText(error: CombinedError): string {
  return error.graphQLErrors.map((graphQLError) => graphQLError.message).join(' ') || error.message;
}

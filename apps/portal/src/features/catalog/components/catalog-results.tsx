'use client';

import type { ReactNode } from 'react';
import { useCatalogSearch } from '../hooks/use-catalog-search';
import { type CatalogParams, type FacetKind, hasFilters } from '../lib/catalog-params';
import { emptyTitle, resultSummary } from '../lib/result-summary';
import styles from './catalog-results.module.css';
import { FacetPanel } from './facet-panel';
import { ResultsList } from './results-list';
import { ResultsSkeleton } from './results-skeleton';
import { StatusMessage } from './status-message';

interface Props {
  params: CatalogParams;
  onToggleFacet: (kind: FacetKind, value: string) => void;
  onClearFilters: () => void;
}

/** Facets beside the results, with loading, empty and error states. */
export function CatalogResults({ params, onToggleFacet, onClearFilters }: Props) {
  const search = useCatalogSearch(params);
  const filtered = hasFilters(params);

  let body: ReactNode;
  if (search.error) {
    body = (
      <StatusMessage
        tone="error"
        title="The catalog could not be loaded."
        action={{ label: 'Try again', onClick: search.retry }}
      >
        {search.error.networkError ? 'The Cairn API did not answer.' : search.error.graphQLErrors[0]?.message}
      </StatusMessage>
    );
  } else if (!search.result) {
    body = <ResultsSkeleton />;
  } else if (search.result.total === 0) {
    body = (
      <StatusMessage
        title={emptyTitle(params.q, filtered)}
        action={filtered ? { label: 'Clear filters', onClick: onClearFilters } : undefined}
      >
        {params.q.trim() ? 'Try fewer or different words.' : null}
      </StatusMessage>
    );
  } else {
    body = (
      <ResultsList
        models={search.hits.map((hit) => hit.model)}
        busy={search.fetching}
        hasNextPage={search.hasNextPage}
        loadingMore={search.loadingMore}
        loadMoreFailed={search.loadMoreFailed}
        onLoadMore={search.loadMore}
      />
    );
  }

  return (
    <div className={styles.layout}>
      <FacetPanel
        facets={search.result?.facets}
        params={params}
        onToggle={onToggleFacet}
        onClear={onClearFilters}
      />
      <section aria-labelledby="results-heading" className={styles.results}>
        <div className={styles.summaryRow}>
          <h2 id="results-heading" className={styles.heading}>
            Results
          </h2>
          <p className={styles.summary} aria-live="polite">
            {search.error
              ? ''
              : search.result && !search.fetching
                ? resultSummary(search.result.total, params.q, filtered)
                : 'Searching…'}
          </p>
        </div>
        {body}
      </section>
    </div>
  );
}

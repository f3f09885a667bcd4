'use client';

import { CatalogResults } from '../components/catalog-results';
import { SearchForm } from '../components/search-form';
import { useCatalogParams } from '../hooks/use-catalog-params';
import { clearFacets, toggleFacet } from '../lib/catalog-params';
import styles from './catalog-view.module.css';

/** The catalog: search, facet filters and results, all driven by the URL. */
export function CatalogView() {
  const { params, navigate } = useCatalogParams();
  return (
    <div className={styles.page}>
      <div className={styles.intro}>
        <h1 className={styles.title}>Model catalog</h1>
        <p className={styles.lead}>
          Every registered model, with its owner and where its latest version stands.
        </p>
      </div>
      <SearchForm query={params.q} onSearch={(q, { replace }) => navigate({ ...params, q }, { replace })} />
      <CatalogResults
        params={params}
        onToggleFacet={(kind, value) => navigate(toggleFacet(params, kind, value))}
        onClearFilters={() => navigate(clearFacets(params))}
      />
    </div>
  );
}

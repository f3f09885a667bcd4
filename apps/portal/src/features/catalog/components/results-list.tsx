import type { CatalogModel } from '../graphql/search-models';
import { ModelCard } from './model-card';
import styles from './results-list.module.css';

interface Props {
  models: CatalogModel[];
  busy: boolean;
  hasNextPage: boolean;
  loadingMore: boolean;
  loadMoreFailed: boolean;
  onLoadMore: () => void;
}

export function ResultsList({ models, busy, hasNextPage, loadingMore, loadMoreFailed, onLoadMore }: Props) {
  return (
    <>
      <ol className={`${styles.list} ${busy ? styles.busy : ''}`} aria-busy={busy}>
        {models.map((model) => (
          <li key={model.id}>
            <ModelCard model={model} />
          </li>
        ))}
      </ol>
      {loadMoreFailed ? (
        <p role="alert" className={styles.failed}>
          More results could not be loaded.
        </p>
      ) : null}
      {hasNextPage ? (
        <div className={styles.more}>
          <button
            type="button"
            className={styles.moreButton}
            onClick={onLoadMore}
            disabled={loadingMore || busy}
          >
            {loadingMore ? 'Loading…' : loadMoreFailed ? 'Try again' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}

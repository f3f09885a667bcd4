import Link from 'next/link';
import { comparePath } from '@/features/compare-versions/lib/compare-params';
import { ModelFacts } from '../components/model-facts';
import { VersionCard } from '../components/version-card';
import { type ModelDetail, VERSIONS_SHOWN } from '../graphql/model-detail';
import styles from './model-detail-view.module.css';

/** The model page: what the model is, then its versions, newest first. */
export function ModelDetailView({ model }: { model: ModelDetail }) {
  // The API answers the newest first; the order is kept even if a caller passes them otherwise.
  const versions = [...model.versions.items].sort((a, b) => b.version - a.version);
  const total = model.versions.totalCount;
  return (
    <article className={styles.page} aria-labelledby="model-title">
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href="/">Catalog</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{model.name}</span>
      </nav>
      <header className={styles.header}>
        <p className={styles.team}>{model.team.name}</p>
        <h1 id="model-title" className={styles.title}>
          {model.name}
        </h1>
        {model.description ? <p className={styles.description}>{model.description}</p> : null}
        {model.tags.length > 0 ? (
          <ul className={styles.tags} aria-label="Tags">
            {model.tags.map((tag) => (
              <li key={tag}>{tag}</li>
            ))}
          </ul>
        ) : null}
      </header>
      <ModelFacts model={model} />
      <section aria-labelledby="versions-heading" className={styles.versions}>
        <h2 id="versions-heading" className={styles.sectionTitle}>
          Versions <span className={styles.count}>({total})</span>
        </h2>
        {versions.length >= 2 ? (
          <p className={styles.none}>
            {/* The two newest, the older as the baseline; the compare page lets the user pick others. */}
            <Link href={comparePath(model.id, [versions[1]!.id, versions[0]!.id])}>Compare versions</Link>
          </p>
        ) : null}
        {total > versions.length ? (
          <p className={styles.none}>
            Showing the {VERSIONS_SHOWN} newest of {total} versions.
          </p>
        ) : null}
        {versions.length === 0 ? (
          <p className={styles.none}>This model has no versions yet.</p>
        ) : (
          <ol className={styles.versionList}>
            {versions.map((version, i) => (
              <li key={version.id}>
                <VersionCard version={version} latest={i === 0} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}

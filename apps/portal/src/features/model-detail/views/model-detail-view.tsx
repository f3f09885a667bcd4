import Link from 'next/link';
import { ModelFacts } from '../components/model-facts';
import { VersionCard } from '../components/version-card';
import type { ModelDetail } from '../graphql/model-detail';
import styles from './model-detail-view.module.css';

/** The model page: what the model is, then its versions, newest first. */
export function ModelDetailView({ model }: { model: ModelDetail }) {
  const versions = [...model.versions].sort((a, b) => b.version - a.version);
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
          Versions <span className={styles.count}>({versions.length})</span>
        </h2>
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

import Link from 'next/link';
import { comparePath } from '@/features/compare-versions/lib/compare-params';
import { VersionCard } from '@/features/model-detail/components/version-card';
import { type ModelDetail, VERSIONS_SHOWN } from '@/features/model-detail/graphql/model-detail';
import styles from './tab-view.module.css';

/** Every version, newest first: stage, flags, metrics, training data and stage history. */
export function VersionsView({ model }: { model: ModelDetail }) {
  // The API answers the newest first; the order is kept even if a caller passes them otherwise.
  const versions = [...model.versions.items].sort((a, b) => b.version - a.version);
  const total = model.versions.totalCount;
  return (
    <section aria-labelledby="versions-heading" className={styles.panel}>
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
        <ol className={styles.list}>
          {versions.map((version, i) => (
            <li key={version.id}>
              <VersionCard version={version} latest={i === 0} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

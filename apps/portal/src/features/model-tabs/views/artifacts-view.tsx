import Link from 'next/link';
import { DateTime } from '@/features/model-detail/components/date-time';
import { FileTable } from '../components/file-table';
import { FILES_SHOWN, PICKABLE_VERSIONS, type VersionArtifacts } from '../graphql/model-artifacts';
import styles from './tab-view.module.css';

/** The artifacts tab: pick a version (the latest by default), then its files and manifest digest. */
export function ArtifactsView({
  modelId,
  versions,
  totalVersions,
  shown,
}: {
  modelId: string;
  versions: { id: string; version: number }[];
  totalVersions: number;
  shown: VersionArtifacts | null;
}) {
  if (!shown) {
    return <p className={styles.none}>This model has no versions yet, so it has no artifacts.</p>;
  }
  const files = shown.files.edges.map((e) => e.node);
  const base = `/models/${encodeURIComponent(modelId)}/artifacts`;
  return (
    <div className={styles.panel}>
      <nav aria-label="Versions" className={styles.section}>
        <h2 className={styles.subTitle}>Version</h2>
        <ul className={styles.inline}>
          {versions.map((v, i) => (
            <li key={v.id}>
              <Link
                href={i === 0 ? base : `${base}?v=${encodeURIComponent(v.id)}`}
                className={styles.choice}
                aria-current={v.id === shown.id ? 'page' : undefined}
              >
                v{v.version}
                {i === 0 ? <span className="visually-hidden"> (latest)</span> : null}
              </Link>
            </li>
          ))}
        </ul>
        {totalVersions > versions.length ? (
          <p className={styles.none}>
            The {PICKABLE_VERSIONS} newest of {totalVersions} versions.
          </p>
        ) : null}
      </nav>
      <section aria-labelledby="artifacts-heading" className={styles.section}>
        <h2 id="artifacts-heading" className={styles.sectionTitle}>
          Files of version {shown.version} <span className={styles.count}>({shown.files.totalCount})</span>
        </h2>
        <dl className={styles.facts}>
          <dt>Manifest digest</dt>
          <dd>
            {shown.manifestDigest ? (
              <code className={styles.mono} data-testid="manifest-digest">
                {shown.manifestDigest}
              </code>
            ) : (
              <span className={styles.muted}>None: registered before manifests existed.</span>
            )}
          </dd>
          <dt>Registered</dt>
          <dd>
            <DateTime iso={shown.createdAt} />
          </dd>
        </dl>
        {files.length === 0 ? (
          <p className={styles.none}>Version {shown.version} was registered without files.</p>
        ) : (
          <FileTable versionId={shown.id} files={files} />
        )}
        {shown.files.totalCount > files.length ? (
          <p className={styles.none}>
            Showing the first {FILES_SHOWN} of {shown.files.totalCount} files, in path order.
          </p>
        ) : null}
      </section>
    </div>
  );
}

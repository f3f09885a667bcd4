import Link from 'next/link';
import { comparePath } from '@/features/compare-versions/lib/compare-params';
import { VersionCard } from '@/features/model-detail/components/version-card';
import { type ModelDetail, VERSIONS_SHOWN } from '@/features/model-detail/graphql/model-detail';
import { VersionPromotion } from '@/features/promotions/components/version-promotion';
import type { ModelPromotions } from '@/features/promotions/lib/load-version-promotions';
import styles from './tab-view.module.css';

/**
 * Every version, newest first: stage, flags, metrics, training data and stage history, and
 * under each its promotion requests and timeline (`promotions` is null when they could not be
 * loaded; `contributes` and `me` only decide which promotion forms show).
 */
export function VersionsView({
  model,
  promotions,
  contributes = false,
  me = null,
  notice = null,
}: {
  model: ModelDetail;
  promotions?: ModelPromotions | null;
  contributes?: boolean;
  me?: string | null;
  notice?: string | null;
}) {
  // The API answers the newest first; the order is kept even if a caller passes them otherwise.
  const versions = [...model.versions.items].sort((a, b) => b.version - a.version);
  const total = model.versions.totalCount;
  return (
    <section aria-labelledby="versions-heading" className={styles.panel}>
      <h2 id="versions-heading" className={styles.sectionTitle}>
        Versions <span className={styles.count}>({total})</span>
      </h2>
      {notice ? (
        <p role="status" className={styles.none}>
          {notice}
        </p>
      ) : null}
      {promotions === null ? (
        <p role="note" className={styles.none}>
          Promotion requests could not be loaded; reload the page to try again.
        </p>
      ) : null}
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
            <li key={version.id} id={`v-${version.id}`}>
              <VersionCard version={version} latest={i === 0}>
                {promotions?.byVersion.get(version.id) ? (
                  <VersionPromotion
                    modelId={model.id}
                    version={promotions.byVersion.get(version.id)!}
                    contributes={contributes}
                    me={me}
                  />
                ) : null}
              </VersionCard>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

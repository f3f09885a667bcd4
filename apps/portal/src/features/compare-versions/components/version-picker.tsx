import type { ModelVersionDetail } from '@/features/model-detail/graphql/model-detail';
import { MAX_COMPARED } from '../lib/compare-params';
import styles from './compare.module.css';

/**
 * A plain GET form, so the picked ids land in the URL (`?v=…&v=…`) and the page works without
 * JavaScript. Versions are listed oldest first: the first ticked is the baseline.
 */
export function VersionPicker({
  versions,
  picked,
  showAll,
}: {
  versions: Pick<ModelVersionDetail, 'id' | 'version' | 'stage'>[];
  picked: string[];
  showAll: boolean;
}) {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  return (
    <form method="get" className={styles.picker} aria-labelledby="picker-heading">
      <h2 id="picker-heading" className={styles.sectionTitle}>
        Versions to compare
      </h2>
      <p className={styles.hint}>
        Pick 2 to {MAX_COMPARED}. The oldest picked is the baseline every delta is measured against.
      </p>
      <fieldset className={styles.choices}>
        <legend className="visually-hidden">Versions</legend>
        {ordered.map((version) => (
          <label key={version.id} className={styles.choice}>
            <input type="checkbox" name="v" value={version.id} defaultChecked={picked.includes(version.id)} />
            v{version.version}
          </label>
        ))}
      </fieldset>
      <label className={styles.choice}>
        <input type="checkbox" name="all" value="1" defaultChecked={showAll} />
        Show rows where every version agrees
      </label>
      <button type="submit" className={styles.button}>
        Compare
      </button>
    </form>
  );
}

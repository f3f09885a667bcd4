import Link from 'next/link';
import { StageBadge } from '@/components/stage-badge/stage-badge';
import type { CatalogModel } from '../graphql/search-models';
import styles from './model-card.module.css';

/** One search hit: what the model is, who owns it, and where its latest version stands. */
export function ModelCard({ model }: { model: CatalogModel }) {
  const facts = [model.team.name, model.task, model.framework].filter(Boolean);
  return (
    <article className={styles.card}>
      <div className={styles.top}>
        <h3 className={styles.name}>
          <Link href={`/models/${encodeURIComponent(model.id)}`} className={styles.link}>
            {model.name}
          </Link>
        </h3>
        {model.latestVersion ? (
          <p className={styles.version}>
            <span>v{model.latestVersion.version}</span>
            <StageBadge stage={model.latestVersion.stage} />
          </p>
        ) : (
          <p className={styles.version}>No versions yet</p>
        )}
      </div>
      <p className={styles.facts}>{facts.join(' · ')}</p>
      {model.description ? <p className={styles.description}>{model.description}</p> : null}
      {model.tags.length > 0 ? (
        <ul className={styles.tags} aria-label="Tags">
          {model.tags.map((tag) => (
            <li key={tag} className={styles.tag}>
              {tag}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

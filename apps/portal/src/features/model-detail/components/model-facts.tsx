import type { ReactNode } from 'react';
import type { ModelDetail } from '../graphql/model-detail';
import { DateTime } from './date-time';
import styles from './model-facts.module.css';

/** The model's key facts as a description list. */
export function ModelFacts({
  model,
}: {
  model: Pick<ModelDetail, 'team' | 'task' | 'framework' | 'license' | 'createdBy' | 'createdAt'>;
}) {
  const rows: [string, ReactNode][] = [
    ['Team', model.team.name],
    ['Task', model.task ?? '—'],
    ['Framework', model.framework ?? '—'],
    ['License', model.license ?? '—'],
    ['Created by', model.createdBy],
    ['Created', <DateTime key="created" iso={model.createdAt} />],
  ];
  return (
    <dl className={styles.facts}>
      {rows.map(([term, value]) => (
        <div key={term} className={styles.row}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

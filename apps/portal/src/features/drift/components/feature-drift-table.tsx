import tab from '@/features/model-tabs/views/tab-view.module.css';
import type { FeatureDrift } from '../graphql/model-drift';
import { formatStatistic } from '../lib/format-drift';
import styles from './drift.module.css';

/** Features with their PSI and KS (KS only for numeric features). */
export function FeatureDriftTable({ features, caption }: { features: FeatureDrift[]; caption: string }) {
  return (
    <div className={tab.tableWrap}>
      <table className={tab.table}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col" className={tab.num}>
              PSI
            </th>
            <th scope="col" className={tab.num}>
              KS
            </th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {features.map((f) => (
            <tr key={f.feature} data-testid="drift-feature">
              <th scope="row">
                <code>{f.feature}</code>
              </th>
              <td className={tab.num}>{formatStatistic(f.psi)}</td>
              <td className={tab.num}>{formatStatistic(f.ks)}</td>
              <td className={f.drifted ? styles.drifted : undefined}>
                {f.drifted ? 'Drifted' : 'Within thresholds'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

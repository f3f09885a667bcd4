'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { activeTab, MODEL_TABS, tabPath } from '../lib/model-tabs';
import styles from './model-tab-bar.module.css';

/**
 * The model's sections as links: each is a real page, so the bar works before hydration and
 * without JavaScript. A navigation with `aria-current`, not an ARIA tablist, because these move
 * between pages rather than switching panels in place. `compareHref` carries the two newest
 * versions, so the Compare tab opens on a comparison.
 */
export function ModelTabBar({ modelId, compareHref }: { modelId: string; compareHref: string }) {
  const current = activeTab(usePathname() ?? '', modelId);
  return (
    <nav aria-label="Model sections" className={styles.bar}>
      <ul className={styles.list}>
        {MODEL_TABS.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.id === 'compare' ? compareHref : tabPath(modelId, tab)}
              className={styles.tab}
              aria-current={current === tab.id ? 'page' : undefined}
              data-testid={`tab-${tab.id}`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

'use client';

import { useState } from 'react';
import type { SearchModelsData } from '../graphql/search-models';
import { type CatalogParams, FACET_PARAMS, type FacetKind, hasFilters } from '../lib/catalog-params';
import { FacetGroup } from './facet-group';
import styles from './facet-panel.module.css';

const LEGENDS: Record<FacetKind, string> = {
  teams: 'Team',
  tasks: 'Task',
  frameworks: 'Framework',
  tags: 'Tags',
};

interface Props {
  facets: SearchModelsData['searchModels']['facets'] | undefined;
  params: CatalogParams;
  onToggle: (kind: FacetKind, value: string) => void;
  onClear: () => void;
}

/** Facet filters: a sidebar on wide screens, a collapsible panel on narrow ones. */
export function FacetPanel({ facets, params, onToggle, onClear }: Props) {
  const [open, setOpen] = useState(false);
  const active = FACET_PARAMS.reduce((n, { kind }) => n + params[kind].length, 0);
  return (
    <aside className={styles.panel} aria-labelledby="filters-heading">
      <div className={styles.header}>
        <h2 id="filters-heading" className={styles.heading}>
          Filters
        </h2>
        <button
          type="button"
          className={styles.toggle}
          aria-expanded={open}
          aria-controls="facet-groups"
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide filters' : `Show filters${active ? ` (${active})` : ''}`}
        </button>
      </div>
      <div id="facet-groups" className={`${styles.groups} ${open ? styles.open : ''}`}>
        {hasFilters(params) ? (
          <button type="button" className={styles.clear} onClick={onClear}>
            Clear all filters
          </button>
        ) : null}
        {facets &&
        FACET_PARAMS.every(({ kind }) => facets[kind].length === 0 && params[kind].length === 0) ? (
          <p className={styles.none}>Nothing to filter by in these results.</p>
        ) : null}
        {FACET_PARAMS.map(({ kind }) => (
          <FacetGroup
            key={kind}
            legend={LEGENDS[kind]}
            counts={facets?.[kind] ?? []}
            selected={params[kind]}
            onToggle={(value) => onToggle(kind, value)}
          />
        ))}
      </div>
    </aside>
  );
}

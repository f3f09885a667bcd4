'use client';

import { useState } from 'react';
import type { FacetCount } from '../graphql/search-models';
import styles from './facet-panel.module.css';

/** Longer facets show their most common values first and fold the rest away. */
const VISIBLE = 8;

interface Props {
  legend: string;
  counts: FacetCount[];
  selected: string[];
  onToggle: (value: string) => void;
}

/** One facet as a group of checkboxes. Selected values stay listed even at zero results. */
export function FacetGroup({ legend, counts, selected, onToggle }: Props) {
  const [expanded, setExpanded] = useState(false);
  const missing = selected.filter((value) => !counts.some((c) => c.value === value));
  const options = [...counts, ...missing.map((value) => ({ value, count: 0 }))];
  if (options.length === 0) return null;
  const shown = expanded ? options : options.filter((o, i) => i < VISIBLE || selected.includes(o.value));
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{legend}</legend>
      <ul className={styles.options}>
        {shown.map(({ value, count }) => {
          const id = `facet-${legend}-${value}`.replace(/[^A-Za-z0-9_-]/g, '_');
          return (
            <li key={value}>
              <input
                id={id}
                type="checkbox"
                className={styles.checkbox}
                checked={selected.includes(value)}
                onChange={() => onToggle(value)}
              />
              <label htmlFor={id} className={styles.option}>
                <span className={styles.value}>{value}</span>
                <span className={styles.count}>
                  {count}
                  <span className="visually-hidden"> models</span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {options.length > VISIBLE ? (
        <button type="button" className={styles.clear} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show fewer' : `Show all ${options.length}`}
        </button>
      ) : null}
    </fieldset>
  );
}

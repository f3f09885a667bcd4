/** One tab of the model page: a real URL below `/models/<id>`, so it can be linked and reloaded. */
export interface ModelTab {
  id: 'overview' | 'versions' | 'artifacts' | 'lineage' | 'compare' | 'aliases' | 'drift';
  label: string;
  /** The path below `/models/<id>`; empty for the overview. */
  segment: string;
}

export const MODEL_TABS: readonly ModelTab[] = [
  { id: 'overview', label: 'Overview', segment: '' },
  { id: 'versions', label: 'Versions', segment: 'versions' },
  { id: 'artifacts', label: 'Artifacts', segment: 'artifacts' },
  { id: 'lineage', label: 'Lineage', segment: 'lineage' },
  { id: 'compare', label: 'Compare', segment: 'compare' },
  { id: 'aliases', label: 'Aliases', segment: 'aliases' },
  { id: 'drift', label: 'Drift', segment: 'drift' },
];

/** `/models/<id>` or `/models/<id>/<segment>`. */
export function tabPath(modelId: string, tab: ModelTab): string {
  const base = `/models/${encodeURIComponent(modelId)}`;
  return tab.segment ? `${base}/${tab.segment}` : base;
}

/**
 * The tab a pathname belongs to, or null outside this model's pages. Deeper paths belong to
 * their tab (`/artifacts/…` is still Artifacts); the query string plays no part.
 */
export function activeTab(pathname: string, modelId: string): ModelTab['id'] | null {
  const base = `/models/${encodeURIComponent(modelId)}`;
  const path = pathname.replace(/\/+$/, '');
  if (path === base) return 'overview';
  if (!path.startsWith(`${base}/`)) return null;
  const segment = path.slice(base.length + 1).split('/')[0];
  return MODEL_TABS.find((tab) => tab.segment !== '' && tab.segment === segment)?.id ?? null;
}

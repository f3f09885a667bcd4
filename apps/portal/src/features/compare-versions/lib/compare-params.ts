export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;

const PLAUSIBLE_ID = /^[A-Za-z0-9-]{1,64}$/;

export interface CompareParams {
  /** The picked versions in URL order, the baseline first; repeats and implausible ids dropped. */
  versionIds: string[];
  /** `all=1` shows rows where every version agrees too. */
  onlyDifferences: boolean;
}

/** Reads `?v=<id>&v=<id>…&all=1`; anything else in the URL is ignored. */
export function parseCompareParams(search: Record<string, string | string[] | undefined>): CompareParams {
  const raw = search.v;
  const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((id) =>
    PLAUSIBLE_ID.test(id),
  );
  return {
    versionIds: [...new Set(ids.map((id) => id.toLowerCase()))],
    onlyDifferences: search.all !== '1',
  };
}

/** The compare page's path for these versions (and whether to show everything). */
export function comparePath(modelId: string, versionIds: readonly string[], all = false): string {
  const query = new URLSearchParams(versionIds.map((id): [string, string] => ['v', id]));
  if (all) query.set('all', '1');
  const qs = query.toString();
  return `/models/${encodeURIComponent(modelId)}/compare${qs ? `?${qs}` : ''}`;
}

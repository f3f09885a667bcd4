import { queryOrNotFound } from '@/lib/gateway/query-or-not-found';
import {
  type AliasChange,
  MODEL_ALIASES_QUERY,
  type ModelAlias,
  type ModelAliasesData,
} from '../graphql/model-aliases';

/** Cursors are opaque, but never long or odd: anything else in the URL is ignored, not sent. */
const PLAUSIBLE_CURSOR = /^[A-Za-z0-9+/=_.:-]{1,200}$/;

export function plausibleCursor(value: unknown): string | undefined {
  return typeof value === 'string' && PLAUSIBLE_CURSOR.test(value) ? value : undefined;
}

export interface AliasesTab {
  aliases: ModelAlias[];
  history: AliasChange[];
  totalChanges: number;
  olderCursor: string | null;
}

/** The aliases now and one page of their history, or null when the model is hidden. */
export async function loadAliases(id: string, after: string | undefined): Promise<AliasesTab | null> {
  const data = await queryOrNotFound<ModelAliasesData>(
    MODEL_ALIASES_QUERY,
    { id, after: after ?? null },
    `/models/${encodeURIComponent(id)}/aliases`,
    (d) => !!d.model && !!d.aliasHistory,
  );
  if (!data) return null;
  const page = data.aliasHistory;
  return {
    aliases: data.model.aliases,
    history: page.edges.map((e) => e.node),
    totalChanges: page.totalCount,
    olderCursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
  };
}

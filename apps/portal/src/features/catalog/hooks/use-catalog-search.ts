'use client';

import { useCallback, useMemo, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { PAGE_SIZE, SEARCH_MODELS, type SearchModelsData } from '../graphql/search-models';
import { type CatalogParams, searchFilters } from '../lib/catalog-params';
import { useIsClient } from './use-is-client';
import { useKeptData } from './use-kept-data';

type Result = SearchModelsData['searchModels'];

interface More {
  key: string;
  hits: Result['hits'];
  pageInfo: Result['pageInfo'] | null;
  loading: boolean;
  failed: boolean;
}

const NO_MORE: Omit<More, 'key'> = { hits: [], pageInfo: null, loading: false, failed: false };

/** The first page of results with facets, plus "load more" pages fetched with `after`. */
export function useCatalogSearch(params: CatalogParams) {
  const client = useClient();
  const variables = useMemo(
    () => ({ query: params.q.trim(), first: PAGE_SIZE, filters: searchFilters(params) }),
    [params],
  );
  const key = JSON.stringify(variables);
  const [result, reexecute] = useQuery({ query: SEARCH_MODELS, variables, pause: !useIsClient() });
  const first = useKeptData(result.data)?.searchModels;
  const [stored, setMore] = useState<More>({ key, ...NO_MORE });
  const more = stored.key === key ? stored : { key, ...NO_MORE };
  const pageInfo = more.pageInfo ?? first?.pageInfo;

  const loadMore = useCallback(async () => {
    if (!pageInfo?.endCursor) return;
    const base = { key, hits: more.hits, pageInfo: more.pageInfo };
    setMore({ ...base, loading: true, failed: false });
    const page = await client.query(SEARCH_MODELS, { ...variables, after: pageInfo.endCursor }).toPromise();
    const next = page.data?.searchModels;
    setMore((current) => {
      if (current.key !== key) return current;
      if (!next) return { ...base, loading: false, failed: true };
      return {
        key,
        hits: [...base.hits, ...next.hits],
        pageInfo: next.pageInfo,
        loading: false,
        failed: false,
      };
    });
  }, [client, key, variables, pageInfo, more.hits, more.pageInfo]);

  const retry = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);

  return {
    result: first,
    hits: first ? [...first.hits, ...more.hits] : [],
    hasNextPage: Boolean(pageInfo?.hasNextPage),
    fetching: result.fetching || result.stale,
    error: result.error,
    retry,
    loadMore,
    loadingMore: more.loading,
    loadMoreFailed: more.failed,
  };
}

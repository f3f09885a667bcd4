'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { type CatalogParams, catalogSearch, parseCatalogParams } from '../lib/catalog-params';

/**
 * The catalog state from the URL, and a way to change it. Uses the History API, which Next
 * keeps in sync with `useSearchParams`, so a change re-runs the search without a server
 * round trip; `replace` avoids one history entry per keystroke.
 */
export function useCatalogParams() {
  const search = useSearchParams();
  const fromUrl = useMemo(() => parseCatalogParams(search), [search]);
  // Next applies a pushState to useSearchParams a moment later; until then the state we asked
  // for is shown, so a checkbox ticks at once. Any URL change (ours, or the back button) wins.
  const [pending, setPending] = useState<{ base: CatalogParams; params: CatalogParams } | null>(null);
  const params = pending && pending.base === fromUrl ? pending.params : fromUrl;

  const navigate = useCallback(
    (next: CatalogParams, options: { replace?: boolean } = {}) => {
      const url = `${window.location.pathname}${catalogSearch(next)}`;
      if (url === `${window.location.pathname}${window.location.search}`) return;
      setPending({ base: fromUrl, params: next });
      if (options.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    },
    [fromUrl],
  );
  return { params, navigate };
}

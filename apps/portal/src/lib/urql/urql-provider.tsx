'use client';

import { type ReactNode, useState } from 'react';
import { Client, cacheExchange, fetchExchange, Provider } from 'urql';
import { signInPath } from '../auth/sign-in-path';

/** A 401 from `/api/graphql` means the session ended: sign in again and come back here. */
async function portalFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (res.status === 401) {
    window.location.assign(
      signInPath(`${window.location.pathname}${window.location.search}`, 'SessionExpired'),
    );
  }
  return res;
}

/**
 * urql for client components. It talks only to the portal's own `/api/graphql`, which adds
 * the access token on the server; the browser never holds a token.
 */
export function UrqlProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new Client({
        url: '/api/graphql',
        exchanges: [cacheExchange, fetchExchange],
        fetch: portalFetch,
        // The route handler accepts POST only.
        preferGetMethod: false,
      }),
  );
  return <Provider value={client}>{children}</Provider>;
}

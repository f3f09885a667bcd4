/** The parts of the issuer's discovery document the portal uses outside next-auth. */
export interface OidcMetadata {
  issuer: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

let pending: Promise<OidcMetadata> | undefined;

/** Fetches the discovery document once per process; a failed fetch is retried next time. */
export function oidcMetadata(issuer: string): Promise<OidcMetadata> {
  if (!pending) {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    pending = fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(5_000) }).then(async (res) => {
      if (!res.ok) throw new Error(`OIDC discovery failed with HTTP ${res.status}`);
      const body = (await res.json()) as Partial<OidcMetadata>;
      if (typeof body.token_endpoint !== 'string') throw new Error('OIDC discovery has no token_endpoint');
      return body as OidcMetadata;
    });
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

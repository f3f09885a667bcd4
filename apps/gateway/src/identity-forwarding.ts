import { ExpiringCache, type InternalTokenSigner, type Principal } from '@cairn/identity';

/**
 * Signs the caller's identity for each subgraph the plan calls, once per request, and reuses
 * a signature across requests for at most half its lifetime. The cache key is the whole
 * principal as signed plus the subgraph, so one caller's token can never serve another.
 */
export class IdentityForwarder {
  private readonly cache: ExpiringCache<Promise<string>>;

  constructor(
    private readonly signer: InternalTokenSigner,
    private readonly ttlSeconds: number,
    maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new ExpiringCache(maxEntries, now);
  }

  tokenFor(principal: Principal, subgraph: string): Promise<string> {
    // Everything that is signed is in the key: any difference in rights is a different token.
    const key = JSON.stringify([subgraph, principal]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const token = this.signer.sign(principal, subgraph);
    this.cache.set(key, token, this.now() + (this.ttlSeconds * 1000) / 2);
    token.catch(() => this.cache.delete(key));
    return token;
  }
}

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

  /** The principal as signed, by object: callers hand back the same object for a session. */
  private readonly serialized = new WeakMap<Principal, string>();

  tokenFor(principal: Principal, subgraph: string): Promise<string> {
    // Everything that is signed is in the key: any difference in rights is a different token.
    let signed = this.serialized.get(principal);
    if (signed === undefined) {
      signed = JSON.stringify(principal);
      this.serialized.set(principal, signed);
    }
    const key = `${subgraph}\n${signed}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const token = this.signer.sign(principal, subgraph);
    this.cache.set(key, token, this.now() + (this.ttlSeconds * 1000) / 2);
    token.catch(() => this.cache.delete(key));
    return token;
  }
}

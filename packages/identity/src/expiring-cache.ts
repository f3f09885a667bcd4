import { LRUCache } from 'lru-cache';

/**
 * A bounded cache of verified credentials and signatures: least recently used entries go first
 * when it is full, and every entry carries its own expiry, checked on each read against the
 * clock given (so tests can move time). Keys must hold everything the value was derived from:
 * a whole token, or a whole principal, never a subject alone.
 */
export class ExpiringCache<V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<string, { value: V; expiresAt: number }>;

  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache({ max: Math.max(1, maxEntries) });
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Remembers `value` until `expiresAt` (epoch ms); an entry already expired is not stored. */
  set(key: string, value: V, expiresAt: number): void {
    if (expiresAt > this.now()) this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

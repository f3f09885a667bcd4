/** next-auth splits a session cookie above this many characters into `<name>.0`, `<name>.1`… */
export const COOKIE_CHUNK_SIZE = 4096 - 163;

export interface CookieWrite {
  name: string;
  /** Empty means: delete this cookie. */
  value: string;
}

/**
 * The cookie writes that store `value` as the session cookie `name`, chunked the way
 * next-auth reads it back, plus deletions for chunks of the previous value that are no
 * longer used.
 */
export function sessionCookieWrites(name: string, value: string, existing: readonly string[]): CookieWrite[] {
  const writes: CookieWrite[] = [];
  if (value.length <= COOKIE_CHUNK_SIZE) {
    writes.push({ name, value });
  } else {
    for (let i = 0; i * COOKIE_CHUNK_SIZE < value.length; i++) {
      writes.push({
        name: `${name}.${i}`,
        value: value.slice(i * COOKIE_CHUNK_SIZE, (i + 1) * COOKIE_CHUNK_SIZE),
      });
    }
  }
  const written = new Set(writes.map((w) => w.name));
  const stale = existing.filter((n) => (n === name || n.startsWith(`${name}.`)) && !written.has(n));
  return [...writes, ...stale.map((n) => ({ name: n, value: '' }))];
}

/** A `Cookie` request header with the writes applied, for the rest of the same request. */
export function applyToCookieHeader(
  current: readonly { name: string; value: string }[],
  writes: readonly CookieWrite[],
): string {
  const byName = new Map(current.map((c) => [c.name, c.value]));
  for (const w of writes) {
    if (w.value) byName.set(w.name, w.value);
    else byName.delete(w.name);
  }
  return [...byName].map(([n, v]) => `${n}=${v}`).join('; ');
}

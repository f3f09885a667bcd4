/**
 * Only same-origin paths may be used as a place to return to after signing in. An absolute
 * URL is accepted when it points at `portalOrigin` (next-auth sometimes sends those).
 */
export function safeCallbackPath(value: unknown, portalOrigin?: string): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  let path = value;
  if (portalOrigin && /^https?:\/\//i.test(value)) {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || url.origin !== portalOrigin) return '/';
    path = `${url.pathname}${url.search}${url.hash}`;
  }
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if (path === '/signin' || path.startsWith('/signin?') || path.startsWith('/api/')) return '/';
  return path;
}

/** The portal's sign-in page, remembering where to come back to. */
export function signInPath(callbackPath: string, error?: string): string {
  const params = new URLSearchParams({ callbackUrl: safeCallbackPath(callbackPath) });
  if (error) params.set('error', error);
  return `/signin?${params.toString()}`;
}

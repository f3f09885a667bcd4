/** Refresh this long before the access token expires, so a request never carries a dying token. */
export const REFRESH_MARGIN_MS = 60_000;

/** True when the access token is missing an expiry or expires within the margin. */
export function needsRefresh(expiresAt: number | undefined, now: number = Date.now()): boolean {
  return expiresAt === undefined || now >= expiresAt - REFRESH_MARGIN_MS;
}

/**
 * Whether a state-changing request to the portal's API comes from the portal's own pages. The
 * browser sets `Origin` on every cross-origin request and on same-origin POSTs; a request from
 * another site, or one without an Origin (no browser sends a fetch POST without it), is refused,
 * so another site cannot spend the user's session (CSRF).
 */
export function isSameOrigin(origin: string | null, portalUrl: string): boolean {
  if (!origin) return false;
  try {
    return new URL(origin).origin === new URL(portalUrl).origin;
  } catch {
    return false;
  }
}

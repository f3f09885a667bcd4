const PORTAL_AUDIT_EXPORT = '/api/audit/export';
const SEQ = /^\d{1,15}$/;

/**
 * The gateway's URL for the portal's audit export (`/api/audit/export?from=&to=` →
 * `/audit/export?from=&to=`), or null for any other path. Only the two seq bounds go along,
 * and only when they are numbers: the gateway checks them too, and governance decides who may
 * read the chain.
 */
export function gatewayAuditExportUrl(portalUrl: URL, gatewayUrl: string): URL | null {
  if (portalUrl.pathname !== PORTAL_AUDIT_EXPORT) return null;
  const target = new URL('/audit/export', gatewayUrl);
  for (const name of ['from', 'to']) {
    const value = portalUrl.searchParams.get(name);
    if (value && SEQ.test(value)) target.searchParams.set(name, value);
  }
  return target;
}

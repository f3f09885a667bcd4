/** next-auth's session cookie name; the `__Secure-` prefix applies when the portal runs on https. */
export function sessionCookieName(portalUrl: string): string {
  return isSecureUrl(portalUrl) ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

export function isSecureUrl(portalUrl: string): boolean {
  return portalUrl.startsWith('https://');
}

/** How long a session lives without activity; matches the dev IdP's refresh-token lifetime. */
export const SESSION_MAX_AGE_SECONDS = 24 * 60 * 60;

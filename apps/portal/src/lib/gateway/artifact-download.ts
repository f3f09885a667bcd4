/**
 * How the portal relays a file download to the gateway's byte route
 * (`GET /artifacts/versions/<id>/files/<path>`): which URL, and which request headers go along.
 * The gateway checks the path's content and the registry decides visibility; this only keeps
 * the shape, so nothing but file downloads can be reached through the portal.
 */
const PORTAL_DOWNLOAD = /^\/api(\/artifacts\/versions\/[^/]+\/files\/.+)$/;

/** The client's partial and conditional request headers, which the gateway passes on. */
const FORWARDED = ['range', 'if-none-match'];

/** The gateway's URL for a portal download path (still percent-encoded), or null for any other path. */
export function gatewayDownloadUrl(portalPathname: string, gatewayUrl: string): URL | null {
  const match = PORTAL_DOWNLOAD.exec(portalPathname);
  return match ? new URL(match[1]!, gatewayUrl) : null;
}

/**
 * Everything the gateway gets: the token, the request id, ranges and validators. Nothing else
 * from the browser (no cookies) leaves the portal.
 */
export function downloadRequestHeaders(incoming: Headers, accessToken: string, requestId: string): Headers {
  const headers = new Headers({
    authorization: `Bearer ${accessToken}`,
    'x-request-id': requestId,
    // The bytes as stored: a compressed relay would lose the length, the ranges and the digest.
    'accept-encoding': 'identity',
  });
  for (const name of FORWARDED) {
    const value = incoming.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

/**
 * How the portal relays a file download to the gateway's byte route
 * (`GET /artifacts/versions/<id>/files/<path>`): which URL, and which headers cross each way.
 * The gateway checks the path's content and the registry decides visibility; this only keeps
 * the shape, so nothing but file downloads can be reached through the portal.
 */
const PORTAL_DOWNLOAD = /^\/api(\/artifacts\/versions\/[^/]+\/files\/.+)$/;

/** The client's conditional and partial-request headers; the gateway passes these on. */
const FORWARDED = ['range', 'if-none-match'];
/** What a browser or a resuming client needs back: sizes, ranges, validators and the file name. */
const PASSED_BACK = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
  'content-disposition',
];

/** The gateway's URL for a portal download path (still percent-encoded), or null for any other path. */
export function gatewayDownloadUrl(portalPathname: string, gatewayUrl: string): URL | null {
  const match = PORTAL_DOWNLOAD.exec(portalPathname);
  return match ? new URL(match[1]!, gatewayUrl) : null;
}

export function forwardedRequestHeaders(incoming: Headers): Record<string, string> {
  // The bytes as stored: a compressed relay would lose the length, the ranges and the digest check.
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  for (const name of FORWARDED) {
    const value = incoming.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}

export function passedBackHeaders(upstream: Headers, requestId: string): Headers {
  const headers = new Headers({
    'x-request-id': requestId,
    // Never shared, always revalidated through a session (cheap with the ETag), never re-encoded.
    'cache-control': 'private, no-cache, no-transform',
  });
  for (const name of PASSED_BACK) {
    const value = upstream.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

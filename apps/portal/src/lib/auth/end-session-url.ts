/**
 * The IdP's RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0). The IdP ends
 * its own session, then sends the browser to `postLogoutRedirectUri`, which must be
 * registered for the client.
 */
export function endSessionUrl(args: {
  endpoint: string;
  clientId: string;
  postLogoutRedirectUri: string;
  idToken?: string;
}): string {
  const url = new URL(args.endpoint);
  if (args.idToken) url.searchParams.set('id_token_hint', args.idToken);
  url.searchParams.set('client_id', args.clientId);
  url.searchParams.set('post_logout_redirect_uri', args.postLogoutRedirectUri);
  return url.toString();
}

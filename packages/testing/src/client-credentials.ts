/**
 * An access token from an OIDC issuer's token endpoint by the client-credentials grant, the way
 * a tool gets one (`cairn-dev-tool` against the dev IdP in the tests).
 */
export async function clientCredentialsToken(
  issuer: string,
  client: { clientId: string; clientSecret: string },
): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!response.ok) throw new Error(`token endpoint answered HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

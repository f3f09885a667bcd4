import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { expect, type Page } from '@playwright/test';

export const portalUrl = () => process.env.PORTAL_URL!;

/** Signs in through the dev IdP's real login form, starting from wherever the portal sent us. */
export async function signInThroughIdp(page: Page, email: string, password = 'cairn-demo') {
  await expect(page.getByRole('heading', { name: 'Sign in to the model registry' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with Cairn' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Cairn' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Registers a model through the public API as a tool would: client-credentials token, then the gateway. */
export async function registerModelThroughApi(input: Record<string, unknown>): Promise<string> {
  const tokenResponse = await fetch(`${process.env.OIDC_ISSUER}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${DEV_TOOL_CLIENT.clientId}:${DEV_TOOL_CLIENT.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(process.env.GATEWAY_URL!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      variables: { i: input },
    }),
  });
  const body = (await response.json()) as { data?: { registerModel: { id: string } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.registerModel.id;
}

/** A query or mutation through the gateway as the dev tool client, failing the test on any error. */
export async function callApiAsTool<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const tokenResponse = await fetch(`${process.env.OIDC_ISSUER}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${DEV_TOOL_CLIENT.clientId}:${DEV_TOOL_CLIENT.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(process.env.GATEWAY_URL!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** A query or mutation through the portal's GraphQL proxy, with the session of the page's user. */
export async function callApiAsSignedIn<T>(
  page: Page,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await page.request.post(`${portalUrl()}/api/graphql`, {
    data: { query, variables },
    headers: { origin: new URL(portalUrl()).origin, 'content-type': 'application/json' },
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

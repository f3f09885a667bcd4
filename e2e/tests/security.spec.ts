import { expect, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

test('pages carry a content security policy that forbids framing, and no powered-by header', async ({
  page,
}) => {
  const response = await page.goto(`${portalUrl()}/signin`);
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("object-src 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-powered-by']).toBeUndefined();
  // Served over plain HTTP here: HSTS must not be sent.
  expect(headers['strict-transport-security']).toBeUndefined();
});

test('the portal’s GraphQL proxy refuses requests from another origin, even with the user’s session', async ({
  page,
}) => {
  await page.goto(portalUrl());
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Model catalog' })).toBeVisible();
  const query = { query: '{ teams { edges { node { slug } } } }' };
  const foreign = await page.request.post(`${portalUrl()}/api/graphql`, {
    data: query,
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
  });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).errors[0].extensions.code).toBe('FORBIDDEN');
  const own = await page.request.post(`${portalUrl()}/api/graphql`, {
    data: query,
    headers: { origin: new URL(portalUrl()).origin, 'content-type': 'application/json' },
  });
  expect(own.status()).toBe(200);
  expect((await own.json()).data.teams.edges.length).toBeGreaterThan(0);
});

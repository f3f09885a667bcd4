import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

test.describe.configure({ mode: 'serial' });

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(new RegExp(`^${portalUrl()}`));
}

async function gatewayAnswer(token: string) {
  const response = await fetch(process.env.GATEWAY_URL!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ teams { edges { node { slug } } } }' }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

test('the user menu shows the caller’s teams and roles', async ({ page }) => {
  await page.goto(portalUrl());
  await signInThroughIdp(page, 'approver@demo.cairn');
  await page.getByText('approver@demo.cairn').click();
  const rights = page.getByRole('region', { name: 'Your teams and roles' });
  await expect(rights.getByRole('link', { name: 'fraud-detection' })).toBeVisible();
  await expect(rights).toContainText('viewer, approver');
});

test('a maintainer adds a member to their team and removes them again', async ({ page }) => {
  // The member signs in once, so Cairn knows them by email.
  await page.goto(portalUrl());
  await signInThroughIdp(page, 'recommender@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Model catalog' })).toBeVisible();
  await signOut(page);

  await page.goto(`${portalUrl()}/teams/fraud-detection`);
  await signInThroughIdp(page, 'maintainer@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Team fraud-detection' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Add a member' });
  await form.getByLabel('Email').fill('recommender@demo.cairn');
  await form.getByLabel('Role').selectOption('contributor');
  await form.getByRole('button', { name: 'Add member' }).click();
  const members = page.getByRole('table', { name: 'Members' });
  const row = members.getByRole('row', { name: /recommender@demo\.cairn/ });
  await expect(row).toContainText('contributor');
  await row.getByRole('button', { name: 'Remove recommender@demo.cairn' }).click();
  await expect(members.getByRole('row', { name: /recommender@demo\.cairn/ })).toHaveCount(0);
});

test('a user creates an API token, uses it, and revokes it: the next request is refused', async ({
  page,
}) => {
  await page.goto(`${portalUrl()}/settings/tokens`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  const form = page.getByRole('form', { name: 'Create a token' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByRole('status').locator('code').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^cairn_pat_[A-Za-z0-9_-]{43}$/);

  const used = await gatewayAnswer(secret);
  expect(used.status).toBe(200);
  expect(used.body.errors).toBeUndefined();

  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('revoked');

  const refused = await gatewayAnswer(secret);
  expect(refused.status).toBe(401);
});

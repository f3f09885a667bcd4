import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { portalUrl, registerModelThroughApi, signInThroughIdp } from './helpers';

test.describe.configure({ mode: 'serial' });

test('a signed-out visitor signs in through the IdP and lands on the catalog', async ({ page }) => {
  await page.goto(portalUrl());
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Model catalog' })).toBeVisible();
  await expect(page.getByText('engineer@demo.cairn')).toBeVisible();
});

test('a wrong password is refused by the IdP', async ({ page }) => {
  await page.goto(portalUrl());
  await signInThroughIdp(page, 'engineer@demo.cairn', 'not-the-password');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in to Cairn' })).toBeVisible();
});

test('search the catalog, open a model and see its versions, stages and metrics', async ({ page }) => {
  await page.goto(portalUrl());
  await signInThroughIdp(page, 'approver@demo.cairn');
  // Enter searches whether or not the page is interactive yet (the form also works without
  // JavaScript). Typing alone searches only once React has hydrated the page, which on a busy CI
  // machine took longer than this test waits; text typed before that is searched on hydration.
  await page.getByLabel('Search models').fill('fraud');
  await page.getByLabel('Search models').press('Enter');
  const result = page.getByRole('link', { name: 'card-fraud-scorer' });
  await expect(page).toHaveURL(/q=fraud/);
  await expect(result).toBeVisible();
  await result.click();

  await expect(page.getByRole('heading', { level: 1, name: 'card-fraud-scorer' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'About' })).toContainText(
    'Scores card transactions for fraud risk at authorisation time.',
  );
  await page
    .getByRole('navigation', { name: 'Model sections' })
    .getByRole('link', { name: 'Versions' })
    .click();
  const versions = page.getByRole('region', { name: /versions/i });
  await expect(versions.getByRole('article').first()).toBeVisible();
  await expect(versions.getByText(/Staging|Production|Deprecated|Archived/).first()).toBeVisible();
  await expect(versions.getByText('auc').first()).toBeVisible();
  await expect(versions.getByText('card-transactions').first()).toBeVisible();
});

test('a deep link survives signing in', async ({ page }) => {
  await page.goto(`${portalUrl()}/?q=recommend`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await signInThroughIdp(page, 'executive@demo.cairn');
  await expect(page).toHaveURL(/\?q=recommend/);
  await expect(page.getByLabel('Search models')).toHaveValue('recommend');
});

test('a model registered through the API turns up in the catalog search', async ({ page }) => {
  const name = `zeppelin-${randomBytes(3).toString('hex')}`;
  await registerModelThroughApi({
    team: 'platform',
    name,
    task: 'anomaly-detection',
    description: 'Spots unusual airship telemetry.',
  });
  await page.goto(portalUrl());
  await signInThroughIdp(page, 'admin@demo.cairn');
  // The index follows the event log within a poll interval; search again until it shows.
  await expect(async () => {
    await page.goto(`${portalUrl()}/?q=${name}`);
    await expect(page.getByRole('link', { name })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});

test('signing out ends the session at the portal and at the IdP', async ({ page }) => {
  await page.goto(portalUrl());
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Model catalog' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(new RegExp(`^${portalUrl()}`));
  await page.goto(portalUrl());
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByRole('button', { name: 'Sign in with Cairn' }).click();
  // The IdP asks for credentials again: its session ended too.
  await expect(page.getByLabel('Password')).toBeVisible();
});

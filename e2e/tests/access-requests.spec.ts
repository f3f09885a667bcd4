import { expect, type Page, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

test.describe.configure({ mode: 'serial' });

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(new RegExp(`^${portalUrl()}`));
}

test('a user asks a team for access and its maintainer grants it', async ({ page }) => {
  await page.goto(`${portalUrl()}/access-requests`);
  await signInThroughIdp(page, 'auditor@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Access', exact: true })).toBeVisible();
  const form = page.getByRole('form', { name: 'Ask for access' });
  await form.getByLabel('Team').fill('fraud-detection');
  await form.getByLabel('Role').selectOption('VIEWER');
  await form.getByLabel('Why do you need it?').fill('Reviewing the fraud models for the quarterly audit');
  await form.getByRole('button', { name: 'Ask for access' }).click();
  const mine = page.getByRole('list', { name: 'My requests' });
  await expect(mine.getByRole('listitem').first()).toContainText('Waiting for a maintainer');
  await signOut(page);

  await page.goto(`${portalUrl()}/access-requests`);
  await signInThroughIdp(page, 'maintainer@demo.cairn');
  const inbox = page.getByRole('list', { name: 'Requests to my teams' });
  const request = inbox.getByRole('listitem').filter({ hasText: 'auditor@demo.cairn' });
  await request.getByLabel('Comment').fill('Read-only, for the audit');
  await request.getByRole('button', { name: 'Grant' }).click();
  await expect(request).toContainText('Granted by maintainer@demo.cairn');
  await signOut(page);

  await page.goto(`${portalUrl()}/access-requests`);
  await signInThroughIdp(page, 'auditor@demo.cairn');
  const answered = page.getByRole('list', { name: 'My requests' }).getByRole('listitem').first();
  await expect(answered).toContainText('Granted by maintainer@demo.cairn');
  await expect(answered).toContainText('Read-only, for the audit');
});

import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

test('a person asks for a team in the portal and a platform admin approves it there', async ({ page }) => {
  const slug = `team-${randomBytes(3).toString('hex')}`;
  await page.goto(`${portalUrl()}/teams`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  const form = page.getByRole('form', { name: 'Request a team' });
  await form.getByLabel('Slug').fill(slug);
  await form.getByLabel('Name').fill('Payments risk');
  await form.getByLabel('Why do you need it?').fill('A new squad models payment risk.');
  await form.getByRole('button', { name: 'Request a team' }).click();
  await expect(page.getByText(`Your request for ${slug} is waiting for the platform admins.`)).toBeVisible();
  const mine = page
    .getByRole('list', { name: 'Team requests' })
    .getByRole('listitem')
    .filter({ hasText: slug });
  await expect(mine).toContainText('Waiting for a platform admin');
  // The requester decides nothing.
  await expect(page.getByRole('form', { name: `Decide ${slug}` })).toHaveCount(0);
  await page.context().clearCookies();

  await page.goto(`${portalUrl()}/teams`);
  await signInThroughIdp(page, 'admin@demo.cairn');
  await page
    .getByRole('form', { name: `Decide ${slug}` })
    .getByRole('button', { name: 'Approve' })
    .click();
  await expect(
    page.getByRole('list', { name: 'Team requests' }).getByRole('listitem').filter({ hasText: slug }),
  ).toContainText('Approved');
});

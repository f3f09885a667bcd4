import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

const entries = (page: Page) => page.getByRole('table', { name: 'Audit entries' });

/**
 * Opens an audit URL until its table shows `text`: the audit feeds chain events in the
 * background, so the seed's entries may land a moment after the stack is up.
 */
async function openUntilListed(page: Page, path: string, text: string) {
  await expect(async () => {
    await page.goto(`${portalUrl()}${path}`);
    await expect(entries(page)).toContainText(text, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test('an auditor sees the chain verified, filters it and exports it as JSON Lines', async ({ page }) => {
  await page.goto(`${portalUrl()}/audit`);
  await signInThroughIdp(page, 'auditor@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByTestId('chain-banner')).toContainText('Chain verified');
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }),
  ).toBeVisible();

  // The demo seed registers versions and promotes some through approved requests.
  await openUntilListed(page, '/audit?type=registry.ModelVersionCreated', 'registry.ModelVersionCreated');
  await openUntilListed(page, '/audit?type=governance.PromotionCompleted', 'governance.PromotionCompleted');

  await page.goto(`${portalUrl()}/audit`);
  const filter = page.getByRole('form', { name: 'Filter the audit log' });
  await filter.getByLabel('Source').selectOption('GOVERNANCE');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]source=GOVERNANCE/);
  await expect(filter.getByLabel('Source')).toHaveValue('GOVERNANCE');
  const sources = await entries(page).locator('tbody td[data-label="Source"]').allTextContents();
  expect(sources.length).toBeGreaterThan(0);
  expect(new Set(sources)).toEqual(new Set(['GOVERNANCE']));

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export the whole chain' }).click();
  const download = await downloading;
  const lines = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(lines[0]).toMatchObject({ kind: 'header', format: 'cairn-audit-export', version: 1, from: 1 });
  const chained = lines.filter((line) => line.kind === 'entry');
  expect(chained.length).toBeGreaterThan(0);
  expect(chained.map((line) => line.seq)).toEqual(chained.map((_, index) => index + 1));
  expect(chained.some((line) => line.type === 'governance.PromotionCompleted')).toBe(true);
});

test('the export needs a session', async ({ request }) => {
  const response = await request.get(`${portalUrl()}/api/audit/export`);
  expect(response.status()).toBe(401);
  expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
});

test('an engineer gets no audit viewer', async ({ page }) => {
  await page.goto(`${portalUrl()}/audit`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByText('You are not allowed to read the audit log.')).toBeVisible();
  await expect(entries(page)).toHaveCount(0);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }),
  ).toHaveCount(0);
  const exported = await page.request.get(`${portalUrl()}/api/audit/export`);
  expect(exported.status()).toBe(403);
});

test('the audit viewer is readable on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${portalUrl()}/audit`);
  await signInThroughIdp(page, 'auditor@demo.cairn');
  await expect(page.getByTestId('chain-banner')).toContainText('Chain verified');
  await expect(entries(page).locator('tbody tr').first()).toBeVisible();
  // Each entry is a card on a narrow screen: the page never scrolls sideways.
  const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

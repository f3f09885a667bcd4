import { randomBytes } from 'node:crypto';
import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { expect, type Page, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

test.describe.configure({ mode: 'serial' });

/** A tool's call through the gateway (client-credentials token), failing the test on any error. */
async function api<T>(query: string, variables: Record<string, unknown>): Promise<T> {
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

const pkg = (name: string, version: string) => ({ ecosystem: 'pypi', name, version });

/** A model with three versions that differ in hyperparameters, packages, card and metrics. */
async function modelToCompare() {
  const { registerModel } = await api<{ registerModel: { id: string } }>(
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    { i: { team: 'platform', name: `compared-${randomBytes(3).toString('hex')}`, task: 'classification' } },
  );
  const versions = [
    { lr: 0.1, torch: '2.2.0', use: 'Routing tickets.', auc: 0.8 },
    { lr: 0.05, torch: '2.3.1', use: 'Routing tickets.', auc: 0.85 },
    { lr: 0.05, torch: '2.3.1', use: 'Routing support tickets by queue.', auc: 0.83 },
  ];
  const ids: string[] = [];
  for (const v of versions) {
    const { createModelVersion } = await api<{ createModelVersion: { id: string } }>(
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      {
        i: {
          modelId: registerModel.id,
          hyperparameters: { learning_rate: v.lr, depth: 6 },
          provenance: { dependencies: { packages: [pkg('numpy', '1.26.4'), pkg('torch', v.torch)] } },
          card: { intendedUse: v.use },
        },
      },
    );
    await api(
      'mutation($v: ID!, $m: [MetricInput!]!) { logMetrics(modelVersionId: $v, metrics: $m) { id } }',
      { v: createModelVersion.id, m: [{ name: 'auc', value: v.auc, dataset: 'holdout' }] },
    );
    ids.push(createModelVersion.id);
  }
  return { modelId: registerModel.id, ids };
}

const section = (page: Page, name: string) => page.getByTestId(`compare-${name}`);

test('compare versions from the model page: differences per section and a chart of metric deltas', async ({
  page,
}) => {
  const { modelId, ids } = await modelToCompare();
  await page.goto(`${portalUrl()}/models/${modelId}`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await page
    .getByRole('navigation', { name: 'Model sections' })
    .getByRole('link', { name: 'Compare' })
    .click();

  // The two newest, the older as the baseline, kept in the URL.
  await expect(page).toHaveURL(new RegExp(`/compare\\?v=${ids[1]}&v=${ids[2]}$`));
  await expect(page.getByRole('heading', { level: 2, name: /Compare versions of compared-/ })).toBeVisible();
  await expect(section(page, 'metrics').getByRole('row', { name: /auc/ })).toContainText('−0.02');
  await expect(
    page.getByTestId('metric-delta-chart').locator('.recharts-bar-rectangle').first(),
  ).toBeVisible();
  await expect(section(page, 'hyperparameters')).toContainText('No differences.');
  await expect(section(page, 'card').getByRole('row', { name: /intendedUse/ })).toContainText(
    'Routing support tickets by queue.',
  );

  // Add the first version: it becomes the baseline, and the package changes show.
  await page.getByRole('checkbox', { name: 'v1' }).check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`v=${ids[0]}&v=${ids[1]}&v=${ids[2]}$`));
  const torch = section(page, 'dependencies').getByRole('row', { name: /torch/ });
  await expect(torch).toContainText('2.2.0');
  await expect(torch).toContainText('changed');
  await expect(section(page, 'dependencies').getByRole('row', { name: /numpy/ })).toHaveCount(0);
  await expect(section(page, 'hyperparameters').getByRole('row', { name: /learning_rate/ })).toContainText(
    '0.05',
  );

  // Everything, agreeing rows included.
  await page.getByRole('checkbox', { name: /every version agrees/ }).check();
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(/all=1/);
  await expect(section(page, 'dependencies').getByRole('row', { name: /numpy/ })).toBeVisible();
});

test('fewer than two versions, or versions of another model, are explained instead of compared', async ({
  page,
}) => {
  const first = await modelToCompare();
  const other = await modelToCompare();
  await page.goto(`${portalUrl()}/models/${first.modelId}/compare?v=${first.ids[0]}`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByRole('status')).toHaveText('Pick at least 2 versions to compare.');
  await expect(page.getByTestId('comparison')).toHaveCount(0);

  await page.goto(`${portalUrl()}/models/${first.modelId}/compare?v=${first.ids[0]}&v=${other.ids[0]}`);
  await expect(page.getByRole('status')).toContainText('same model');

  await page.goto(
    `${portalUrl()}/models/${first.modelId}/compare?v=${first.ids[0]}&v=00000000-0000-4000-8000-000000000000`,
  );
  await expect(page.getByRole('heading', { name: /not found/i })).toBeVisible();
});

test('the compare page is readable on a phone', async ({ page }) => {
  const { modelId, ids } = await modelToCompare();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${portalUrl()}/models/${modelId}/compare?v=${ids[0]}&v=${ids[1]}&v=${ids[2]}`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByTestId('metric-delta-chart')).toBeVisible();
  // Wide tables scroll inside their own box; the page itself never scrolls sideways.
  // The test files are type-checked without DOM types: measure through the page's own element.
  const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { expect, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

/** A tool's call through the gateway (client-credentials token), failing the test on any error. */
async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
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

interface Suggestion {
  datasets: { name: string }[];
  trainingRuns: { runId: string }[];
}

/** The demo model the seed drifted: one fraud model's production version has an open alarm. */
async function driftingDemoModel() {
  const { models } = await api<{ models: { edges: { node: { id: string; name: string } }[] } }>(
    '{ models(first: 50, team: "fraud-detection") { edges { node { id name } } } }',
  );
  for (const { node } of models.edges) {
    const { openDriftAlarms } = await api<{ openDriftAlarms: { modelVersionId: string }[] }>(
      'query($id: ID!) { openDriftAlarms(modelId: $id) { modelVersionId } }',
      { id: node.id },
    );
    const [alarm] = openDriftAlarms;
    if (!alarm) continue;
    const { modelVersion } = await api<{ modelVersion: { retrainSuggestions: Suggestion[] } }>(
      'query($id: ID!) { modelVersion(id: $id) { retrainSuggestions { datasets { name } trainingRuns { runId } } } }',
      { id: alarm.modelVersionId },
    );
    return { model: node, suggestion: modelVersion.retrainSuggestions[0]! };
  }
  throw new Error('the demo seed left no open drift alarm on a fraud-detection model');
}

test('a contributor sees the demo drift alarm, its charts and a retrain suggestion naming dataset and run', async ({
  page,
}) => {
  const { model, suggestion } = await driftingDemoModel();
  await page.goto(`${portalUrl()}/models/${model.id}`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByRole('heading', { level: 1, name: model.name })).toBeVisible();

  // The header's badge leads to the Drift tab, a real URL marked as the current section.
  await page.getByTestId('drift-badge').click();
  await expect(page).toHaveURL(new RegExp(`/models/${model.id}/drift$`));
  const tabs = page.getByRole('navigation', { name: 'Model sections' });
  await expect(tabs.getByRole('link', { name: 'Drift', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );

  const alarm = page.getByTestId('open-alarm');
  await expect(alarm).toHaveCount(1);
  const amount = alarm.getByTestId('drift-feature').filter({ hasText: 'amount' });
  await expect(amount).toContainText('Drifted');
  await expect(amount.getByRole('cell').nth(0)).toHaveText(/^\d+\.\d{3}$/); // PSI
  await expect(amount.getByRole('cell').nth(1)).toHaveText(/^\d+\.\d{3}$/); // KS
  await expect(alarm.getByRole('button', { name: 'Acknowledge' })).toBeVisible();

  // A recharts bar chart of the reference against production for the drifted feature.
  const chart = page.getByTestId('drift-chart-amount');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(chart.locator('.recharts-legend-item')).toHaveText(['Reference', 'Production']);

  const card = page.getByTestId('retrain-suggestion');
  await expect(card.getByTestId('suggested-dataset').first()).toContainText(suggestion.datasets[0]!.name);
  await expect(card.getByTestId('suggested-dataset').filter({ hasText: 'card-transactions' })).toHaveCount(1);
  await expect(card.getByTestId('suggested-run')).toContainText(suggestion.trainingRuns[0]!.runId);
  await expect(card.getByTestId('suggested-run')).toContainText(
    'git+https://git.demo.cairn/fraud-detection/',
  );
  await card.getByText('Provenance to reproduce').click();
  await expect(card.locator('pre')).toContainText('"code"');

  await expect(page.getByTestId('alarm-history')).toContainText('Open');
});

test('someone outside the team sees the alarm without the Acknowledge action', async ({ page }) => {
  const { model } = await driftingDemoModel();
  await page.goto(`${portalUrl()}/models/${model.id}/drift`);
  await signInThroughIdp(page, 'recommender@demo.cairn');
  await expect(page.getByTestId('open-alarm')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
});

import { randomBytes } from 'node:crypto';
import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { expect, type Page, test } from '@playwright/test';
import { portalUrl, signInThroughIdp } from './helpers';

test.describe.configure({ mode: 'serial' });

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

/**
 * A fraud-detection model with two DEVELOPMENT versions, registered by a pipeline (the dev tool
 * client), so neither engineer@ nor approver@ registered them. No tier set: MEDIUM, whose policy
 * for STAGING asks one approver.
 */
async function modelToPromote() {
  const name = `promoted-${randomBytes(3).toString('hex')}`;
  const { registerModel } = await api<{ registerModel: { id: string } }>(
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    { i: { team: 'fraud-detection', name, task: 'classification', visibility: 'INTERNAL', license: 'MIT' } },
  );
  const versions: string[] = [];
  for (const lr of [0.1, 0.05]) {
    const { createModelVersion } = await api<{ createModelVersion: { id: string } }>(
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      {
        i: {
          modelId: registerModel.id,
          hyperparameters: { learning_rate: lr },
          // Complete enough for the guardrails, so the approvers decide.
          card: {
            intendedUse: 'Tests.',
            outOfScopeUses: 'Anything else.',
            businessUseCases: 'Browser tests.',
            assumptions: 'None.',
            limitations: 'Synthetic.',
            ethicalConsiderations: 'No personal data.',
            evaluationSummary: 'Holdout.',
            owners: [{ name: 'Fraud team' }],
          },
          provenance: {
            code: { repositoryUrl: 'https://git.example.com/fraud/model.git', commit: 'a'.repeat(40) },
            containerImage: { digest: `sha256:${'b'.repeat(64)}` },
            datasets: [{ uri: 's3://data/holdout/', sha256: 'c'.repeat(64) }],
          },
        },
      },
    );
    versions.push(createModelVersion.id);
  }
  return { modelId: registerModel.id, name, v1: versions[0]!, v2: versions[1]! };
}

const state: { model?: Awaited<ReturnType<typeof modelToPromote>>; toApprove?: string; toReject?: string } =
  {};

/** Asks for the version's next stage from the Versions tab; answers the new request's id. */
async function requestPromotion(page: Page, versionId: string, justification: string): Promise<string> {
  const card = page.locator(`#v-${versionId}`);
  await card.getByText('Request promotion to STAGING').click();
  await card.getByLabel('Justification (for the approvers)').fill(justification);
  await card.getByRole('button', { name: 'Request STAGING' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Promotion requested' })).toBeVisible();
  const pending = page.locator(`#v-${versionId}`).getByTestId('pending-promotion');
  await expect(pending).toContainText('Waiting for approval to STAGING');
  await expect(pending).toContainText('0 of 1 approval');
  await expect(pending.getByRole('button', { name: 'Withdraw request' })).toBeVisible();
  const href = await pending.getByRole('link').getAttribute('href');
  return href!.split('/').pop()!;
}

test('an approver works the demo inbox: opens a waiting request and approves it', async ({ page }) => {
  await page.goto(`${portalUrl()}/approvals`);
  await signInThroughIdp(page, 'approver@demo.cairn');
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
  await expect(page.getByTestId('approvals-count')).toBeVisible();

  // The seed leaves requests by its pipeline waiting; each shows tier, requester and N of M.
  const item = page.getByTestId('inbox-item').filter({ hasText: 'demo-seed@demo.cairn' }).first();
  await expect(item).toBeVisible();
  await expect(item.getByTestId('risk-tier')).toHaveText(/(LOW|MEDIUM|HIGH|CRITICAL) risk/);
  await expect(item).toContainText(/0 of \d approvals?/);
  await item.getByRole('link').click();

  await expect(page.getByRole('heading', { level: 2, name: 'Evidence' })).toBeVisible();
  await expect(page.getByTestId('evidence')).toContainText('Model card');
  // The guardrails ran when the request was made: the demo versions pass every check.
  await expect(page.getByTestId('guardrails')).toContainText('Guardrails: pass');
  await expect(page.getByTestId('guardrails')).toContainText('signature');
  await expect(page.getByRole('heading', { level: 2, name: 'Against production' })).toBeVisible();
  await expect(page.getByText('No decisions yet.')).toBeVisible();
  await page.getByLabel('Comment (optional)').fill('Evaluation looks right.');
  await page.getByRole('button', { name: 'Approve' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Your approval was recorded.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Decisions' })).toContainText(
    'Approved by approver@demo.cairn',
  );
  // Either the policy is met and the request closed, or it counts one approval and waits.
  await expect(page.getByTestId('decide-hint')).toContainText(/approved by|already decided/);
  await expect(page.getByTestId('progress')).toContainText(/^1 of \d approvals?/);
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
});

test('a contributor requests promotion from the model page; not an approver, they cannot decide it', async ({
  page,
}) => {
  state.model = await modelToPromote();
  const { modelId, v1, v2 } = state.model;
  await page.goto(`${portalUrl()}/models/${modelId}/versions`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  await expect(page.getByTestId('risk-tier')).toHaveText('MEDIUM risk');

  state.toApprove = await requestPromotion(page, v2, 'Holdout AUC up two points.');
  state.toReject = await requestPromotion(page, v1, 'The baseline, for comparison.');

  // engineer@ approves for no team: an empty inbox, and the request offers no buttons.
  await page.goto(`${portalUrl()}/approvals`);
  await expect(page.getByTestId('inbox-empty')).toContainText('you are not an approver');
  await page.goto(`${portalUrl()}/approvals/${state.toApprove}`);
  await expect(page.getByTestId('decide-hint')).toHaveText(
    'Only approvers of team fraud-detection decide this request.',
  );
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reject' })).toHaveCount(0);
});

test('the approver sees the new requests, approves one (the version moves) and rejects the other', async ({
  page,
}) => {
  const { name } = state.model!;
  await page.goto(`${portalUrl()}/approvals`);
  await signInThroughIdp(page, 'approver@demo.cairn');
  const item = page.getByTestId('inbox-item').filter({ hasText: `${name} v2 → STAGING` });
  await expect(item).toContainText('requested by engineer@demo.cairn');
  await expect(item).toContainText('Holdout AUC up two points.');
  await item.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/approvals/${state.toApprove}$`));
  await page.getByRole('button', { name: 'Approve' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Your approval was recorded.' })).toBeVisible();
  await expect(page.getByTestId('progress')).toHaveText('1 of 1 approval; the policy is met');
  await expect(page.getByTestId('decide-hint')).toContainText('This request is approved');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Staging');

  await page.goto(`${portalUrl()}/approvals/${state.toReject}`);
  // A reason is required: the browser will not send the form without one.
  await page.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You rejected' })).toHaveCount(0);
  await page.getByLabel('Reason (required, shown to the requester)').fill('Compare against v2 instead.');
  await page.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You rejected the request' })).toBeVisible();
  await expect(page.getByTestId('decide-hint')).toHaveText(
    'This request is rejected by approver@demo.cairn: Compare against v2 instead.',
  );

  await page.goto(`${portalUrl()}/approvals`);
  await expect(page.getByTestId('inbox-item').filter({ hasText: name })).toHaveCount(0);
});

test('the requester reads each version’s promotion timeline and cannot change the risk tier', async ({
  page,
}) => {
  const { modelId, v1, v2 } = state.model!;
  await page.goto(`${portalUrl()}/models/${modelId}/versions`);
  await signInThroughIdp(page, 'engineer@demo.cairn');

  const approved = page.locator(`#v-${v2}`).getByTestId('promotion-timeline');
  await approved.getByText(/Promotion timeline/).click();
  await expect(approved).toContainText('engineer@demo.cairn requested STAGING (MEDIUM risk)');
  await expect(approved).toContainText('approver@demo.cairn approved');
  await expect(approved).toContainText('Request for STAGING approved');
  await expect(approved).toContainText(/Development\s*→\s*Staging/);
  // Now in STAGING, the next step is PRODUCTION.
  await expect(page.locator(`#v-${v2}`).getByText('Request promotion to PRODUCTION')).toBeVisible();

  const rejected = page.locator(`#v-${v1}`).getByTestId('promotion-timeline');
  await rejected.getByText(/Promotion timeline/).click();
  await expect(rejected).toContainText('approver@demo.cairn rejected: “Compare against v2 instead.”');
  await expect(page.locator(`#v-${v1}`).getByText('Request promotion to STAGING')).toBeVisible();

  // engineer@ contributes but does not maintain: no tier form.
  await page.goto(`${portalUrl()}/models/${modelId}`);
  await expect(page.getByTestId('governance')).toContainText('Never set: MEDIUM by default.');
  await expect(page.getByRole('form', { name: 'Change the risk tier' })).toHaveCount(0);
});

test('a maintainer changes the risk tier with a reason; the header shows it', async ({ page }) => {
  const { modelId } = state.model!;
  await page.goto(`${portalUrl()}/models/${modelId}`);
  await signInThroughIdp(page, 'maintainer@demo.cairn');
  const form = page.getByRole('form', { name: 'Change the risk tier' });
  await form.getByLabel('Risk tier').selectOption('HIGH');
  await form.getByLabel('Reason (recorded with the change)').fill('Now decides on card payments.');
  await form.getByRole('button', { name: 'Change risk tier' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The risk tier was changed' })).toBeVisible();
  // The header's badge comes first; the Governance section repeats it.
  await expect(page.getByTestId('risk-tier').first()).toHaveText('HIGH risk');
  await expect(page.getByRole('list', { name: 'Risk tier changes' })).toContainText(
    'HIGH by maintainer@demo.cairn: Now decides on card payments.',
  );
});

test('a maintainer rolls back PRODUCTION from the model page; a contributor is not offered it', async ({
  page,
}) => {
  type Node = {
    id: string;
    name: string;
    rollouts: { id: string }[];
    versions: { edges: { node: { id: string; version: number; stage: string } }[] };
  };
  const { models } = await api<{ models: { edges: { node: Node }[] } }>(
    '{ models(first: 20, team: "recommendations") { edges { node { id name rollouts { id } versions(first: 20) { edges { node { id version stage } } } } } } }',
  );
  const stagesOf = (m: Node) => m.versions.edges.map((e) => e.node.stage);
  // A demo model whose PRODUCTION version replaced an earlier approved one (and no demo canary).
  const model = models.edges
    .map((e) => e.node)
    .find(
      (m) =>
        m.rollouts.length === 0 && stagesOf(m).includes('PRODUCTION') && stagesOf(m).includes('DEPRECATED'),
    );
  expect(model, 'the demo has a model with a production history').toBeDefined();
  const production = model!.versions.edges.find((e) => e.node.stage === 'PRODUCTION')!.node;

  await page.goto(`${portalUrl()}/models/${model!.id}`);
  await signInThroughIdp(page, 'recommender@demo.cairn');
  await expect(page.getByTestId('governance')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Roll back production' })).toHaveCount(0);
  await page.context().clearCookies();

  await page.goto(`${portalUrl()}/models/${model!.id}`);
  await signInThroughIdp(page, 'maintainer@demo.cairn');
  const form = page.getByRole('form', { name: 'Roll back production' });
  await expect(form).toContainText(`Version ${production.version} is in PRODUCTION`);
  await form.getByLabel('Reason (recorded, signed and announced)').fill('Canary error rate doubled.');
  await form.getByRole('button', { name: 'Roll back production' }).click();
  // The tier's policy decides: at once, or a request the approvers see.
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /PRODUCTION was rolled back|The policy asks approval for a rollback/ }),
  ).toBeVisible();
  if (page.url().includes('/approvals/')) {
    await expect(page.getByText('Canary error rate doubled.').first()).toBeVisible();
  } else {
    await page.goto(`${portalUrl()}/models/${model!.id}/versions`);
    await expect(page.locator(`#v-${production.id}`)).toContainText(/Deprecated/i);
  }
});

test('lowering the risk tier waits for an approver of the team, who approves it', async ({ page }) => {
  const { modelId } = state.model!;
  await page.goto(`${portalUrl()}/models/${modelId}`);
  await signInThroughIdp(page, 'maintainer@demo.cairn');
  const form = page.getByRole('form', { name: 'Change the risk tier' });
  await form.getByLabel('Risk tier').selectOption('LOW');
  await form.getByLabel('Reason (recorded with the change)').fill('Only internal dashboards use it now.');
  await form.getByRole('button', { name: 'Change risk tier' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'waits for an approver' })).toBeVisible();
  const pending = page.getByRole('region', { name: 'Risk tier change waiting for approval' });
  await expect(pending).toContainText('asks to lower the tier from HIGH to LOW');
  // The maintainer asked; they are no approver, so they cannot decide it.
  await expect(pending.getByRole('button', { name: 'Approve LOW' })).toHaveCount(0);
  await expect(page.getByTestId('risk-tier').first()).toHaveText('HIGH risk');
  await page.context().clearCookies();

  await page.goto(`${portalUrl()}/models/${modelId}`);
  await signInThroughIdp(page, 'approver@demo.cairn');
  await page
    .getByRole('region', { name: 'Risk tier change waiting for approval' })
    .getByRole('button', { name: 'Approve LOW' })
    .click();
  await expect(
    page.getByRole('status').filter({ hasText: 'You approved the lower risk tier' }),
  ).toBeVisible();
  await expect(page.getByTestId('risk-tier').first()).toHaveText('LOW risk');
  await expect(page.getByRole('list', { name: 'Risk tier changes' })).toContainText(
    'HIGH → LOW by maintainer@demo.cairn: Only internal dashboards use it now.',
  );
});

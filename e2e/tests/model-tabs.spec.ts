import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DEV_TOOL_CLIENT } from '@cairn/dev-idp';
import { DEMO_DATASETS_BY_TEAM, DEMO_MODELS, PRIVATE_DEMO_MODELS } from '@cairn/stack';
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

interface ListedModel {
  id: string;
  name: string;
  versions: { edges: { node: { id: string; version: number } }[] };
}

async function demoModels(): Promise<ListedModel[]> {
  const { models } = await api<{ models: { edges: { node: ListedModel }[] } }>(
    '{ models(first: 100) { edges { node { id name versions(first: 5) { edges { node { id version } } } } } } }',
  );
  return models.edges.map((e) => e.node);
}

/**
 * A demo model everyone signed in may see, with at least two versions (each has two files, a
 * card, provenance and a training run), and an alias of this run's own that was set on the
 * older version and then moved to the newest: two rows of history.
 */
async function demoModelWithAlias() {
  const model = (await demoModels()).find(
    (m) => !PRIVATE_DEMO_MODELS.has(m.name) && m.versions.edges.length >= 2,
  );
  expect(model, 'the demo catalog has a visible model with two versions').toBeDefined();
  const spec = DEMO_MODELS.find((s) => s.name === model!.name)!;
  const [newest, older] = model!.versions.edges.map((e) => e.node);
  const alias = `e2e-${randomBytes(3).toString('hex')}`;
  const set = 'mutation($i: SetModelAliasInput!) { setModelAlias(input: $i) { name } }';
  await api(set, { i: { modelId: model!.id, alias, versionId: older!.id, reason: 'First candidate' } });
  await api(set, {
    i: { modelId: model!.id, alias, versionId: newest!.id, reason: 'Promoted after review' },
  });
  return { model: model!, spec, newest: newest!, older: older!, alias };
}

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Model sections' });

async function openTab(page: Page, label: string, path: RegExp) {
  await tabs(page).getByRole('link', { name: label, exact: true }).click();
  await expect(page).toHaveURL(path);
  await expect(tabs(page).getByRole('link', { name: label, exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
}

test('every tab of a demo model shows its real content, and a file downloads through the portal intact', async ({
  page,
}) => {
  const { model, spec, newest, older, alias } = await demoModelWithAlias();
  await page.goto(`${portalUrl()}/models/${model.id}`);
  await signInThroughIdp(page, 'engineer@demo.cairn');

  // Overview: the description, the facts and the latest version's card, section by section.
  await expect(page.getByRole('heading', { level: 1, name: model.name })).toBeVisible();
  await expect(tabs(page).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: 'About' })).toContainText(spec.description);
  await expect(page.getByTestId('card-intendedUse')).toContainText(spec.description);
  await expect(page.getByTestId('card-outOfScopeUses')).toContainText('Decisions about individuals');
  await expect(page.getByTestId('card-owners')).toContainText(`${spec.team}@demo.cairn`);
  await expect(page.getByTestId('card-completeness')).toContainText('Complete');

  // Versions: one card per version, with stages and metrics.
  await openTab(page, 'Versions', new RegExp(`/models/${model.id}/versions$`));
  const versions = page.getByRole('region', { name: /versions/i });
  await expect(
    versions.getByRole('heading', { level: 3, name: new RegExp(`^Version ${newest.version}`) }),
  ).toBeVisible();
  await expect(versions.getByText(spec.metric).first()).toBeVisible();

  // Artifacts: the latest version's two files with full digests and the manifest digest.
  await openTab(page, 'Artifacts', new RegExp(`/models/${model.id}/artifacts$`));
  await expect(
    page.getByRole('heading', { name: new RegExp(`Files of version ${newest.version}`) }),
  ).toBeVisible();
  await expect(page.getByTestId('manifest-digest')).toHaveText(/^sha256:[0-9a-f]{64}$/);
  const config = page.getByTestId('artifact-file').filter({ hasText: 'config.json' });
  const digest = (await config.getByTestId('artifact-digest').textContent())!.trim();
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  await expect(page.getByTestId('artifact-file')).toHaveCount(2);

  // The download goes through the portal's own route with the session, and its bytes match.
  const downloading = page.waitForEvent('download');
  await config.getByRole('link', { name: /Download/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('config.json');
  const bytes = await readFile((await download.path())!);
  expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(digest);

  // Streamed with its length, validator and name; ranges pass through; no session, no bytes.
  const href = (await config.getByRole('link', { name: /Download/ }).getAttribute('href'))!;
  expect(href).toMatch(/^\/api\/artifacts\/versions\/[0-9a-f-]+\/files\/config\.json$/);
  const whole = await page.request.get(`${portalUrl()}${href}`);
  expect(whole.status()).toBe(200);
  expect(whole.headers()['content-length']).toBe(String(bytes.length));
  expect(whole.headers().etag).toContain(digest.slice('sha256:'.length));
  expect(whole.headers()['content-disposition']).toContain('config.json');
  const part = await page.request.get(`${portalUrl()}${href}`, { headers: { range: 'bytes=0-9' } });
  expect(part.status()).toBe(206);
  expect(Buffer.from(await part.body()).equals(bytes.subarray(0, 10))).toBe(true);
  const anonymous = await fetch(`${portalUrl()}${href}`);
  expect(anonymous.status).toBe(401);

  // Another version is one link away, in the URL.
  await page
    .getByRole('navigation', { name: 'Versions' })
    .getByRole('link', { name: `v${older.version}`, exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`/artifacts\\?v=${older.id}$`));
  await expect(
    page.getByRole('heading', { name: new RegExp(`Files of version ${older.version}`) }),
  ).toBeVisible();
  await expect(page.getByTestId('artifact-file')).toHaveCount(2);

  // Lineage: the team's data upstream and the runs that read it.
  await openTab(page, 'Lineage', new RegExp(`/models/${model.id}/lineage$`));
  const dataset = DEMO_DATASETS_BY_TEAM[spec.team]![0]!;
  await expect(page.getByTestId('lineage-datasets')).toContainText(dataset.name);
  await expect(page.getByTestId('lineage-datasets')).toContainText(dataset.uri);
  await expect(page.getByTestId('lineage-runs')).toContainText(
    `git+https://git.demo.cairn/${spec.team}/${spec.name}@`,
  );

  // Aliases: the alias now, and both changes with who, from, to and why.
  await openTab(page, 'Aliases', new RegExp(`/models/${model.id}/aliases$`));
  await expect(page.getByTestId('alias-row').filter({ hasText: alias })).toContainText(`v${newest.version}`);
  const changes = page.getByTestId('alias-change').filter({ hasText: alias });
  await expect(changes).toHaveCount(2);
  const moved = changes.filter({ hasText: 'Promoted after review' });
  await expect(moved).toContainText('Moved');
  await expect(moved).toContainText(`v${older.version}`);
  await expect(moved).toContainText(`v${newest.version}`);
  await expect(changes.filter({ hasText: 'First candidate' })).toContainText('Set');

  // Compare: the existing comparison, now a tab, opened on the two newest versions.
  await openTab(page, 'Compare', new RegExp(`/models/${model.id}/compare\\?v=${older.id}&v=${newest.id}$`));
  await expect(
    page.getByRole('heading', { level: 2, name: `Compare versions of ${model.name}` }),
  ).toBeVisible();
});

test('the tabs are readable on a phone', async ({ page }) => {
  const { model } = await demoModelWithAlias();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${portalUrl()}/models/${model.id}/artifacts`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  for (const path of ['', '/versions', '/artifacts', '/lineage', '/aliases', '/drift']) {
    await page.goto(`${portalUrl()}/models/${model.id}${path}`);
    await expect(page.getByRole('heading', { level: 1, name: model.name })).toBeVisible();
    // Wide tables and the tab bar scroll inside their own boxes; the page never scrolls sideways.
    const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
    expect(overflow, `sideways overflow on ${path || 'the overview'}`).toBeLessThanOrEqual(0);
  }
  // The main navigation stays reachable on a phone, in a row of its own.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Insights' })).toBeVisible();
  await nav.getByRole('link', { name: 'Catalog' }).click();
  await expect(page).toHaveURL(`${portalUrl()}/`);
});

test('a private model is not found on any tab for someone outside its team', async ({ page }) => {
  const hidden = (await demoModels()).find((m) => m.name === 'synthetic-identity-graph')!;
  expect(hidden).toBeDefined();
  await page.goto(`${portalUrl()}/models/${hidden.id}/artifacts`);
  await signInThroughIdp(page, 'recommender@demo.cairn');
  await expect(page.getByRole('heading', { name: 'Model not found' })).toBeVisible();
  for (const path of ['', '/versions', '/lineage', '/aliases', '/drift']) {
    const response = await page.goto(`${portalUrl()}/models/${hidden.id}${path}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Model not found' })).toBeVisible();
    await expect(page.getByText('synthetic-identity-graph')).toHaveCount(0);
  }
  // Its files are refused too, by the gateway, through the portal's download route.
  const versionId = hidden.versions.edges[0]!.node.id;
  const file = await page.request.get(`${portalUrl()}/api/artifacts/versions/${versionId}/files/config.json`);
  expect(file.status()).toBe(404);
});

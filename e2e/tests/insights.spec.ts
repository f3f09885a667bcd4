import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEMO_HISTORY_SOURCE, demoHistoryModelNames, PRIVATE_DEMO_MODELS } from '@cairn/stack';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { callApiAsSignedIn, callApiAsTool, portalUrl, signInThroughIdp } from './helpers';

test.describe.configure({ mode: 'serial' });

interface ProductionModel {
  name: string;
  visibility: 'PRIVATE' | 'INTERNAL';
  productionVersionId: string;
}

/**
 * fraud-detection's production models, as its contributor (the dev tool client) sees them:
 * private ones included. The executive is a member of no team, so sees none of the private ones.
 */
async function fraudDetectionProductionModels(): Promise<ProductionModel[]> {
  const { models } = await callApiAsTool<{
    models: {
      edges: {
        node: {
          name: string;
          visibility: ProductionModel['visibility'];
          versions: { edges: { node: { id: string; stage: string } }[] };
        };
      }[];
    };
  }>(
    `{ models(team: "fraud-detection", first: 50) { edges { node {
        name visibility versions(first: 20) { edges { node { id stage } } } } } } }`,
  );
  return models.edges.flatMap(({ node }) => {
    const production = node.versions.edges.find((edge) => edge.node.stage === 'PRODUCTION');
    return production
      ? [{ name: node.name, visibility: node.visibility, productionVersionId: production.node.id }]
      : [];
  });
}

async function signedIn(browser: Browser, email: string, path = '/'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${portalUrl()}${path}`);
  await signInThroughIdp(page, email);
  return page;
}

const LEGAL_HOLD = 'mutation($v: ID!, $r: String!) { placeLegalHold(versionId: $v, reason: $r) { id } }';
const RELEASE = 'mutation($v: ID!, $r: String!) { releaseLegalHold(versionId: $v, reason: $r) { id } }';

const REQUEST_TEAM = 'mutation($input: RequestTeamInput!) { requestTeam(input: $input) { id } }';
const REJECT_TEAM_REQUEST =
  'mutation($input: RejectTeamRequestInput!) { rejectTeamRequest(input: $input) { id } }';
const OPEN_TEAM_REQUESTS = '{ insights { teamRequests { open } } }';

const tile = (page: Page, testId: string) => page.getByTestId(testId).locator('dd');
const figure = (page: Page, testId: string, label: string) =>
  page
    .getByTestId(testId)
    .locator('div')
    .filter({ has: page.getByText(label, { exact: true }) })
    .locator('dd');

test('an executive sees the dashboards, filters by team, exports CSV and no private model names', async ({
  page,
  browser,
}) => {
  // The demo catalog carries no risk flags: a platform admin puts one internal and one private
  // production model of fraud-detection under legal hold, so both lists have something in them.
  const production = await fraudDetectionProductionModels();
  const hidden = production.find((m) => m.visibility === 'PRIVATE');
  const shown = production.find((m) => m.visibility === 'INTERNAL');
  expect(hidden, 'the demo has a private production model in fraud-detection').toBeDefined();
  expect(shown, 'the demo has an internal production model in fraud-detection').toBeDefined();
  const admin = await signedIn(browser, 'admin@demo.cairn');
  await expect(admin.getByRole('heading', { name: 'Model catalog' })).toBeVisible();
  for (const model of [hidden!, shown!]) {
    await callApiAsSignedIn(admin, LEGAL_HOLD, { v: model.productionVersionId, r: 'e2e: insights' });
  }
  // The executive asks for a team too: the dashboards count it, and never show its slug.
  const requestedSlug = `insights-${randomBytes(3).toString('hex')}`;
  let teamRequestId: string | undefined;
  try {
    await page.goto(`${portalUrl()}/insights`);
    await signInThroughIdp(page, 'executive@demo.cairn');
    await expect(page.getByRole('heading', { level: 1, name: 'Insights' })).toBeVisible();
    const before = await callApiAsSignedIn<{ insights: { teamRequests: { open: number } } }>(
      page,
      OPEN_TEAM_REQUESTS,
    );
    const { requestTeam } = await callApiAsSignedIn<{ requestTeam: { id: string } }>(page, REQUEST_TEAM, {
      input: { slug: requestedSlug, name: 'Insights e2e', justification: 'e2e: counted in the insights' },
    });
    teamRequestId = requestTeam.id;
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }),
    ).toBeVisible();
    // The insights consumers apply the holds a poll interval later.
    const topRisks = page.getByRole('table', { name: 'Top risks' });
    await expect(async () => {
      await page.reload();
      await expect(topRisks).toContainText(shown!.name, { timeout: 1_000 });
      await expect(page.getByTestId('hidden-risks')).toBeVisible({ timeout: 1_000 });
      await expect(figure(page, 'team-request-figures', 'Open now')).toHaveText(
        String(before.insights.teamRequests.open + 1),
        { timeout: 1_000 },
      );
    }).toPass({ timeout: 30_000 });

    // Charts drawn from the demo's registrations, promotions and production models.
    for (const chart of [
      'adoption-trend-chart',
      'share-chart',
      'promotion-trend-chart',
      'lead-time-chart',
      'lead-time-distribution-chart',
      'risk-tier-chart',
      'risk-flags-chart',
      'team-risk-chart',
      'team-request-trend-chart',
    ]) {
      await expect(page.getByTestId(chart).locator('svg.recharts-surface').first()).toBeVisible();
    }
    await expect(page.getByTestId('adoption-trend-chart').locator('.recharts-line').first()).toBeVisible();
    const allVersions = Number(await tile(page, 'kpi-versions').textContent());
    expect(allVersions).toBeGreaterThan(0);
    await expect(topRisks.getByRole('link', { name: shown!.name })).toHaveAttribute('href', /^\/models\//);
    await expect(page.getByTestId('hidden-risks')).toHaveText(/^\d+ more risks? in models you cannot see\.$/);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain(hidden!.name);
    for (const name of PRIVATE_DEMO_MODELS) expect(body).not.toContain(name);
    expect(body).not.toContain(requestedSlug);
    // The months before Cairn were imported (demo-history.ts): said so, counted, never named.
    await expect(page.getByTestId('insights-imported-history')).toContainText(
      new RegExp(`\\d+ versions and \\d+ promotions from ${DEMO_HISTORY_SOURCE}`),
    );
    for (const name of demoHistoryModelNames()) expect(body).not.toContain(name);

    // The team filter goes into the URL, and the figures follow it.
    const filter = page.getByRole('form', { name: 'Filter the insights' });
    await filter.getByLabel('Team').selectOption('search-ranking');
    await filter.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]team=search-ranking/);
    await expect(page.getByTestId('insights-scope')).toContainText('search-ranking');
    await expect(filter.getByLabel('Team')).toHaveValue('search-ranking');
    const teamVersions = Number(await tile(page, 'kpi-versions').textContent());
    expect(teamVersions).toBeGreaterThan(0);
    expect(teamVersions).toBeLessThan(allVersions);
    const url = new URL(page.url());
    const from = url.searchParams.get('from');
    const to = url.searchParams.get('to');
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The link reproduces the view.
    await page.goto(page.url());
    await expect(tile(page, 'kpi-versions')).toHaveText(String(teamVersions));

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`cairn-insights_${from}_${to}_search-ranking.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,subject,measure,value');
    expect(lines).toContain('filter,team,team,search-ranking');
    expect(lines).toContain(`adoption,all,versionsRegistered,${teamVersions}`);

    // Back to every team: the export names no private model either.
    await filter.getByLabel('Team').selectOption('');
    await filter.getByRole('button', { name: 'Apply' }).click();
    await expect(page).not.toHaveURL(/[?&]team=/);
    const everyTeam = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const all = readFileSync((await (await everyTeam).path())!, 'utf8');
    expect(all).toContain(`fraud-detection/${shown!.name}`);
    expect(all).not.toContain(hidden!.name);
    expect(all).toMatch(/\r\nrisk_posture,all,hiddenRisks,[1-9]\d*\r\n/);
    expect(all).toMatch(/\r\nteam_requests,all,open,[1-9]\d*\r\n/);
    expect(all).toMatch(/\r\nweek,\d{4}-\d{2}-\d{2},teamRequestsMade,[1-9]\d*\r\n/);
    expect(all).not.toContain(requestedSlug);
    // The default 90 days hold the imported months: most weeks registered versions, and
    // promotions took days, not the seconds the seed's own took.
    const busyWeeks = all.match(/\r\nweek,\d{4}-\d{2}-\d{2},versionsRegistered,[1-9]\d*\r\n/g) ?? [];
    expect(busyWeeks.length).toBeGreaterThanOrEqual(8);
    expect(Number(all.match(/\r\nlead_time,registrationToLive,p50Hours,([\d.]+)\r\n/)?.[1])).toBeGreaterThan(
      24,
    );
    expect(all).toMatch(new RegExp(`\\r\\nimported_history,${DEMO_HISTORY_SOURCE},versions,[1-9]\\d*\\r\\n`));
    for (const name of demoHistoryModelNames()) expect(all).not.toContain(name);
  } finally {
    if (teamRequestId) {
      await callApiAsSignedIn(admin, REJECT_TEAM_REQUEST, {
        input: { id: teamRequestId, reason: 'e2e: done' },
      });
    }
    for (const model of [hidden!, shown!]) {
      await callApiAsSignedIn(admin, RELEASE, { v: model.productionVersionId, r: 'e2e: done' });
    }
  }
});

test('a team member sees only their own teams', async ({ page }) => {
  await page.goto(`${portalUrl()}/insights`);
  await signInThroughIdp(page, 'engineer@demo.cairn');
  const team = page.getByRole('form', { name: 'Filter the insights' }).getByLabel('Team');
  await expect(team.locator('option')).toHaveText(['All teams', 'fraud-detection']);
  await page.goto(`${portalUrl()}/insights?team=search-ranking`);
  // Another team's name is NOT_FOUND, as an unknown one is: the page says so in words.
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'There is no team “search-ranking” among the teams you can see.' }),
  ).toBeVisible();
});

test('the dashboards are readable on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${portalUrl()}/insights`);
  await signInThroughIdp(page, 'executive@demo.cairn');
  await expect(
    page.getByTestId('adoption-trend-chart').locator('svg.recharts-surface').first(),
  ).toBeVisible();
  await expect(page.getByTestId('team-risk-chart').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
  // Charts follow the screen's width and tables become cards: the page never scrolls sideways.
  const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

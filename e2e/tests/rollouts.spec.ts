import { expect, test } from '@playwright/test';
import { callApiAsTool, portalUrl, signInThroughIdp } from './helpers';

type Model = { id: string; name: string; rollouts: { status: string; trafficPercent: number }[] };

/** The demo's two canaries: one advancing, one that Cairn rolled back on its own. */
async function demoRollouts() {
  const models: Model[] = [];
  let after: string | null = null;
  for (;;) {
    const page: {
      models: { edges: { node: Model }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    } = await callApiAsTool(
      'query($after: String) { models(first: 50, after: $after) { edges { node { id name rollouts { status trafficPercent } } } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    models.push(...page.models.edges.map((e) => e.node));
    if (!page.models.pageInfo.hasNextPage) break;
    after = page.models.pageInfo.endCursor;
  }
  const withStatus = (status: string) => models.find((m) => m.rollouts.some((r) => r.status === status));
  return { advancing: withStatus('IN_PROGRESS'), rolledBack: withStatus('ROLLED_BACK') };
}

test('the model page shows a canary in progress and one rolled back automatically, window by window', async ({
  page,
}) => {
  const { advancing, rolledBack } = await demoRollouts();
  expect(advancing, 'the demo has a canary in progress').toBeDefined();
  expect(rolledBack, 'the demo has a canary rolled back').toBeDefined();

  await page.goto(`${portalUrl()}/models/${advancing!.id}`);
  await signInThroughIdp(page, 'admin@demo.cairn');
  const section = page.getByTestId('rollouts');
  await expect(section.getByRole('heading', { level: 3 }).first()).toContainText('50 % of traffic');
  await expect(section.getByRole('table', { name: 'Reported windows' }).getByRole('row')).toHaveCount(3);
  await expect(section.getByRole('list', { name: 'Rollout decisions' })).toContainText(
    'advanced 25 % → 50 % automatically',
  );

  await page.goto(`${portalUrl()}/models/${rolledBack!.id}`);
  const failed = page.getByTestId('rollouts');
  await expect(failed.getByRole('heading', { level: 3 }).first()).toContainText('rolled back automatically');
  await expect(failed.getByRole('table', { name: 'Reported windows' })).toContainText('FAIL');
  await expect(failed.getByRole('list', { name: 'Rollout decisions' })).toContainText(
    'rolled back 5 % → 0 % automatically',
  );
});

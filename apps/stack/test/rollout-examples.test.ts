import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import {
  COMPLETE_CARD,
  COMPLETE_PROVENANCE,
  createTestDatabase,
  postGraphQL,
  startTestIssuer,
  type TestIssuer,
} from '@cairn/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The checked-in rollout examples, run as a serving team would: `node examples/rollouts/….mjs`
 * against a real stack, with a team member's token to start the rollout and a serving system's
 * API token (read + serving:report) to report windows.
 */
const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
let stack: RunningStack;
let issuer: TestIssuer;
const tokens = {} as Record<'admin' | 'pipeline' | 'approver1' | 'approver2' | 'serving', string>;

async function must(token: string, query: string, variables: Record<string, unknown> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: fixtures read ids out of the answers
  const answer = await postGraphQL<Record<string, any>>(
    stack.gatewayUrl,
    { query, variables },
    { authorization: `Bearer ${token}` },
  );
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!;
}

async function promote(versionId: string, target: 'STAGING' | 'PRODUCTION') {
  const asked = await must(
    tokens.pipeline,
    'mutation($i: RequestPromotionInput!) { requestPromotion(input: $i) { id } }',
    { i: { modelVersionId: versionId, targetStage: target, justification: 'example' } },
  );
  for (const approver of [tokens.approver1, tokens.approver2]) {
    const approved = await must(
      approver,
      'mutation($i: ApprovePromotionInput!) { approvePromotion(input: $i) { status } }',
      { i: { id: asked.requestPromotion.id } },
    );
    if (approved.approvePromotion.status === 'APPROVED') return;
  }
  throw new Error(`${versionId} was not approved for ${target}`);
}

/** A model whose second version replaced the first in PRODUCTION through approved promotions. */
async function replacedModel(name: string) {
  const model = await must(
    tokens.pipeline,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team: 'fraud-detection', name, license: 'MIT' },
    },
  );
  const versions: string[] = [];
  for (let i = 0; i < 2; i++) {
    const made = await must(
      tokens.pipeline,
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      { i: { modelId: model.registerModel.id, card: COMPLETE_CARD, provenance: COMPLETE_PROVENANCE } },
    );
    versions.push(made.createModelVersion.id);
  }
  for (const id of versions) await promote(id, 'STAGING');
  for (const id of versions) await promote(id, 'PRODUCTION');
  return { modelId: model.registerModel.id as string, baseline: versions[0]!, candidate: versions[1]! };
}

const stageOf = async (id: string) =>
  (await must(tokens.pipeline, 'query($id: ID!) { modelVersion(id: $id) { stage } }', { id })).modelVersion
    .stage;

function runExample(script: string, versionId: string) {
  return run('node', [path.join('examples/rollouts', script), versionId], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CAIRN_API_URL: new URL(stack.gatewayUrl).origin,
      CAIRN_TOKEN: tokens.pipeline,
      CAIRN_SERVING_TOKEN: tokens.serving,
    },
  });
}

const MODEL_ROLLOUTS =
  'query($m: ID!) { rollouts(modelId: $m) { status trafficPercent decisions { kind automatic } } }';

beforeAll(async () => {
  issuer = await startTestIssuer();
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer.issuer,
    env: { NODE_ENV: 'test', OIDC_JWKS_URI: issuer.jwksUri },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  tokens.admin = await issuer.token('root', ['cairn-platform-admins']);
  tokens.pipeline = await issuer.token('ml-pipeline', ['cairn-fraud-detection-contributors']);
  tokens.approver1 = await issuer.token('approver-1', ['cairn-fraud-detection-approvers']);
  tokens.approver2 = await issuer.token('approver-2', ['cairn-fraud-detection-approvers']);
  await must(
    tokens.admin,
    'mutation { createTeam(input: { slug: "fraud-detection", name: "Fraud" }) { id } }',
  );
  // The serving system's own token: it may read and report serving metrics, nothing more.
  const created = await must(
    tokens.pipeline,
    'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }',
    {
      i: {
        name: 'kserve canary controller',
        scopes: ['READ', 'SERVING_REPORT'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  );
  tokens.serving = created.createApiToken.secret;
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
});

describe('examples/rollouts', () => {
  it('canary-to-completion.mjs drives a rollout through every step to 100 %', async () => {
    const { modelId, candidate } = await replacedModel('canary-completes');
    const { stdout } = await runExample('canary-to-completion.mjs', candidate);
    expect(stdout).toMatch(/5 % window: PASS → ADVANCE, now IN_PROGRESS at 25 %/);
    expect(stdout).toMatch(/50 % window: PASS → COMPLETE, now COMPLETED at 100 %/);
    expect(await stageOf(candidate)).toBe('PRODUCTION');
    const { rollouts } = await must(tokens.pipeline, MODEL_ROLLOUTS, { m: modelId });
    expect(rollouts[0]).toMatchObject({ status: 'COMPLETED', trafficPercent: 100 });
  });

  it('canary-rolled-back.mjs drives a rollout into an automatic rollback', async () => {
    const { modelId, baseline, candidate } = await replacedModel('canary-rolls-back');
    const { stdout } = await runExample('canary-rolled-back.mjs', candidate);
    expect(stdout).toMatch(/25 % window: FAIL \(error rate 3\.00 % exceeds 1\.2 × the baseline's 0\.50 %/);
    expect(stdout).toMatch(/ROLLBACK, now ROLLED_BACK at 0 %/);
    expect(await stageOf(baseline)).toBe('PRODUCTION');
    expect(await stageOf(candidate)).toBe('DEPRECATED');
    const { rollouts } = await must(tokens.pipeline, MODEL_ROLLOUTS, { m: modelId });
    expect(rollouts[0].decisions.at(-1)).toEqual({ kind: 'ROLLBACK', automatic: true });
  });
});

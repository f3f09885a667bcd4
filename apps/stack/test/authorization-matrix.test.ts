import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createModelSignature, LocalKeySigner } from '@cairn/signing';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import {
  COMPLETE_CARD,
  COMPLETE_PROVENANCE,
  createTestDatabase,
  postGraphQL,
  startTestIssuer,
  type TestIssuer,
} from '@cairn/testing';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every query and mutation of the public API, asked by every kind of caller, through the gateway
 * with real credentials: people signed in at an OIDC issuer of the test's own, with the groups a
 * company directory would give them. Each case names what each caller gets: `ok`, or the code.
 * The target is always a PRIVATE model of fraud-detection, so seeing it is part of the rule.
 */
const ROLES = [
  'viewer',
  'contributor',
  'maintainer',
  'approver',
  'admin',
  'auditor',
  'executive',
  'outsider',
] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'FAILED_PRECONDITION';
type Expectation = Record<Role, Outcome>;

const GROUPS: Record<Role, string[]> = {
  viewer: ['cairn-fraud-detection-viewers'],
  contributor: ['cairn-fraud-detection-contributors'],
  maintainer: ['cairn-fraud-detection-maintainers'],
  approver: ['cairn-fraud-detection-approvers'],
  admin: ['cairn-platform-admins'],
  auditor: ['cairn-auditors'],
  executive: ['cairn-executives'],
  outsider: ['cairn-search-ranking-contributors'],
};

const all = (outcome: Outcome): Expectation =>
  Object.fromEntries(ROLES.map((role) => [role, outcome])) as Expectation;
const only = (allowed: Role[], otherwise: Outcome = 'FORBIDDEN', overrides: Partial<Expectation> = {}) => ({
  ...all(otherwise),
  ...Object.fromEntries(allowed.map((role) => [role, 'ok'])),
  ...overrides,
});
/** Who sees a PRIVATE model of fraud-detection: its members of any role, admins and auditors. */
const SEES_PRIVATE = only(
  ['viewer', 'contributor', 'maintainer', 'approver', 'admin', 'auditor'],
  'NOT_FOUND',
);
/**
 * Changing what is recorded about it: contributors and up. Rights come first, so a caller who
 * holds the right in no team is FORBIDDEN for any id, existing or not; one who holds it elsewhere
 * but cannot see this model gets NOT_FOUND, exactly as if it did not exist.
 */
const CONTRIBUTES = only(['contributor', 'maintainer', 'admin'], 'FORBIDDEN', { outsider: 'NOT_FOUND' });
const MAINTAINS_MODEL = only(['maintainer', 'admin']);
const MAINTAINS_TEAM = only(['maintainer', 'admin']);

let stack: RunningStack;
/** The owner's connection, for fixtures the API cannot make. */
let ownerUrl: string;
let issuer: TestIssuer;
const tokens = {} as Record<Role | 'pipeline' | 'stager' | 'helperApprover1' | 'helperApprover2', string>;

async function call(credential: string, query: string, variables: Record<string, unknown> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: fixtures read ids out of the answers
  return postGraphQL<Record<string, any>>(
    stack.gatewayUrl,
    { query, variables },
    { authorization: `Bearer ${credential}` },
  );
}

async function must(credential: string, query: string, variables: Record<string, unknown> = {}) {
  const answer = await call(credential, query, variables);
  expect(answer.errors, query).toBeUndefined();
  return answer.data!;
}

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A PRIVATE model of fraud-detection with one version, registered by a pipeline, not by any caller under test. */
/** An upload opened by the pipeline for a private model: it belongs to the pipeline alone. */
async function pipelineUpload() {
  const { modelId } = await privateVersion();
  const started = await must(
    tokens.pipeline,
    'mutation($i: BeginArtifactUploadInput!) { beginArtifactUpload(input: $i) { upload { id } } }',
    { i: { modelId, sha256: `sha256:${randomBytes(32).toString('hex')}`, size: 10 } },
  );
  return started.beginArtifactUpload.upload.id as string;
}
/** Nobody but its opener reaches an upload; callers without upload rights anywhere are FORBIDDEN. */
const OPENER_ONLY = only([], 'FORBIDDEN', {
  contributor: 'NOT_FOUND',
  maintainer: 'NOT_FOUND',
  admin: 'NOT_FOUND',
  outsider: 'NOT_FOUND',
});

async function privateVersion() {
  const model = await must(
    tokens.pipeline,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team: 'fraud-detection', name: unique('private'), visibility: 'PRIVATE', license: 'MIT' },
    },
  );
  // Complete enough for every guardrail, so a promotion's fate is its approvers'.
  const version = await must(
    tokens.pipeline,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    { i: { modelId: model.registerModel.id, card: COMPLETE_CARD, provenance: COMPLETE_PROVENANCE } },
  );
  return { modelId: model.registerModel.id as string, versionId: version.createModelVersion.id as string };
}

/** Two versions of one private model, to compare. */
async function privateVersionPair() {
  const { modelId, versionId } = await privateVersion();
  const second = await must(
    tokens.pipeline,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    { i: { modelId, hyperparameters: { lr: 0.1 } } },
  );
  return [versionId, second.createModelVersion.id as string];
}

/**
 * What a client sends to import a bundle of another instance's version: its canonical manifest
 * (here one without files, so nothing needs uploading first) and where it came from.
 */
function importOf(modelId: string) {
  const manifest =
    '{"files":[],"model":{"name":"elsewhere","team":"other-team"},"provenance":{},"schemaVersion":1,"version":3}';
  return {
    modelId,
    bundleManifest: manifest,
    importedFrom: {
      instance: 'https://other.cairn.example',
      versionId: unique('source'),
      manifestDigest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`,
      exportedAt: '2026-11-01T10:00:00Z',
    },
  };
}

/**
 * A webhook subscription of fraud-detection, made by an admin. Its receiver is a public
 * documentation address (TEST-NET-3): creation checks only where it leads, and nothing listens.
 */
const WEBHOOK_URL = 'https://203.0.113.10/hooks/cairn';
async function fraudWebhook() {
  const made = await must(
    tokens.admin,
    'mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { subscription { id } } }',
    { i: { team: 'fraud-detection', url: WEBHOOK_URL, eventTypes: ['registry.ModelVersionCreated'] } },
  );
  return made.createWebhookSubscription.subscription.id as string;
}
/** A fresh ECDSA P-256 public key, PEM. */
function newPublicKey(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
}
/** A key trusted for fraud-detection, registered by a platform admin. */
async function fraudSigningKey() {
  const made = await must(
    tokens.admin,
    'mutation($i: RegisterSigningKeyInput!) { registerSigningKey(input: $i) { keyId } }',
    { i: { team: 'fraud-detection', name: unique('matrix-key'), publicKey: newPublicKey() } },
  );
  return made.registerSigningKey.keyId as string;
}
/** A pipeline's signature over a version without files (what `privateVersion` makes), with its key. */
async function pipelineSignatureOfEmptyVersion() {
  const signer = LocalKeySigner.fromPem(
    generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  );
  const bundle = await createModelSignature({ modelName: 'matrix', resources: [], signer });
  return { bundle: JSON.stringify(bundle), publicKey: signer.publicKeyPem() };
}
/** A maintainer's request to lower the tier of a private model, waiting for an approver. */
async function pendingTierLowering() {
  const { modelId } = await privateVersion();
  const asked = await must(
    tokens.maintainer,
    'mutation($i: SetModelRiskTierInput!) { setModelRiskTier(input: $i) { pendingChange { id } } }',
    { i: { modelId, tier: 'LOW', reason: 'matrix' } },
  );
  return asked.setModelRiskTier.pendingChange.id as string;
}
/** A finished delivery to redeliver, written straight into the outbox as the dispatcher would leave it. */
async function finishedDelivery() {
  const subscriptionId = await fraudWebhook();
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const { rows } = await owner
    .query(
      `INSERT INTO governance.webhook_delivery (subscription_id, event_id, event_type, message_id, payload, status, attempts, finished_at)
     VALUES ($1, gen_random_uuid(), 'registry.ModelVersionCreated', 'msg_matrix', '{}'::jsonb, 'FAILED', 1, now()) RETURNING id`,
      [subscriptionId],
    )
    .finally(() => owner.end());
  return rows[0].id as string;
}

const SET_ALIAS = 'mutation($i: SetModelAliasInput!) { setModelAlias(input: $i) { name } }';

/**
 * A private model whose `champion` alias was set to version 1 and moved to version 2 by the
 * pipeline (so it can be rolled back); protected by an admin when asked.
 */
async function aliasedModel(protect = false) {
  const { modelId, versionId } = await privateVersion();
  const second = await must(
    tokens.pipeline,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    { i: { modelId } },
  );
  for (const target of [versionId, second.createModelVersion.id]) {
    await must(tokens.pipeline, SET_ALIAS, { i: { modelId, alias: 'champion', versionId: target } });
  }
  if (protect) {
    await must(
      tokens.admin,
      'mutation($m: ID!) { setModelAliasProtection(modelId: $m, alias: "champion", protected: true) { name } }',
      { m: modelId },
    );
  }
  return { modelId, versionId };
}

const REQUEST_PROMOTION =
  'mutation($i: RequestPromotionInput!) { requestPromotion(input: $i) { id status } }';
const APPROVE_PROMOTION =
  'mutation($i: ApprovePromotionInput!) { approvePromotion(input: $i) { id status } }';

/** …with a promotion request open, asked by a second contributor, so nobody under test asked. */
async function pendingPromotion(versionId?: string, target = 'STAGING') {
  const ids = versionId ? { versionId } : await privateVersion();
  const asked = await must(tokens.stager, REQUEST_PROMOTION, {
    i: { modelVersionId: ids.versionId, targetStage: target, justification: 'matrix' },
  });
  return { versionId: ids.versionId, requestId: asked.requestPromotion.id as string };
}

/** A private model whose second version replaced the first in PRODUCTION (a rollback target). */
async function replacedModel() {
  const { modelId, versionId: first } = await privateVersion();
  const second = await must(
    tokens.pipeline,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    { i: { modelId, card: COMPLETE_CARD, provenance: COMPLETE_PROVENANCE } },
  );
  await productionVersion(first);
  await productionVersion(second.createModelVersion.id as string);
  return modelId;
}

/** …its PRODUCTION version, the candidate a rollout starts from. */
async function replacedCandidate() {
  const modelId = await replacedModel();
  const listed = await must(
    tokens.pipeline,
    'query($m: ID!) { model(id: $m) { versions(first: 5) { edges { node { id stage } } } } }',
    { m: modelId },
  );
  // biome-ignore lint/suspicious/noExplicitAny: fixtures read ids out of the answers
  const candidate = listed.model.versions.edges.find((e: any) => e.node.stage === 'PRODUCTION').node.id;
  return { modelId, candidate: candidate as string };
}
/** …and a rollout of it against the version it replaced, started by the pipeline with the default strategy. */
async function rolloutInProgress() {
  const { modelId, candidate } = await replacedCandidate();
  const started = await must(
    tokens.pipeline,
    'mutation($i: StartRolloutInput!) { startRollout(input: $i) { id } }',
    { i: { modelVersionId: candidate } },
  );
  return { modelId, candidate, rolloutId: started.startRollout.id as string };
}
/** A 10-minute window that ended a minute ago: the default strategy's length. */
const servingWindow = () => ({
  start: new Date(Date.now() - 11 * 60_000).toISOString(),
  end: new Date(Date.now() - 60_000).toISOString(),
});

/** …promoted to PRODUCTION through requests approved by approvers who are not under test. */
async function productionVersion(existing?: string) {
  const versionId = existing ?? (await privateVersion()).versionId;
  for (const target of ['STAGING', 'PRODUCTION']) {
    const { requestId } = await pendingPromotion(versionId, target);
    for (const approver of [tokens.helperApprover1, tokens.helperApprover2]) {
      const answer = await must(approver, APPROVE_PROMOTION, { i: { id: requestId } });
      if (answer.approvePromotion.status === 'APPROVED') break;
    }
  }
  return versionId;
}

async function recordedRun() {
  const ids = await privateVersion();
  const run = await must(
    tokens.pipeline,
    'mutation($i: RecordTrainingRunInput!) { recordTrainingRun(input: $i) { id inputDatasets(first: 1) { edges { node { id } } } } }',
    {
      i: {
        modelVersionId: ids.versionId,
        codeRef: 'git+https://git.example/fraud@0123456789abcdef0123456789abcdef01234567',
        inputDatasets: [
          {
            name: unique('only-here'),
            uri: `s3://data/${unique('d')}/`,
            checksum: `sha256:${'b'.repeat(64)}`,
          },
        ],
      },
    },
  );
  return {
    ...ids,
    runId: run.recordTrainingRun.id as string,
    datasetId: run.recordTrainingRun.inputDatasets.edges[0].node.id as string,
  };
}

async function ownToken(role: Role) {
  const created = await must(
    tokens[role],
    'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token { id } } }',
    {
      i: {
        name: unique('own'),
        scopes: ['READ'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
  );
  return created.createApiToken.token.id as string;
}

const DRIFT_REFERENCE = [{ feature: 'amount', binEdges: [0, 1, 2], counts: [50, 50] }];
const DRIFT_WINDOW = { start: '2026-11-01T00:00:00Z', end: '2026-11-01T01:00:00Z' };
/** A private version with reference histograms registered by the pipeline. */
async function driftVersion() {
  const ids = await privateVersion();
  await must(
    tokens.pipeline,
    'mutation($v: ID!, $f: [ReferenceHistogramInput!]!) { registerReferenceDistributions(modelVersionId: $v, source: TRAINING, features: $f) { feature } }',
    { v: ids.versionId, f: DRIFT_REFERENCE },
  );
  return ids;
}
const REPORT_WINDOW =
  'mutation($v: ID!, $w: ProductionWindowInput!, $f: [HistogramInput!]!) { reportProductionWindow(modelVersionId: $v, window: $w, features: $f) { windowId openAlarm { id } } }';
/** …whose drifted production window (reported by the pipeline) opened an alarm. */
async function driftAlarm() {
  const ids = await driftVersion();
  const reported = await must(tokens.pipeline, REPORT_WINDOW, {
    v: ids.versionId,
    w: DRIFT_WINDOW,
    f: [{ feature: 'amount', binEdges: [0, 1, 2], counts: [95, 5] }],
  });
  return { ...ids, alarmId: reported.reportProductionWindow.openAlarm.id as string };
}

interface Case {
  operation: string;
  query: string;
  variables: (role: Role) => Promise<Record<string, unknown>>;
  expected: Expectation;
}

const none = async () => ({});
const REQUEST_ACCESS = 'mutation($i: RequestAccessInput!) { requestAccess(input: $i) { id } }';

/** An open access request to fraud-detection from a newcomer, for maintainers to decide. */
async function newcomersRequest() {
  const newcomer = await issuer.token(unique('newcomer'), []);
  const asked = await must(newcomer, REQUEST_ACCESS, {
    i: { team: 'fraud-detection', role: 'VIEWER', justification: 'I review fraud models' },
  });
  return asked.requestAccess.id as string;
}
const REQUEST_TEAM = 'mutation($i: RequestTeamInput!) { requestTeam(input: $i) { id } }';

/** An open request for a new team from a newcomer, for platform admins to decide. */
async function newcomersTeamRequest() {
  const newcomer = await issuer.token(unique('newcomer'), []);
  const asked = await must(newcomer, REQUEST_TEAM, {
    i: { slug: unique('asked'), name: 'Asked for', justification: 'A new product line' },
  });
  return asked.requestTeam.id as string;
}
const CASES: Case[] = [
  { operation: 'teams', query: '{ teams(first: 5) { totalCount } }', variables: none, expected: all('ok') },
  {
    operation: 'team',
    query: '{ team(slug: "fraud-detection") { slug } }',
    variables: none,
    expected: all('ok'),
  },
  { operation: 'models', query: '{ models(first: 5) { totalCount } }', variables: none, expected: all('ok') },
  {
    operation: 'searchModels',
    query: '{ searchModels(query: "", first: 5) { total } }',
    variables: none,
    expected: all('ok'),
  },
  { operation: 'me', query: '{ me { subject } }', variables: none, expected: all('ok') },
  {
    operation: 'apiTokens',
    query: '{ apiTokens(first: 5) { totalCount } }',
    variables: none,
    expected: all('ok'),
  },
  {
    operation: 'model',
    query: 'query($id: ID!) { model(id: $id) { id } }',
    variables: async () => ({ id: (await privateVersion()).modelId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'modelVersion',
    query: 'query($id: ID!) { modelVersion(id: $id) { id stage } }',
    variables: async () => ({ id: (await privateVersion()).versionId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'compareModelVersions',
    query:
      'query($ids: [ID!]!) { compareModelVersions(versionIds: $ids) { versionIds hyperparameters { key } metrics { name } } }',
    variables: async () => ({ ids: await privateVersionPair() }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'trainingRun',
    query: 'query($id: ID!) { trainingRun(id: $id) { id } }',
    variables: async () => ({ id: (await recordedRun()).runId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'dataset',
    query: 'query($id: ID!) { dataset(id: $id) { id } }',
    variables: async () => ({ id: (await recordedRun()).datasetId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'teamMembers',
    query: '{ teamMembers(team: "fraud-detection", first: 5) { totalCount } }',
    variables: none,
    expected: only(['viewer', 'contributor', 'maintainer', 'approver', 'admin', 'auditor']),
  },
  {
    operation: 'accessLog',
    query: '{ accessLog(first: 5) { totalCount } }',
    variables: none,
    expected: only(['admin', 'auditor']),
  },
  {
    operation: 'auditLog',
    query: '{ auditLog(first: 5) { edges { node { seq hash } } } }',
    variables: none,
    expected: only(['admin', 'auditor']),
  },
  {
    operation: 'insights',
    query:
      '{ insights { teams adoption { productionModels } riskPosture { topRisks { modelName } hiddenRisks } teamRequests { open timeToDecide { p50Hours } } } }',
    variables: none,
    expected: all('ok'),
  },
  {
    // Another team's figures are NOT_FOUND, as an unknown team's: nobody learns it exists.
    operation: 'insights (one team)',
    query: '{ insights(team: "fraud-detection") { teams adoption { productionModels } } }',
    variables: none,
    expected: only(
      ['viewer', 'contributor', 'maintainer', 'approver', 'admin', 'auditor', 'executive'],
      'NOT_FOUND',
    ),
  },
  {
    operation: 'insights (unknown team)',
    query: '{ insights(team: "no-such-team") { teams } }',
    variables: none,
    expected: all('NOT_FOUND'),
  },
  {
    // History from before Cairn feeds every leadership figure: platform admins only.
    operation: 'importInsightsHistory',
    query:
      'mutation($s: String!, $m: [HistoricalModelInput!]!) { importInsightsHistory(source: $s, models: $m) { id versions } }',
    variables: async () => ({
      s: unique('legacy-registry'),
      m: [
        {
          team: 'fraud-detection',
          name: 'legacy-scorer',
          registeredAt: '2025-01-06T00:00:00Z',
          versions: [{ version: 1, registeredAt: '2025-01-07T00:00:00Z' }],
        },
      ],
    }),
    expected: only(['admin']),
  },
  {
    operation: 'checkInsightsHistory',
    query:
      'query($s: String!, $m: [HistoricalModelInput!]!) { checkInsightsHistory(source: $s, models: $m) { versions } }',
    variables: async () => ({
      s: unique('legacy-registry'),
      m: [
        {
          team: 'fraud-detection',
          name: 'legacy-scorer',
          registeredAt: '2025-01-06T00:00:00Z',
          versions: [{ version: 1, registeredAt: '2025-01-07T00:00:00Z' }],
        },
      ],
    }),
    expected: only(['admin']),
  },
  {
    operation: 'insightsHistoryImports',
    query: '{ insightsHistoryImports { id source } }',
    variables: none,
    expected: only(['admin', 'auditor', 'executive']),
  },
  {
    operation: 'verifyAuditChain',
    query: '{ verifyAuditChain { valid checkedEntries firstBrokenSeq } }',
    variables: none,
    expected: only(['admin', 'auditor']),
  },
  {
    operation: 'auditCheckpoints',
    query: '{ auditCheckpoints(first: 5) { seq signatureValid } }',
    variables: none,
    expected: only(['admin', 'auditor']),
  },
  {
    operation: 'myAccessRequests',
    query: '{ myAccessRequests { id } }',
    variables: none,
    expected: all('ok'),
  },
  {
    operation: 'accessRequestInbox',
    query: '{ accessRequestInbox { id } }',
    variables: none,
    expected: all('ok'),
  },
  {
    operation: 'requestAccess',
    query: REQUEST_ACCESS,
    variables: async () => ({ i: { team: 'search-ranking', role: 'MAINTAINER', justification: 'Matrix' } }),
    // A platform admin already maintains every team: there is nothing to ask for.
    expected: { ...all('ok'), admin: 'FAILED_PRECONDITION' },
  },
  {
    operation: 'decideAccessRequest',
    query: 'mutation($i: DecideAccessRequestInput!) { decideAccessRequest(input: $i) { id } }',
    variables: async () => ({ i: { id: await newcomersRequest(), decision: 'GRANT', comment: 'Welcome' } }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'withdrawAccessRequest',
    query: 'mutation($id: ID!) { withdrawAccessRequest(id: $id) { id } }',
    variables: async (role) => {
      // A platform admin can have no request of their own (see requestAccess).
      if (role === 'admin') return { id: '00000000-0000-4000-8000-000000000000' };
      const asked = await must(tokens[role], REQUEST_ACCESS, {
        i: { team: 'recommendations', role: 'MAINTAINER', justification: 'Matrix' },
      });
      return { id: asked.requestAccess.id };
    },
    expected: { ...all('ok'), admin: 'NOT_FOUND' },
  },
  {
    operation: 'withdrawAccessRequest (someone else’s)',
    query: 'mutation($id: ID!) { withdrawAccessRequest(id: $id) { id } }',
    variables: async () => ({ id: await newcomersRequest() }),
    expected: all('NOT_FOUND'),
  },
  {
    operation: 'createTeam',
    query: 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }',
    variables: async () => ({ i: { slug: unique('team'), name: 'New team' } }),
    expected: only(['admin']),
  },
  {
    operation: 'requestTeam',
    query: REQUEST_TEAM,
    variables: async () => ({ i: { slug: unique('wanted'), name: 'Wanted', justification: 'Matrix' } }),
    expected: all('ok'),
  },
  {
    operation: 'teamRequests',
    query: '{ teamRequests { id } }',
    variables: none,
    expected: all('ok'),
  },
  {
    operation: 'approveTeamRequest',
    query: 'mutation($id: ID!) { approveTeamRequest(id: $id) { id } }',
    variables: async () => ({ id: await newcomersTeamRequest() }),
    expected: only(['admin']),
  },
  {
    operation: 'rejectTeamRequest',
    query: 'mutation($i: RejectTeamRequestInput!) { rejectTeamRequest(input: $i) { id } }',
    variables: async () => ({ i: { id: await newcomersTeamRequest(), reason: 'Use an existing team' } }),
    expected: only(['admin']),
  },
  {
    operation: 'registerModel',
    query: 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    variables: async () => ({ i: { team: 'fraud-detection', name: unique('registered') } }),
    expected: only(['contributor', 'maintainer', 'admin']),
  },
  {
    operation: 'createModelVersion',
    query: 'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
    variables: async () => ({ i: { modelId: (await privateVersion()).modelId } }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'importModelVersion',
    query:
      'mutation($i: ImportModelVersionInput!) { importModelVersion(input: $i) { id importedFrom { version } } }',
    variables: async () => ({ i: importOf((await privateVersion()).modelId) }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'beginArtifactUpload',
    query: 'mutation($i: BeginArtifactUploadInput!) { beginArtifactUpload(input: $i) { alreadyStored } }',
    variables: async () => ({
      i: {
        modelId: (await privateVersion()).modelId,
        sha256: `sha256:${randomBytes(32).toString('hex')}`,
        size: 10,
      },
    }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'artifactUpload',
    query: 'query($id: ID!) { artifactUpload(id: $id) { id } }',
    variables: async () => ({ id: await pipelineUpload() }),
    expected: all('NOT_FOUND'),
  },
  {
    operation: 'completeArtifactUpload',
    query: 'mutation($id: ID!) { completeArtifactUpload(id: $id) { sha256 } }',
    variables: async () => ({ id: await pipelineUpload() }),
    expected: OPENER_ONLY,
  },
  {
    operation: 'abortArtifactUpload',
    query: 'mutation($id: ID!) { abortArtifactUpload(id: $id) }',
    variables: async () => ({ id: await pipelineUpload() }),
    expected: OPENER_ONLY,
  },
  {
    operation: 'setModelVisibility',
    query:
      'mutation($m: ID!) { setModelVisibility(modelId: $m, visibility: PRIVATE, reason: "matrix") { id } }',
    variables: async () => ({ m: (await privateVersion()).modelId }),
    expected: MAINTAINS_MODEL,
  },
  {
    operation: 'modelVersionByAlias',
    query: 'query($m: ID!) { modelVersionByAlias(modelId: $m, alias: "champion") { id } }',
    variables: async () => ({ m: (await aliasedModel()).modelId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'aliasHistory',
    query: 'query($m: ID!) { aliasHistory(modelId: $m, first: 5) { totalCount } }',
    variables: async () => ({ m: (await aliasedModel()).modelId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'setModelAlias',
    query: SET_ALIAS,
    variables: async () => {
      const { modelId, versionId } = await aliasedModel();
      return { i: { modelId, alias: 'champion', versionId, reason: 'matrix' } };
    },
    expected: CONTRIBUTES,
  },
  {
    operation: 'setModelAlias (protected)',
    query: SET_ALIAS,
    variables: async () => {
      const { modelId, versionId } = await aliasedModel(true);
      return { i: { modelId, alias: 'champion', versionId, reason: 'matrix' } };
    },
    expected: only(['maintainer', 'admin'], 'FORBIDDEN', { outsider: 'NOT_FOUND' }),
  },
  {
    operation: 'deleteModelAlias',
    query: 'mutation($m: ID!) { deleteModelAlias(modelId: $m, alias: "champion", reason: "matrix") { id } }',
    variables: async () => ({ m: (await aliasedModel()).modelId }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'rollbackModelAlias',
    query:
      'mutation($m: ID!) { rollbackModelAlias(modelId: $m, alias: "champion", reason: "matrix") { name } }',
    variables: async () => ({ m: (await aliasedModel()).modelId }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'rollbackModelAlias (protected)',
    query:
      'mutation($m: ID!) { rollbackModelAlias(modelId: $m, alias: "champion", reason: "matrix") { name } }',
    variables: async () => ({ m: (await aliasedModel(true)).modelId }),
    expected: only(['maintainer', 'admin'], 'FORBIDDEN', { outsider: 'NOT_FOUND' }),
  },
  {
    operation: 'setModelAliasProtection',
    query:
      'mutation($m: ID!) { setModelAliasProtection(modelId: $m, alias: "champion", protected: true, reason: "matrix") { name } }',
    variables: async () => ({ m: (await aliasedModel()).modelId }),
    expected: MAINTAINS_MODEL,
  },
  {
    operation: 'deprecateModelVersion',
    query: 'mutation($v: ID!) { deprecateModelVersion(versionId: $v, reason: "matrix") { id } }',
    variables: async () => ({ v: (await privateVersion()).versionId }),
    expected: MAINTAINS_MODEL,
  },
  {
    operation: 'undeprecateModelVersion',
    query: 'mutation($v: ID!) { undeprecateModelVersion(versionId: $v, reason: "matrix") { id } }',
    variables: async () => {
      const { versionId } = await privateVersion();
      await must(
        tokens.admin,
        'mutation($v: ID!) { deprecateModelVersion(versionId: $v, reason: "old") { id } }',
        {
          v: versionId,
        },
      );
      return { v: versionId };
    },
    expected: MAINTAINS_MODEL,
  },
  {
    operation: 'archiveModel',
    query: 'mutation($m: ID!) { archiveModel(modelId: $m, reason: "matrix") { id } }',
    variables: async () => ({ m: (await privateVersion()).modelId }),
    expected: MAINTAINS_MODEL,
  },
  {
    operation: 'unarchiveModel',
    query: 'mutation($m: ID!) { unarchiveModel(modelId: $m, reason: "matrix") { id } }',
    variables: async () => {
      const { modelId } = await privateVersion();
      await must(tokens.admin, 'mutation($m: ID!) { archiveModel(modelId: $m, reason: "retired") { id } }', {
        m: modelId,
      });
      return { m: modelId };
    },
    expected: MAINTAINS_MODEL,
  },
  {
    operation: 'placeLegalHold',
    query: 'mutation($v: ID!) { placeLegalHold(versionId: $v, reason: "matrix") { id } }',
    variables: async () => ({ v: (await privateVersion()).versionId }),
    // Auditors place holds on what they audit; releasing one is for platform admins alone.
    expected: only(['admin', 'auditor']),
  },
  {
    operation: 'releaseLegalHold',
    query: 'mutation($v: ID!) { releaseLegalHold(versionId: $v, reason: "matrix") { id } }',
    variables: async () => {
      const { versionId } = await privateVersion();
      await must(tokens.admin, 'mutation($v: ID!) { placeLegalHold(versionId: $v, reason: "case") { id } }', {
        v: versionId,
      });
      return { v: versionId };
    },
    expected: only(['admin']),
  },
  {
    operation: 'setRetentionPolicy',
    query:
      'mutation { setRetentionPolicy(team: "fraud-detection", policy: { purgeArchivedArtifactsAfterDays: 365 }) { slug } }',
    variables: none,
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'setTeamDefaultVisibility',
    query: 'mutation { setTeamDefaultVisibility(team: "fraud-detection", visibility: INTERNAL) { slug } }',
    variables: none,
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'transitionStage',
    query: 'mutation($i: TransitionStageInput!) { transitionStage(input: $i) { id } }',
    variables: async () => ({ i: { modelVersionId: await productionVersion(), to: 'DEPRECATED' } }),
    expected: CONTRIBUTES,
  },
  {
    // Nobody moves a version into STAGING or PRODUCTION directly; it takes a promotion request.
    operation: 'transitionStage (to STAGING)',
    query: 'mutation($i: TransitionStageInput!) { transitionStage(input: $i) { id } }',
    variables: async () => ({ i: { modelVersionId: (await privateVersion()).versionId, to: 'STAGING' } }),
    expected: all('FAILED_PRECONDITION'),
  },
  {
    operation: 'requestPromotion',
    query: REQUEST_PROMOTION,
    variables: async () => ({
      i: { modelVersionId: (await privateVersion()).versionId, targetStage: 'STAGING', justification: 'x' },
    }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'approvePromotion',
    query: APPROVE_PROMOTION,
    variables: async () => ({ i: { id: (await pendingPromotion()).requestId } }),
    expected: only(['approver', 'admin']),
  },
  {
    operation: 'rejectPromotion',
    query: 'mutation($i: RejectPromotionInput!) { rejectPromotion(input: $i) { id } }',
    variables: async () => ({ i: { id: (await pendingPromotion()).requestId, reason: 'not yet' } }),
    expected: only(['approver', 'admin']),
  },
  {
    operation: 'rollbackProduction',
    query: 'mutation($i: RollbackProductionInput!) { rollbackProduction(input: $i) { id status } }',
    variables: async () => ({ i: { modelId: await replacedModel(), reason: 'matrix' } }),
    expected: only(['maintainer', 'approver', 'admin']),
  },
  {
    operation: 'startRollout',
    query: 'mutation($i: StartRolloutInput!) { startRollout(input: $i) { id trafficPercent } }',
    variables: async () => ({ i: { modelVersionId: (await replacedCandidate()).candidate } }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'reportServingMetrics',
    query:
      'mutation($i: ReportServingMetricsInput!) { reportServingMetrics(input: $i) { decision rollout { status } } }',
    variables: async () => ({
      i: {
        rolloutId: (await rolloutInProgress()).rolloutId,
        window: servingWindow(),
        candidate: { requests: 500, errors: 1 },
        baseline: { requests: 9500, errors: 30 },
      },
    }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'advanceRollout',
    query: 'mutation($id: ID!) { advanceRollout(id: $id) { trafficPercent } }',
    variables: async () => ({ id: (await rolloutInProgress()).rolloutId }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'abortRollout',
    query: 'mutation($id: ID!) { abortRollout(id: $id, reason: "matrix") { status } }',
    variables: async () => ({ id: (await rolloutInProgress()).rolloutId }),
    expected: only(['maintainer', 'approver', 'admin']),
  },
  {
    operation: 'rollout',
    query:
      'query($id: ID!) { rollout(id: $id) { status trafficPercent windows { verdict } decisions { kind } } }',
    variables: async () => ({ id: (await rolloutInProgress()).rolloutId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'rollouts',
    query: 'query($m: ID!) { rollouts(modelId: $m) { id status } }',
    variables: async () => ({ m: (await rolloutInProgress()).modelId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'rerunGuardrails',
    query: 'mutation($id: ID!) { rerunGuardrails(id: $id) { id } }',
    variables: async () => ({ id: (await pendingPromotion()).requestId }),
    expected: { ...CONTRIBUTES, approver: 'ok', outsider: 'NOT_FOUND' },
  },
  {
    operation: 'verifyModelVersion',
    query: 'query($id: ID!) { verifyModelVersion(id: $id) { valid } }',
    variables: async () => ({ id: (await privateVersion()).versionId }),
    expected: SEES_PRIVATE,
  },
  {
    // Only whoever asked withdraws a request; to those who cannot see the model it does not exist.
    operation: 'withdrawPromotion (someone else’s)',
    query: 'mutation($id: ID!) { withdrawPromotion(id: $id) { id } }',
    variables: async () => ({ id: (await pendingPromotion()).requestId }),
    expected: { ...all('FORBIDDEN'), executive: 'NOT_FOUND', outsider: 'NOT_FOUND' },
  },
  {
    operation: 'promotionRequest',
    query: 'query($id: ID!) { promotionRequest(id: $id) { id progress { summary } decisions { approver } } }',
    variables: async () => ({ id: (await pendingPromotion()).requestId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'promotionInbox',
    query: '{ promotionInbox { id } }',
    variables: none,
    expected: all('ok'),
  },
  {
    operation: 'approvalPolicies',
    query: '{ approvalPolicies { riskTier targetStage requiredApprovals } }',
    variables: none,
    expected: all('ok'),
  },
  {
    operation: 'setApprovalPolicy',
    query: 'mutation($i: SetApprovalPolicyInput!) { setApprovalPolicy(input: $i) { version } }',
    variables: async () => ({ i: { riskTier: 'LOW', targetStage: 'STAGING', requiredApprovals: 1 } }),
    expected: only(['admin']),
  },
  {
    operation: 'approvalRoleGrants',
    query: '{ approvalRoleGrants { role subject } }',
    variables: none,
    expected: only(['admin', 'auditor']),
  },
  {
    operation: 'grantApprovalRole',
    query: 'mutation($i: ApprovalRoleGrantInput!) { grantApprovalRole(input: $i) { role } }',
    variables: async () => ({ i: { role: 'security', subject: unique('holder') } }),
    expected: only(['admin']),
  },
  {
    operation: 'revokeApprovalRole',
    query: 'mutation($i: ApprovalRoleGrantInput!) { revokeApprovalRole(input: $i) }',
    variables: async () => {
      const i = { role: 'security', subject: unique('holder') };
      await must(
        tokens.admin,
        'mutation($i: ApprovalRoleGrantInput!) { grantApprovalRole(input: $i) { role } }',
        {
          i,
        },
      );
      return { i };
    },
    expected: only(['admin']),
  },
  {
    operation: 'setModelRiskTier',
    query: 'mutation($i: SetModelRiskTierInput!) { setModelRiskTier(input: $i) { tier } }',
    variables: async () => ({
      i: { modelId: (await privateVersion()).modelId, tier: 'HIGH', reason: 'matrix' },
    }),
    expected: MAINTAINS_MODEL,
  },
  {
    operation: 'approveRiskTierChange',
    query: 'mutation($id: ID!) { approveRiskTierChange(id: $id) { status } }',
    variables: async () => ({ id: await pendingTierLowering() }),
    expected: only(['approver', 'admin']),
  },
  {
    operation: 'rejectRiskTierChange',
    query: 'mutation($i: RejectRiskTierChangeInput!) { rejectRiskTierChange(input: $i) { status } }',
    variables: async () => ({ i: { id: await pendingTierLowering(), reason: 'matrix' } }),
    expected: only(['approver', 'admin']),
  },
  {
    operation: 'recordTrainingRun',
    query: 'mutation($i: RecordTrainingRunInput!) { recordTrainingRun(input: $i) { id } }',
    variables: async () => ({
      i: {
        modelVersionId: (await privateVersion()).versionId,
        codeRef: 'git+https://git.example/fraud@0123456789abcdef0123456789abcdef01234567',
        inputDatasets: [{ name: 'tx', uri: 's3://data/tx/', checksum: `sha256:${'c'.repeat(64)}` }],
      },
    }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'logMetrics',
    query:
      'mutation($v: ID!) { logMetrics(modelVersionId: $v, metrics: [{ name: "auc", value: 0.9 }]) { id } }',
    variables: async () => ({ v: (await privateVersion()).versionId }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'registerReferenceDistributions',
    query:
      'mutation($v: ID!, $f: [ReferenceHistogramInput!]!) { registerReferenceDistributions(modelVersionId: $v, source: EVALUATION, features: $f) { feature } }',
    variables: async () => ({ v: (await privateVersion()).versionId, f: DRIFT_REFERENCE }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'reportProductionWindow',
    query: REPORT_WINDOW,
    variables: async () => ({
      v: (await driftVersion()).versionId,
      w: DRIFT_WINDOW,
      f: [{ feature: 'amount', binEdges: [0, 1, 2], counts: [48, 52] }],
    }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'acknowledgeDriftAlarm',
    query: 'mutation($a: ID!) { acknowledgeDriftAlarm(alarmId: $a) { id } }',
    variables: async () => ({ a: (await driftAlarm()).alarmId }),
    expected: CONTRIBUTES,
  },
  {
    operation: 'openDriftAlarms',
    query: 'query($m: ID!) { openDriftAlarms(modelId: $m) { id } }',
    variables: async () => ({ m: (await driftAlarm()).modelId }),
    expected: SEES_PRIVATE,
  },
  {
    operation: 'grantTeamMembership',
    query: 'mutation($i: GrantTeamMembershipInput!) { grantTeamMembership(input: $i) { subject } }',
    variables: async () => ({ i: { team: 'fraud-detection', subject: unique('someone'), role: 'VIEWER' } }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'revokeTeamMembership',
    query: 'mutation($i: RevokeTeamMembershipInput!) { revokeTeamMembership(input: $i) { subject } }',
    variables: async () => {
      const subject = unique('leaving');
      await must(
        tokens.admin,
        'mutation($i: GrantTeamMembershipInput!) { grantTeamMembership(input: $i) { subject } }',
        {
          i: { team: 'fraud-detection', subject, role: 'VIEWER' },
        },
      );
      return { i: { team: 'fraud-detection', subject } };
    },
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'createServiceAccount',
    query: 'mutation($i: CreateServiceAccountInput!) { createServiceAccount(input: $i) { id } }',
    variables: async () => ({ i: { team: 'fraud-detection', name: unique('bot'), role: 'CONTRIBUTOR' } }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'createApiToken',
    query: 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token { id } } }',
    variables: async () => ({
      i: {
        name: unique('token'),
        scopes: ['READ'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    }),
    expected: all('ok'),
  },
  {
    operation: 'revokeApiToken',
    query: 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }',
    variables: async (role) => ({ id: await ownToken(role) }),
    expected: all('ok'),
  },
  {
    operation: 'revokeApiToken (someone else’s)',
    query: 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }',
    variables: async () => ({ id: await ownToken('contributor') }),
    expected: { ...all('NOT_FOUND'), contributor: 'ok', admin: 'ok' },
  },
  {
    operation: 'webhookEventTypes',
    query: '{ webhookEventTypes }',
    variables: none,
    expected: all('ok'),
  },
  {
    operation: 'webhookSubscriptions',
    query: 'query($t: String!) { webhookSubscriptions(team: $t) { id } }',
    variables: async () => ({ t: 'fraud-detection' }),
    expected: only(['maintainer', 'admin', 'auditor']),
  },
  {
    operation: 'webhookDeliveries',
    query: 'query($id: ID!) { webhookDeliveries(subscriptionId: $id) { totalCount } }',
    variables: async () => ({ id: await fraudWebhook() }),
    expected: only(['maintainer', 'admin', 'auditor']),
  },
  {
    operation: 'createWebhookSubscription',
    query:
      'mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { secret } }',
    variables: async () => ({
      i: { team: 'fraud-detection', url: WEBHOOK_URL, eventTypes: ['governance.PromotionCompleted'] },
    }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'updateWebhookSubscription',
    query: 'mutation($i: UpdateWebhookSubscriptionInput!) { updateWebhookSubscription(input: $i) { id } }',
    variables: async () => ({ i: { id: await fraudWebhook(), description: 'matrix' } }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'deleteWebhookSubscription',
    query: 'mutation($id: ID!) { deleteWebhookSubscription(id: $id) { id } }',
    variables: async () => ({ id: await fraudWebhook() }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'enableWebhookSubscription',
    query: 'mutation($id: ID!) { enableWebhookSubscription(id: $id) { id } }',
    variables: async () => ({ id: await fraudWebhook() }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'rotateWebhookSecret',
    query: 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
    variables: async () => ({ id: await fraudWebhook() }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'redeliverWebhook',
    query: 'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }',
    variables: async () => ({ id: await finishedDelivery() }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'signingKeys',
    query: 'query($t: String) { signingKeys(team: $t) { keyId } }',
    variables: async () => ({ t: 'fraud-detection' }),
    expected: only(['viewer', 'contributor', 'maintainer', 'approver', 'admin', 'auditor']),
  },
  {
    operation: 'signingKeys (platform)',
    query: '{ signingKeys { keyId } }',
    variables: async () => ({}),
    expected: all('ok'),
  },
  {
    operation: 'registerSigningKey',
    query: 'mutation($i: RegisterSigningKeyInput!) { registerSigningKey(input: $i) { keyId } }',
    variables: async () => ({ i: { team: 'fraud-detection', name: 'matrix', publicKey: newPublicKey() } }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'registerSigningKey (platform)',
    query: 'mutation($i: RegisterSigningKeyInput!) { registerSigningKey(input: $i) { keyId } }',
    variables: async () => ({ i: { name: 'matrix platform', publicKey: newPublicKey() } }),
    expected: only(['admin']),
  },
  {
    operation: 'rotateSigningKey',
    query: 'mutation($i: RotateSigningKeyInput!) { rotateSigningKey(input: $i) { successor { keyId } } }',
    variables: async () => ({
      i: { keyId: await fraudSigningKey(), name: 'matrix successor', publicKey: newPublicKey() },
    }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'revokeSigningKey',
    query: 'mutation($i: RevokeSigningKeyInput!) { revokeSigningKey(input: $i) { keyId } }',
    variables: async () => ({ i: { keyId: await fraudSigningKey(), reason: 'matrix' } }),
    expected: MAINTAINS_TEAM,
  },
  {
    operation: 'attachModelVersionSignature',
    query:
      'mutation($i: AttachModelVersionSignatureInput!) { attachModelVersionSignature(input: $i) { keyId } }',
    variables: async () => {
      const { versionId } = await privateVersion();
      return { i: { modelVersionId: versionId, ...(await pipelineSignatureOfEmptyVersion()) } };
    },
    expected: CONTRIBUTES,
  },
];

beforeAll(async () => {
  issuer = await startTestIssuer();
  const db = await createTestDatabase();
  ownerUrl = db.url;
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer.issuer,
    env: {
      NODE_ENV: 'test',
      OIDC_JWKS_URI: issuer.jwksUri,
      CALLER_CACHE_TTL_MS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
    },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  for (const role of ROLES) tokens[role] = await issuer.token(`matrix-${role}`, GROUPS[role]);
  tokens.pipeline = await issuer.token('matrix-pipeline', ['cairn-fraud-detection-contributors']);
  tokens.stager = await issuer.token('matrix-stager', ['cairn-fraud-detection-contributors']);
  tokens.helperApprover1 = await issuer.token('matrix-approver-1', ['cairn-fraud-detection-approvers']);
  tokens.helperApprover2 = await issuer.token('matrix-approver-2', ['cairn-fraud-detection-approvers']);
  for (const slug of ['fraud-detection', 'search-ranking', 'recommendations']) {
    await must(tokens.admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug, name: slug },
    });
  }
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
});

describe('the authorization matrix', () => {
  it('has a case for every query and mutation of the public API', async () => {
    const answer = await must(
      tokens.admin,
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
    );
    const operations = [...answer.__schema.queryType.fields, ...answer.__schema.mutationType.fields].map(
      (field: { name: string }) => field.name,
    );
    const covered = new Set(CASES.map((c) => c.operation.split(' ')[0]));
    expect(operations.filter((name: string) => !covered.has(name))).toEqual([]);
  });

  const table = CASES.flatMap((c) => ROLES.map((role) => [c.operation, role, c.expected[role], c] as const));
  it.each(table)('%s as %s: %s', async (_operation, role, expected, testCase) => {
    const answer = await call(tokens[role], testCase.query, await testCase.variables(role));
    const outcome = answer.errors?.length ? answer.errors[0]?.extensions?.code : 'ok';
    expect(outcome, JSON.stringify(answer.errors)).toBe(expected);
  });
});

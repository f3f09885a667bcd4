import { createHash, createVerify, randomUUID } from 'node:crypto';
import { type Principal, SYSTEM_PRINCIPAL } from '@cairn/identity';
import { ModelDirectory } from '@cairn/model-directory';
import { registrySubgraph, TeamService } from '@cairn/registry';
import { SignerHandle } from '@cairn/signing';
import {
  approverOf,
  countQueries,
  createTestDatabase,
  createVersions,
  migrateSubgraphs,
  promoteVersion,
  startTestSubgraph,
  TEAMS,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { governanceSubgraph } from '../src/module';
import { PromotionService } from '../src/services/promotion/promotion.service';
import { StageTransitionService } from '../src/services/stage-transition.service';

const { engineer, approver, admin, maintainer, outsider } = testPrincipals;

const REQUEST = /* GraphQL */ `
  mutation($input: RequestPromotionInput!) {
    requestPromotion(input: $input) { id status manifestDigest riskTierAtRequest expiresAt }
  }`;
const APPROVE = /* GraphQL */ `
  mutation($input: ApprovePromotionInput!) {
    approvePromotion(input: $input) {
      id status decisionReason
      progress { met remaining missingRoles countedApprovers staleApprovers summary policy { version } }
    }
  }`;
const REJECT = /* GraphQL */ `
  mutation($input: RejectPromotionInput!) { rejectPromotion(input: $input) { id status decisionReason } }`;
const WITHDRAW = /* GraphQL */ `mutation($id: ID!) { withdrawPromotion(id: $id) { id status } }`;
const GET = /* GraphQL */ `
  query($id: ID!) { promotionRequest(id: $id) { id status decisions { approver decision comment policyId } } }`;
const INBOX = /* GraphQL */ `query { promotionInbox { id } }`;
const RERUN = /* GraphQL */ `mutation($id: ID!) { rerunGuardrails(id: $id) { id } }`;
const SET_TIER = /* GraphQL */ `
  mutation($input: SetModelRiskTierInput!) { setModelRiskTier(input: $input) { modelId tier pendingChange { id from to status } } }`;
const APPROVE_TIER = /* GraphQL */ `mutation($id: ID!) { approveRiskTierChange(id: $id) { status from to decidedBy } }`;
const REJECT_TIER = /* GraphQL */ `
  mutation($input: RejectRiskTierChangeInput!) { rejectRiskTierChange(input: $input) { status decisionReason } }`;
const SET_POLICY = /* GraphQL */ `
  mutation($input: SetApprovalPolicyInput!) { setApprovalPolicy(input: $input) { id version } }`;
const GRANT_ROLE = /* GraphQL */ `
  mutation($input: ApprovalRoleGrantInput!) { grantApprovalRole(input: $input) { role subject } }`;
const STAGE = /* GraphQL */ `
  query($r: [_Any!]!) { _entities(representations: $r) { ... on ModelVersion { stage } } }`;
const MODEL = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) { ... on Model { riskTier riskTierHistory { from to reason actor } } }
  }`;

type Result<T> = Awaited<ReturnType<TestSubgraph['execute']>> & { data?: T | null };

let registry: TestSubgraph;
let governance: TestSubgraph;
let ownerUrl: string;

const pipeline: Principal = {
  ...engineer,
  subject: 'pipeline',
  email: 'pipeline@demo.cairn',
  memberships: TEAMS.map((team) => ({ team, role: 'contributor', approver: false })),
};

async function newVersion(team = 'fraud-detection', author: Principal = pipeline): Promise<string> {
  const [id] = await createVersions(registry, 1, team, author);
  return id!;
}

async function modelOf(versionId: string): Promise<string> {
  const [row] = await registry.dataSource.query('SELECT model_id FROM registry.model_version WHERE id = $1', [
    versionId,
  ]);
  return row.model_id;
}

const run = <T>(query: string, variables: Record<string, unknown>, principal: Principal | null) =>
  governance.execute<T>(query, variables, principal) as Promise<Result<T>>;

function request(modelVersionId: string, targetStage: string, principal = engineer, justification = 'ready') {
  return run<{ requestPromotion: { id: string; status: string; manifestDigest: string | null } }>(
    REQUEST,
    { input: { modelVersionId, targetStage, justification } },
    principal,
  );
}

type Approved = {
  approvePromotion: {
    status: string;
    decisionReason: string | null;
    progress: {
      met: boolean;
      remaining: number;
      missingRoles: string[];
      countedApprovers: string[];
      staleApprovers: string[];
      summary: string;
    };
  };
};
const approve = (id: string, principal: Principal, comment?: string) =>
  run<Approved>(APPROVE, { input: { id, comment } }, principal);

async function stageOf(id: string): Promise<string> {
  const result = await run<{ _entities: { stage: string }[] }>(
    STAGE,
    { r: [{ __typename: 'ModelVersion', id }] },
    admin,
  );
  return result.data!._entities[0]!.stage;
}

/** Sets the tier; a lowering waits for an approver of the team, who approves it here. */
async function setTier(versionId: string, tier: string) {
  const result = await run<{ setModelRiskTier: { pendingChange: { id: string } | null } }>(
    SET_TIER,
    { input: { modelId: await modelOf(versionId), tier, reason: 'test' } },
    maintainer,
  );
  expect(result.errors).toBeUndefined();
  const pending = result.data!.setModelRiskTier.pendingChange;
  if (pending)
    expect((await run(APPROVE_TIER, { id: pending.id }, fraudApprover(99))).errors).toBeUndefined();
}

const code = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;

const fraudApprover = (n: number) => approverOf('fraud-detection', `fraud-approver-${n}`);

beforeAll(async () => {
  const db = await createTestDatabase();
  ownerUrl = db.url;
  await migrateSubgraphs(db.url, [registrySubgraph]);
  registry = await startTestSubgraph(registrySubgraph, db.url, engineer);
  governance = await startTestSubgraph(governanceSubgraph, db.url, engineer);
  const teams = new TeamService(registry.dataSource);
  for (const slug of TEAMS) await teams.create(SYSTEM_PRINCIPAL, { slug, name: slug });
});

describe('a LOW risk model', () => {
  it('moves to STAGING on one approval, bound to the version’s manifest digest, with events', async () => {
    const id = await newVersion();
    await setTier(id, 'LOW');
    const requested = await request(id, 'STAGING');
    expect(requested.errors).toBeUndefined();
    const [version] = await registry.dataSource.query(
      'SELECT manifest_digest FROM registry.model_version WHERE id = $1',
      [id],
    );
    expect(requested.data!.requestPromotion).toMatchObject({
      status: 'PENDING',
      manifestDigest: version.manifest_digest,
    });
    expect(await stageOf(id)).toBe('DEVELOPMENT');
    const requestId = requested.data!.requestPromotion.id;

    const approved = await approve(requestId, approver, 'looks good');
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approvePromotion).toMatchObject({ status: 'APPROVED' });
    expect(await stageOf(id)).toBe('STAGING');
    const events = await governance.dataSource.query(
      `SELECT type FROM governance.event_log WHERE subject_id = $1 ORDER BY id`,
      [requestId],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'governance.PromotionRequested',
      'governance.GuardrailsEvaluated',
      'governance.PromotionApproved',
      'governance.PromotionCompleted',
    ]);

    // The decision is signed: the record verifies with the key it names, and not once changed.
    const signed = await run<{
      promotionRequest: {
        decisionRecord: { record: string; recordDigest: string; signature: string; publicKey: string };
      };
    }>(
      'query($id: ID!) { promotionRequest(id: $id) { decisionRecord { record recordDigest signature publicKey } } }',
      { id: requestId },
      engineer,
    );
    const { record, recordDigest, signature, publicKey } = signed.data!.promotionRequest.decisionRecord;
    expect(recordDigest).toBe(`sha256:${createHash('sha256').update(record).digest('hex')}`);
    expect(JSON.parse(record)).toMatchObject({
      format: 'cairn-promotion-decision',
      request: { id: requestId, targetStage: 'STAGING', manifestDigest: version.manifest_digest },
      policy: { riskTier: 'LOW', version: 1 },
      approvals: [{ approver: approver.email, comment: 'looks good' }],
      guardrails: { passed: true, bundleVersion: expect.stringMatching(/^sha256:/) },
    });
    const verifies = (text: string) =>
      createVerify('sha256').update(text).verify(publicKey, Buffer.from(signature, 'base64'));
    expect(verifies(record)).toBe(true);
    expect(verifies(record.replace('"LOW"', '"HIGH"'))).toBe(false);
  });
});

describe('approval rules', () => {
  it('never lets the requester or the version’s author approve, whatever their roles', async () => {
    const both: Principal = {
      ...engineer,
      subject: 'both',
      email: 'both@demo.cairn',
      memberships: [{ team: 'fraud-detection', role: 'contributor', approver: true }],
    };
    const id = await newVersion();
    const { id: requestId } = (await request(id, 'STAGING', both)).data!.requestPromotion;
    const own = await approve(requestId, both);
    expect(code(own)).toBe('FORBIDDEN');
    expect(own.errors?.[0]?.message).toMatch(/own promotion request/);

    const authored = await newVersion('fraud-detection', both);
    const { id: other } = (await request(authored, 'STAGING', engineer)).data!.requestPromotion;
    expect((await approve(other, both)).errors?.[0]?.message).toMatch(/registered this version/);
    expect(await stageOf(authored)).toBe('DEVELOPMENT');
  });

  it('needs two distinct approvers for a MEDIUM model’s PRODUCTION, and one approver counts once', async () => {
    const id = await newVersion();
    await promoteVersion(governance, id, 'STAGING');
    const { id: requestId } = (await request(id, 'PRODUCTION')).data!.requestPromotion;
    const first = await approve(requestId, fraudApprover(1));
    expect(first.data!.approvePromotion).toMatchObject({
      status: 'PENDING',
      progress: { met: false, remaining: 1, countedApprovers: ['fraud-approver-1'] },
    });
    expect(code(await approve(requestId, fraudApprover(1)))).toBe('CONFLICT');
    expect(await stageOf(id)).toBe('STAGING');
    const second = await approve(requestId, fraudApprover(2));
    expect(second.data!.approvePromotion.status).toBe('APPROVED');
    expect(await stageOf(id)).toBe('PRODUCTION');
  });

  it('needs an approver holding the security role for a HIGH model’s PRODUCTION', async () => {
    const id = await newVersion();
    await setTier(id, 'HIGH');
    await promoteVersion(governance, id, 'STAGING');
    const { id: requestId } = (await request(id, 'PRODUCTION')).data!.requestPromotion;
    await approve(requestId, fraudApprover(3));
    const two = await approve(requestId, fraudApprover(4));
    expect(two.data!.approvePromotion).toMatchObject({
      status: 'PENDING',
      progress: { met: false, remaining: 0, missingRoles: ['security'] },
    });
    expect(two.data!.approvePromotion.progress.summary).toMatch(/an approver holding security/);
    const granted = await run(GRANT_ROLE, { input: { role: 'security', subject: 'fraud-security' } }, admin);
    expect(granted.errors).toBeUndefined();
    const third = await approve(requestId, approverOf('fraud-detection', 'fraud-security'));
    expect(third.data!.approvePromotion.status).toBe('APPROVED');
    expect(await stageOf(id)).toBe('PRODUCTION');
  });

  it('counts only named approvers under a CRITICAL policy that names them (N of M)', async () => {
    const named = ['crit-1', 'crit-2', 'crit-3'];
    const changed = await run(
      SET_POLICY,
      {
        input: { riskTier: 'CRITICAL', targetStage: 'STAGING', requiredApprovals: 2, namedApprovers: named },
      },
      admin,
    );
    expect(changed.errors).toBeUndefined();
    const id = await newVersion();
    await setTier(id, 'CRITICAL');
    const { id: requestId } = (await request(id, 'STAGING')).data!.requestPromotion;
    const stranger = await approve(requestId, fraudApprover(5));
    expect(code(stranger)).toBe('FORBIDDEN');
    expect(stranger.errors?.[0]?.message).toMatch(/names its approvers/);
    await approve(requestId, approverOf('fraud-detection', 'crit-1'));
    const done = await approve(requestId, approverOf('fraud-detection', 'crit-3'));
    expect(done.data!.approvePromotion.status).toBe('APPROVED');
  });

  it('stops counting approvals given under an earlier policy version', async () => {
    const id = await newVersion();
    await setTier(id, 'LOW');
    await promoteVersion(governance, id, 'STAGING');
    await run(
      SET_POLICY,
      { input: { riskTier: 'LOW', targetStage: 'PRODUCTION', requiredApprovals: 2 } },
      admin,
    );
    const { id: requestId } = (await request(id, 'PRODUCTION')).data!.requestPromotion;
    await approve(requestId, fraudApprover(6));
    // The policy changes again while the request is open: the approval above no longer counts.
    await run(
      SET_POLICY,
      { input: { riskTier: 'LOW', targetStage: 'PRODUCTION', requiredApprovals: 2 } },
      admin,
    );
    const after = await approve(requestId, fraudApprover(7));
    expect(after.data!.approvePromotion).toMatchObject({
      status: 'PENDING',
      progress: {
        countedApprovers: ['fraud-approver-7'],
        staleApprovers: ['fraud-approver-6'],
        remaining: 1,
      },
    });
  });

  it('forbids an approver of another team, and hides a private model’s request as NOT_FOUND', async () => {
    const id = await newVersion('search-ranking');
    const { id: requestId } = (await request(id, 'STAGING', outsider)).data!.requestPromotion;
    expect(code(await approve(requestId, approver))).toBe('FORBIDDEN');
    expect(await stageOf(id)).toBe('DEVELOPMENT');

    const hidden = await registry.execute(
      'mutation($id: ID!) { setModelVisibility(modelId: $id, visibility: PRIVATE) { id } }',
      { id: await modelOf(id) },
      admin,
    );
    expect(hidden.errors).toBeUndefined();
    expect(code(await run(GET, { id: requestId }, engineer))).toBe('NOT_FOUND');
    expect(code(await approve(requestId, approver))).toBe('NOT_FOUND');
    expect((await run(GET, { id: requestId }, outsider)).errors).toBeUndefined();
  });
});

describe('guardrails', () => {
  const GUARDRAILS = /* GraphQL */ `
    query($id: ID!) {
      promotionRequest(id: $id) { guardrails { passed bundleVersion riskTier results { check passed explanation } } }
    }`;
  type Guardrails = {
    promotionRequest: {
      guardrails: {
        passed: boolean;
        bundleVersion: string;
        riskTier: string;
        results: { check: string; passed: boolean; explanation: string }[];
      };
    };
  };

  it('run at once, record the evidence and the policy bundle, and block an approval that fails them', async () => {
    // A version registered without a model card.
    const { registerModel } = (
      await registry.execute<{ registerModel: { id: string } }>(
        'mutation { registerModel(input: { team: "fraud-detection", name: "no-card", license: "MIT" }) { id } }',
        {},
        pipeline,
      )
    ).data!;
    const { createModelVersion } = (
      await registry.execute<{ createModelVersion: { id: string } }>(
        'mutation($m: ID!) { createModelVersion(input: { modelId: $m }) { id } }',
        { m: registerModel.id },
        pipeline,
      )
    ).data!;
    const { id: requestId } = (await request(createModelVersion.id, 'STAGING')).data!.requestPromotion;
    const evaluated = await run<Guardrails>(GUARDRAILS, { id: requestId }, approver);
    const { guardrails } = evaluated.data!.promotionRequest;
    expect(guardrails).toMatchObject({
      passed: false,
      riskTier: 'MEDIUM',
      bundleVersion: expect.stringMatching(/^sha256:/),
    });
    const card = guardrails.results.find((r) => r.check === 'modelCard')!;
    expect(card.passed).toBe(false);
    const signature = guardrails.results.find((r) => r.check === 'signature')!;
    expect(signature.passed).toBe(true);

    const refused = await approve(requestId, approver);
    expect(code(refused)).toBe('FAILED_PRECONDITION');
    expect(refused.errors?.[0]?.message).toMatch(/guardrails fail.*modelCard/);
    expect(await stageOf(createModelVersion.id)).toBe('DEVELOPMENT');
  });

  it('ask to be run again when the model’s risk tier changed since they ran', async () => {
    const id = await newVersion();
    const { id: requestId } = (await request(id, 'STAGING')).data!.requestPromotion;
    await setTier(id, 'HIGH');
    const stale = await approve(requestId, approver);
    expect(code(stale)).toBe('FAILED_PRECONDITION');
    expect(stale.errors?.[0]?.message).toMatch(/run them again/);
    expect(code(await run(RERUN, { id: requestId }, outsider))).toBe('FORBIDDEN');
    expect((await run(RERUN, { id: requestId }, engineer)).errors).toBeUndefined();
    const rerun = await run<Guardrails>(GUARDRAILS, { id: requestId }, approver);
    expect(rerun.data!.promotionRequest.guardrails).toMatchObject({ passed: true, riskTier: 'HIGH' });
    expect((await approve(requestId, approver)).data!.approvePromotion.status).toBe('APPROVED');
  });
});

describe('the life of a request', () => {
  it('is rejected with a reason by one approver, and then takes no approval', async () => {
    const id = await newVersion();
    const { id: requestId } = (await request(id, 'STAGING')).data!.requestPromotion;
    const noReason = await run(REJECT, { input: { id: requestId, reason: '  ' } }, approver);
    expect(code(noReason)).toBe('BAD_USER_INPUT');
    const rejected = await run<{ rejectPromotion: { status: string; decisionReason: string } }>(
      REJECT,
      { input: { id: requestId, reason: 'no evaluation yet' } },
      approver,
    );
    expect(rejected.data!.rejectPromotion).toMatchObject({
      status: 'REJECTED',
      decisionReason: 'no evaluation yet',
    });
    expect(code(await approve(requestId, fraudApprover(8)))).toBe('FAILED_PRECONDITION');
    expect(await stageOf(id)).toBe('DEVELOPMENT');
    // A new request may follow a closed one.
    expect((await request(id, 'STAGING')).errors).toBeUndefined();
  });

  it('allows one open request per version and target, from the right stage only', async () => {
    const id = await newVersion();
    expect(code(await request(id, 'PRODUCTION'))).toBe('FAILED_PRECONDITION');
    expect((await request(id, 'STAGING')).errors).toBeUndefined();
    expect(code(await request(id, 'STAGING'))).toBe('CONFLICT');
    const racing = await Promise.all(Array.from({ length: 4 }, () => request(id, 'STAGING')));
    expect(racing.map(code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
  });

  it('is withdrawn by its requester only', async () => {
    const id = await newVersion();
    const { id: requestId } = (await request(id, 'STAGING')).data!.requestPromotion;
    const other: Principal = { ...engineer, subject: 'other', email: 'other@demo.cairn' };
    expect(code(await run(WITHDRAW, { id: requestId }, other))).toBe('FORBIDDEN');
    const withdrawn = await run<{ withdrawPromotion: { status: string } }>(
      WITHDRAW,
      { id: requestId },
      engineer,
    );
    expect(withdrawn.data!.withdrawPromotion.status).toBe('WITHDRAWN');
  });

  it('expires when nobody decides it in time, and then takes no approval', async () => {
    const id = await newVersion();
    const { id: requestId } = (await request(id, 'STAGING')).data!.requestPromotion;
    // The clock moves on: the owner rewrites the deadline behind the record's guard.
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      await owner.query(
        'ALTER TABLE governance.promotion_request DISABLE TRIGGER promotion_request_decided_once',
      );
      await owner.query(
        `UPDATE governance.promotion_request SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [requestId],
      );
      await owner.query(
        'ALTER TABLE governance.promotion_request ENABLE TRIGGER promotion_request_decided_once',
      );
    } finally {
      await owner.end();
    }
    expect(code(await approve(requestId, approver))).toBe('FAILED_PRECONDITION');
    // The expiry job closes it, with an event.
    const directory = new ModelDirectory(governance.dataSource, 'governance');
    const promotions = new PromotionService(
      governance.dataSource,
      directory,
      new StageTransitionService(governance.dataSource, directory),
      {
        ttlHours: 1,
        signer: new SignerHandle(async () => {
          throw new Error('expiry signs nothing');
        }),
      },
    );
    expect(await promotions.expireDue()).toBeGreaterThanOrEqual(1);
    const [row] = await governance.dataSource.query(
      'SELECT status, decided_by FROM governance.promotion_request WHERE id = $1',
      [requestId],
    );
    expect(row).toEqual({ status: 'EXPIRED', decided_by: 'cairn' });
    const events = await governance.dataSource.query(
      `SELECT count(*)::int AS n FROM governance.event_log WHERE subject_id = $1 AND type = 'governance.PromotionExpired'`,
      [requestId],
    );
    expect(events[0].n).toBe(1);
  });

  it('deprecates the PRODUCTION version a new one replaces, as superseded', async () => {
    const [first, second] = await createVersions(registry, 2, 'fraud-detection', pipeline);
    for (const id of [first!, second!]) await promoteVersion(governance, id, 'STAGING');
    await promoteVersion(governance, first!, 'PRODUCTION');
    await promoteVersion(governance, second!, 'PRODUCTION');
    expect(await stageOf(first!)).toBe('DEPRECATED');
    expect(await stageOf(second!)).toBe('PRODUCTION');
    const [row] = await governance.dataSource.query(
      `SELECT reason FROM governance.stage_transition WHERE model_version_id = $1 AND to_stage = 'DEPRECATED'`,
      [first],
    );
    expect(row.reason).toMatch(/^superseded by version \d+$/);
  });
});

describe('rollback', () => {
  const ROLLBACK = /* GraphQL */ `
    mutation($input: RollbackProductionInput!) {
      rollbackProduction(input: $input) { id kind status modelVersionId decisionRecord { record } }
    }`;
  type RolledBack = {
    rollbackProduction: {
      id: string;
      kind: string;
      status: string;
      modelVersionId: string;
      decisionRecord: { record: string } | null;
    };
  };
  const rollback = (input: Record<string, unknown>, principal: Principal) =>
    run<RolledBack>(ROLLBACK, { input }, principal);

  /** Two versions of a new model, the second in PRODUCTION after superseding the first. */
  async function replaced(tier?: string) {
    const [first, second] = await createVersions(registry, 2, 'fraud-detection', pipeline);
    if (tier) await setTier(first!, tier);
    for (const id of [first!, second!]) await promoteVersion(governance, id, 'STAGING');
    await promoteVersion(governance, first!, 'PRODUCTION');
    await promoteVersion(governance, second!, 'PRODUCTION');
    return { first: first!, second: second!, modelId: await modelOf(first!) };
  }

  it('returns PRODUCTION to the version it replaced at once, signed and published', async () => {
    const { first, second, modelId } = await replaced();
    expect(code(await rollback({ modelId, reason: 'latency regression' }, engineer))).toBe('FORBIDDEN');
    const done = await rollback({ modelId, reason: 'latency regression' }, approver);
    expect(done.errors).toBeUndefined();
    expect(done.data!.rollbackProduction).toMatchObject({
      kind: 'ROLLBACK',
      status: 'APPROVED',
      modelVersionId: first,
    });
    expect(await stageOf(first)).toBe('PRODUCTION');
    expect(await stageOf(second)).toBe('DEPRECATED');
    expect(JSON.parse(done.data!.rollbackProduction.decisionRecord!.record)).toMatchObject({
      kind: 'ROLLBACK',
      guardrails: null,
    });
    const [event] = await governance.dataSource.query(
      `SELECT payload FROM governance.event_log WHERE type = 'governance.ProductionRolledBack' AND subject_id = $1`,
      [done.data!.rollbackProduction.id],
    );
    expect(event.payload).toMatchObject({
      fromVersionId: second,
      toVersionId: first,
      reason: 'latency regression',
    });
  });

  it('refuses what cannot be rolled back, with reasons', async () => {
    const [lonely] = await createVersions(registry, 1, 'fraud-detection', pipeline);
    const lonelyModel = await modelOf(lonely!);
    expect(code(await rollback({ modelId: lonelyModel, reason: 'x' }, approver))).toBe('FAILED_PRECONDITION');
    const { second, modelId } = await replaced();
    const [never] = await createVersions(registry, 1, 'fraud-detection', pipeline);
    expect(code(await rollback({ modelId, toVersionId: never, reason: 'x' }, approver))).toBe('NOT_FOUND');
    expect(code(await rollback({ modelId, toVersionId: second, reason: 'x' }, approver))).toBe(
      'FAILED_PRECONDITION',
    );
    expect(code(await rollback({ modelId, reason: '' }, approver))).toBe('BAD_USER_INPUT');
    expect(code(await rollback({ modelId: randomUUID(), reason: 'x' }, approver))).toBe('NOT_FOUND');
  });

  it('waits for approval when the tier’s PRODUCTION policy says so, and the requester cannot give it', async () => {
    const changed = await run(
      SET_POLICY,
      {
        input: {
          riskTier: 'HIGH',
          targetStage: 'PRODUCTION',
          requiredApprovals: 1,
          rollbackNeedsApproval: true,
        },
      },
      admin,
    );
    expect(changed.errors).toBeUndefined();
    const { first, second, modelId } = await replaced('HIGH');
    const asked = await rollback({ modelId, reason: 'bad canary' }, approver);
    expect(asked.data!.rollbackProduction).toMatchObject({ kind: 'ROLLBACK', status: 'PENDING' });
    expect(await stageOf(first)).toBe('DEPRECATED');
    const id = asked.data!.rollbackProduction.id;
    expect(code(await approve(id, approver))).toBe('FORBIDDEN');
    const approved = await approve(id, fraudApprover(9));
    expect(approved.data!.approvePromotion.status).toBe('APPROVED');
    expect(await stageOf(first)).toBe('PRODUCTION');
    expect(await stageOf(second)).toBe('DEPRECATED');
  });
});

describe('inbox and risk tiers', () => {
  it('shows approvers what awaits them, never their own requests or what they decided', async () => {
    const id = await newVersion();
    const { id: requestId } = (await request(id, 'STAGING')).data!.requestPromotion;
    const inboxOf = async (principal: Principal) =>
      (await run<{ promotionInbox: { id: string }[] }>(INBOX, {}, principal)).data!.promotionInbox.map(
        (r) => r.id,
      );
    expect(await inboxOf(approver)).toContain(requestId);
    expect(await inboxOf(engineer)).not.toContain(requestId);
    expect(await inboxOf(outsider)).toEqual([]);
    await approve(requestId, approver);
    expect(await inboxOf(approver)).not.toContain(requestId);
  });

  it('lets maintainers set a tier, with a recorded history, and nobody else', async () => {
    const id = await newVersion();
    const modelId = await modelOf(id);
    const input = { modelId, tier: 'HIGH', reason: 'credit decisions' };
    expect(code(await run(SET_TIER, { input }, engineer))).toBe('FORBIDDEN');
    expect(code(await run(SET_TIER, { input: { ...input, modelId: randomUUID() } }, maintainer))).toBe(
      'NOT_FOUND',
    );
    expect(code(await run(SET_TIER, { input: { ...input, tier: 'EXTREME' } }, maintainer))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await run(SET_TIER, { input }, maintainer)).errors).toBeUndefined();
    const model = await run<{ _entities: { riskTier: string; riskTierHistory: unknown[] }[] }>(
      MODEL,
      { r: [{ __typename: 'Model', id: modelId }] },
      engineer,
    );
    expect(model.data!._entities[0]).toEqual({
      riskTier: 'HIGH',
      riskTierHistory: [{ from: null, to: 'HIGH', reason: 'credit decisions', actor: maintainer.email }],
    });
  });

  it('lowers a tier only once an approver other than the one who asked approves it; raising is at once', async () => {
    const id = await newVersion();
    const modelId = await modelOf(id);
    const tierOf = async () =>
      (
        await run<{ _entities: { riskTier: string; pendingRiskTierChange: { to: string } | null }[] }>(
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { riskTier pendingRiskTierChange { to } } } }',
          { r: [{ __typename: 'Model', id: modelId }] },
          engineer,
        )
      ).data!._entities[0];
    // The default MEDIUM lowered to LOW: a request, the tier unchanged.
    const asked = await run<{
      setModelRiskTier: {
        tier: string;
        pendingChange: { id: string; from: string; to: string; status: string };
      };
    }>(SET_TIER, { input: { modelId, tier: 'LOW', reason: 'internal reporting only' } }, maintainer);
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.setModelRiskTier).toMatchObject({
      tier: 'MEDIUM',
      pendingChange: { from: 'MEDIUM', to: 'LOW', status: 'PENDING' },
    });
    expect(await tierOf()).toEqual({ riskTier: 'MEDIUM', pendingRiskTierChange: { to: 'LOW' } });
    const requestId = asked.data!.setModelRiskTier.pendingChange.id;
    const again = await run(SET_TIER, { input: { modelId, tier: 'LOW', reason: 'again' } }, maintainer);
    expect(code(again)).toBe('CONFLICT');
    // Neither a maintainer who approves nothing, nor an approver of another team, decides it.
    expect(code(await run(APPROVE_TIER, { id: requestId }, maintainer))).toBe('FORBIDDEN');
    const askerWhoApproves = {
      ...maintainer,
      memberships: [{ team: 'fraud-detection', role: 'maintainer' as const, approver: true }],
    };
    const own = await run(APPROVE_TIER, { id: requestId }, askerWhoApproves);
    expect(code(own)).toBe('FORBIDDEN');
    expect(own.errors?.[0]?.message).toContain('You asked for this change');
    expect(code(await run(APPROVE_TIER, { id: requestId }, approverOf('search-ranking', 'other-team')))).toBe(
      'FORBIDDEN',
    );
    expect(code(await run(APPROVE_TIER, { id: randomUUID() }, fraudApprover(1)))).toBe('NOT_FOUND');
    const approved = await run<{ approveRiskTierChange: unknown }>(
      APPROVE_TIER,
      { id: requestId },
      fraudApprover(1),
    );
    expect(approved.data?.approveRiskTierChange).toEqual({
      status: 'APPROVED',
      from: 'MEDIUM',
      to: 'LOW',
      decidedBy: 'fraud-approver-1',
    });
    expect(await tierOf()).toEqual({ riskTier: 'LOW', pendingRiskTierChange: null });
    expect(code(await run(APPROVE_TIER, { id: requestId }, fraudApprover(2)))).toBe('FAILED_PRECONDITION');

    // Raising is immediate; lowering again can be rejected, with a reason.
    const raised = await run<{ setModelRiskTier: { tier: string; pendingChange: null } }>(
      SET_TIER,
      { input: { modelId, tier: 'HIGH', reason: 'now decides on payments' } },
      maintainer,
    );
    expect(raised.data!.setModelRiskTier).toMatchObject({ tier: 'HIGH', pendingChange: null });
    const lower = await run<{ setModelRiskTier: { pendingChange: { id: string } } }>(
      SET_TIER,
      { input: { modelId, tier: 'MEDIUM', reason: 'payments moved elsewhere' } },
      maintainer,
    );
    const lowerId = lower.data!.setModelRiskTier.pendingChange.id;
    expect(code(await run(REJECT_TIER, { input: { id: lowerId, reason: '' } }, fraudApprover(1)))).toBe(
      'BAD_USER_INPUT',
    );
    const rejected = await run<{ rejectRiskTierChange: unknown }>(
      REJECT_TIER,
      { input: { id: lowerId, reason: 'payments still flow through it' } },
      fraudApprover(1),
    );
    expect(rejected.data?.rejectRiskTierChange).toEqual({
      status: 'REJECTED',
      decisionReason: 'payments still flow through it',
    });
    expect(await tierOf()).toEqual({ riskTier: 'HIGH', pendingRiskTierChange: null });
    // The approver's decision is on the record, with who asked.
    const [event] = await governance.dataSource.query(
      `SELECT actor, payload FROM governance.event_log WHERE type = 'governance.RiskTierChanged'
        AND subject_id = $1 AND payload->>'to' = 'LOW'`,
      [modelId],
    );
    expect(event).toMatchObject({
      actor: 'fraud-approver-1',
      payload: { requestId, approvedBy: 'fraud-approver-1' },
    });
  });

  it('resolves the risk tier and history of many models in a constant number of queries, hiding private ones', async () => {
    const versions = await Promise.all(Array.from({ length: 8 }, () => newVersion()));
    const models = await Promise.all(versions.map(modelOf));
    const representations = models.map((id) => ({ __typename: 'Model', id }));
    // Once the model directory has the new versions (a model it lacks is looked up on its own).
    await expect
      .poll(
        async () =>
          (
            await governance.dataSource.query(
              'SELECT count(*)::int AS n FROM governance.known_model_version WHERE model_id = ANY($1::uuid[])',
              [models],
            )
          )[0].n,
        { timeout: 10_000 },
      )
      .toBe(8);
    let result: Awaited<ReturnType<typeof run<{ _entities: { riskTier: string }[] }>>> | undefined;
    const queries = await countQueries(
      governance.dataSource,
      async () => {
        result = await run(MODEL, { r: representations }, engineer);
      },
      (sql) => /someVersionOfModel|selectRiskTierChanges|selectModelRisks/.test(sql),
    );
    expect(result!.errors).toBeUndefined();
    expect(result!.data!._entities).toHaveLength(8);
    // One batch each: the models' versions, their tiers and their histories.
    expect(queries).toBe(3);

    const hidden = await registry.execute(
      'mutation($id: ID!) { setModelVisibility(modelId: $id, visibility: PRIVATE) { id } }',
      { id: models[0] },
      admin,
    );
    expect(hidden.errors).toBeUndefined();
    await expect
      .poll(async () => code(await run(MODEL, { r: [representations[0]] }, outsider)), { timeout: 10_000 })
      .toBe('NOT_FOUND');
    expect((await run(MODEL, { r: [representations[0]] }, engineer)).errors).toBeUndefined();
  });

  it('refuses malformed input with typed errors and writes nothing', async () => {
    const id = await newVersion();
    const before = await governance.dataSource.query(
      'SELECT count(*)::int AS n FROM governance.promotion_request',
    );
    expect(code(await request(id, 'STAGING', engineer, ''))).toBe('BAD_USER_INPUT');
    expect(code(await request(id, 'LIVE'))).toBe('BAD_USER_INPUT');
    expect(code(await request('not-a-uuid', 'STAGING'))).toBe('NOT_FOUND');
    expect(code(await approve('not-a-uuid', approver))).toBe('NOT_FOUND');
    expect(code(await approve(randomUUID(), approver))).toBe('NOT_FOUND');
    expect(
      code(
        await run(
          SET_POLICY,
          { input: { riskTier: 'LOW', targetStage: 'STAGING', requiredApprovals: 3, namedApprovers: ['a'] } },
          admin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await run(
          SET_POLICY,
          { input: { riskTier: 'LOW', targetStage: 'STAGING', requiredApprovals: 1 } },
          maintainer,
        ),
      ),
    ).toBe('FORBIDDEN');
    const after = await governance.dataSource.query(
      'SELECT count(*)::int AS n FROM governance.promotion_request',
    );
    expect(after).toEqual(before);
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Keys trusted per team, through the gateway with real sign-ins: a training pipeline signs
 * versions with its own key and attaches the signature; governance trusts the key for the
 * team; rotation keeps what the old key signed; revocation stops trust from its time on. The
 * registry's own key is revoked first (a compromise), so only the team's keys can speak.
 */
let stack: RunningStack;
let issuer: TestIssuer;
const tokens = {} as Record<'admin' | 'maintainer' | 'pipeline' | 'approver', string>;
const TEAM = 'fraud-detection';

async function call(token: string, query: string, variables: Record<string, unknown> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the answers
  return postGraphQL<Record<string, any>>(
    stack.gatewayUrl,
    { query, variables },
    { authorization: `Bearer ${token}` },
  );
}

async function must(token: string, query: string, variables: Record<string, unknown> = {}) {
  const answer = await call(token, query, variables);
  expect(answer.errors, query).toBeUndefined();
  return answer.data!;
}

function newSigner() {
  return LocalKeySigner.fromPem(
    generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  );
}
type Signer = ReturnType<typeof newSigner>;

/** A complete version of a new model, without files (so a signature covers no resources). */
async function newVersion() {
  const model = await must(
    tokens.pipeline,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    {
      i: { team: TEAM, name: `signed-${randomBytes(4).toString('hex')}`, license: 'MIT' },
    },
  );
  const version = await must(
    tokens.pipeline,
    'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id signature { keyId publicKey } } }',
    { i: { modelId: model.registerModel.id, card: COMPLETE_CARD, provenance: COMPLETE_PROVENANCE } },
  );
  return version.createModelVersion as { id: string; signature: { keyId: string; publicKey: string } };
}

async function signatureBy(signer: Signer) {
  const bundle = await createModelSignature({ modelName: 'pipeline', resources: [], signer });
  return { bundle: JSON.stringify(bundle), publicKey: signer.publicKeyPem() };
}

function attach(
  versionId: string,
  signature: { bundle: string; publicKey: string },
  token = tokens.pipeline,
) {
  return call(
    token,
    'mutation($i: AttachModelVersionSignatureInput!) { attachModelVersionSignature(input: $i) { keyId source attachedBy } }',
    { i: { modelVersionId: versionId, ...signature } },
  );
}

async function registerKey(signer: Signer, name: string) {
  const made = await must(
    tokens.maintainer,
    'mutation($i: RegisterSigningKeyInput!) { registerSigningKey(input: $i) { keyId team active } }',
    { i: { team: TEAM, name, publicKey: signer.publicKeyPem() } },
  );
  return made.registerSigningKey as { keyId: string; team: string; active: boolean };
}

const GUARDRAILS = 'guardrails { passed results { check passed explanation } }';

/** Asks for STAGING and answers the signature check of the guardrails that ran at once. */
async function requestStaging(versionId: string) {
  const asked = await must(
    tokens.pipeline,
    `mutation($i: RequestPromotionInput!) { requestPromotion(input: $i) { id ${GUARDRAILS} } }`,
    { i: { modelVersionId: versionId, targetStage: 'STAGING', justification: 'trusted keys test' } },
  );
  return { id: asked.requestPromotion.id as string, signature: signatureCheck(asked.requestPromotion) };
}

async function rerun(requestId: string) {
  const again = await must(
    tokens.pipeline,
    `mutation($id: ID!) { rerunGuardrails(id: $id) { ${GUARDRAILS} } }`,
    {
      id: requestId,
    },
  );
  return signatureCheck(again.rerunGuardrails);
}

function signatureCheck(request: {
  guardrails: { results: { check: string; passed: boolean; explanation: string }[] };
}) {
  return request.guardrails.results.find((r) => r.check === 'signature')!;
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  const db = await createTestDatabase();
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
  tokens.admin = await issuer.token('keys-admin', ['cairn-platform-admins']);
  tokens.maintainer = await issuer.token('keys-maintainer', [`cairn-${TEAM}-maintainers`]);
  tokens.pipeline = await issuer.token('keys-pipeline', [`cairn-${TEAM}-contributors`]);
  tokens.approver = await issuer.token('keys-approver', [`cairn-${TEAM}-approvers`]);
  await must(tokens.admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
    i: { slug: TEAM, name: TEAM },
  });
  // The registry's key is compromised: a platform admin registers and revokes it, backdated.
  const { signature } = await newVersion();
  const registered = await must(
    tokens.admin,
    'mutation($i: RegisterSigningKeyInput!) { registerSigningKey(input: $i) { keyId team } }',
    { i: { name: 'registry key', publicKey: signature.publicKey } },
  );
  expect(registered.registerSigningKey).toEqual({ keyId: signature.keyId, team: null });
  await must(tokens.admin, 'mutation($i: RevokeSigningKeyInput!) { revokeSigningKey(input: $i) { keyId } }', {
    i: { keyId: signature.keyId, reason: 'key file leaked', effectiveFrom: new Date(Date.now() - 3_600_000) },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
});

describe('trusted signing keys', () => {
  it('refuses a version signed only by a revoked key, and says why', async () => {
    const version = await newVersion();
    const { signature } = await requestStaging(version.id);
    expect(signature.passed).toBe(false);
    expect(signature.explanation).toContain('is revoked for signatures from');
    expect(signature.explanation).toContain('key file leaked');
  });

  it("passes with a pipeline's signature by a key trusted for the team", async () => {
    const pipeline = newSigner();
    expect(await registerKey(pipeline, 'pipeline 2026')).toEqual({
      keyId: pipeline.keyId,
      team: TEAM,
      active: true,
    });
    const version = await newVersion();
    const attached = await attach(version.id, await signatureBy(pipeline));
    expect(attached.errors).toBeUndefined();
    expect(attached.data!.attachModelVersionSignature).toEqual({
      keyId: pipeline.keyId,
      source: 'ATTACHED',
      attachedBy: expect.stringContaining('keys-pipeline'),
    });
    const { signature } = await requestStaging(version.id);
    expect(signature).toMatchObject({ passed: true });
    expect(signature.explanation).toContain(`key ${pipeline.keyId} verifies and the key is trusted`);

    const read = await must(
      tokens.pipeline,
      'query($id: ID!) { modelVersion(id: $id) { signatures { keyId source } } verifyModelVersion(id: $id) { valid checks { name passed } } }',
      { id: version.id },
    );
    expect(read.modelVersion.signatures).toEqual([
      { keyId: version.signature.keyId, source: 'REGISTRY' },
      { keyId: pipeline.keyId, source: 'ATTACHED' },
    ]);
    expect(read.verifyModelVersion.valid).toBe(true);
    expect(read.verifyModelVersion.checks).toContainEqual({
      name: `attached:${pipeline.keyId.slice(0, 16)}.signature`,
      passed: true,
    });
  });

  it('does not trust a key nobody registered for the team', async () => {
    const version = await newVersion();
    expect((await attach(version.id, await signatureBy(newSigner()))).errors).toBeUndefined();
    const { signature } = await requestStaging(version.id);
    expect(signature.passed).toBe(false);
    expect(signature.explanation).toContain(`is not registered as trusted for team "${TEAM}"`);
  });

  it('refuses signatures that do not cover the version, twice the same key, and keys of other curves', async () => {
    const version = await newVersion();
    const signer = newSigner();
    const other = await createModelSignature({
      modelName: 'pipeline',
      resources: [{ name: 'model.bin', algorithm: 'sha256', digest: 'a'.repeat(64) }],
      signer,
    });
    const wrong = await attach(version.id, {
      bundle: JSON.stringify(other),
      publicKey: signer.publicKeyPem(),
    });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrong.errors?.[0]?.message).toContain('does not verify');
    const mismatched = await attach(version.id, {
      bundle: (await signatureBy(signer)).bundle,
      publicKey: newSigner().publicKeyPem(),
    });
    expect(mismatched.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await attach(version.id, await signatureBy(signer))).errors).toBeUndefined();
    const again = await attach(version.id, await signatureBy(signer));
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const wrongCurve = await call(
      tokens.maintainer,
      'mutation($i: RegisterSigningKeyInput!) { registerSigningKey(input: $i) { keyId } }',
      { i: { team: TEAM, name: 'rsa', publicKey: rsa } },
    );
    expect(wrongCurve.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const notMine = await attach(version.id, await signatureBy(newSigner()), tokens.approver);
    expect(notMine.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps what a rotated key signed before the rotation, and nothing after', async () => {
    const old = newSigner();
    await registerKey(old, 'pipeline 2025');
    const before = await newVersion();
    await attach(before.id, await signatureBy(old));
    const beforeRequest = await requestStaging(before.id);
    expect(beforeRequest.signature.passed).toBe(true);

    const successor = newSigner();
    const rotated = await must(
      tokens.maintainer,
      'mutation($i: RotateSigningKeyInput!) { rotateSigningKey(input: $i) { retired { active replacedBy } successor { keyId active } } }',
      { i: { keyId: old.keyId, name: 'pipeline 2026-b', publicKey: successor.publicKeyPem() } },
    );
    expect(rotated.rotateSigningKey).toEqual({
      retired: { active: false, replacedBy: successor.keyId },
      successor: { keyId: successor.keyId, active: true },
    });
    expect((await rerun(beforeRequest.id)).passed).toBe(true);

    const after = await newVersion();
    await attach(after.id, await signatureBy(old));
    const afterRequest = await requestStaging(after.id);
    expect(afterRequest.signature.passed).toBe(false);
    expect(afterRequest.signature.explanation).toContain('was rotated out at');
    await attach(after.id, await signatureBy(successor));
    expect((await rerun(afterRequest.id)).passed).toBe(true);
  });

  it('stops trusting a revoked key from its effective time on, even for an open request', async () => {
    const pipeline = newSigner();
    await registerKey(pipeline, 'pipeline to revoke');
    const version = await newVersion();
    await attach(version.id, await signatureBy(pipeline));
    const request = await requestStaging(version.id);
    expect(request.signature.passed).toBe(true);

    // Revoked from now: what it signed before stays trusted.
    const revokedNow = newSigner();
    await registerKey(revokedNow, 'revoked from now');
    const signedBefore = await newVersion();
    await attach(signedBefore.id, await signatureBy(revokedNow));
    await must(
      tokens.maintainer,
      'mutation($i: RevokeSigningKeyInput!) { revokeSigningKey(input: $i) { active } }',
      {
        i: { keyId: revokedNow.keyId, reason: 'retired pipeline' },
      },
    );
    expect((await requestStaging(signedBefore.id)).signature.passed).toBe(true);
    const signedAfter = await newVersion();
    await attach(signedAfter.id, await signatureBy(revokedNow));
    expect((await requestStaging(signedAfter.id)).signature.passed).toBe(false);

    // Backdated past the signature of an open request: its approval is refused.
    await must(
      tokens.maintainer,
      'mutation($i: RevokeSigningKeyInput!) { revokeSigningKey(input: $i) { keyId } }',
      {
        i: { keyId: pipeline.keyId, reason: 'compromised', effectiveFrom: new Date(Date.now() - 3_600_000) },
      },
    );
    const approval = await call(
      tokens.approver,
      'mutation($i: ApprovePromotionInput!) { approvePromotion(input: $i) { status } }',
      {
        i: { id: request.id },
      },
    );
    expect(approval.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
    expect(approval.errors?.[0]?.message).toContain('no longer trusted');
    expect((await rerun(request.id)).passed).toBe(false);

    const twice = await call(
      tokens.maintainer,
      'mutation($i: RevokeSigningKeyInput!) { revokeSigningKey(input: $i) { keyId } }',
      {
        i: { keyId: pipeline.keyId, reason: 'again' },
      },
    );
    expect(twice.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
    const future = await call(
      tokens.maintainer,
      'mutation($i: RevokeSigningKeyInput!) { revokeSigningKey(input: $i) { keyId } }',
      {
        i: { keyId: revokedNow.keyId, reason: 'later', effectiveFrom: new Date(Date.now() + 86_400_000) },
      },
    );
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists the team’s keys and the platform’s, with their state', async () => {
    const listed = await must(
      tokens.pipeline,
      'query($t: String) { signingKeys(team: $t) { name team active revocationReason } }',
      { t: TEAM },
    );
    expect(listed.signingKeys).toContainEqual({
      name: 'registry key',
      team: null,
      active: false,
      revocationReason: 'key file leaked',
    });
    expect(listed.signingKeys).toContainEqual({
      name: 'pipeline 2026',
      team: TEAM,
      active: true,
      revocationReason: null,
    });
  });
});

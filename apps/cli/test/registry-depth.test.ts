import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CairnClient, memoryUploadStore, operations, staticToken, uploadFile } from '@cairn/sdk';
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
 * `cairn compare`, `deprecate`, `archive`, `hold`, `export` and `import`, run from dist/ as a user would, against a
 * real stack, each caller named by `CAIRN_TOKEN`.
 */
const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
const bin = path.join(repoRoot, 'apps/cli/bin/cairn.js');
const MODEL = 'fraud-detection/housekeeping-scorer';
let stack: RunningStack;
let issuer: TestIssuer;
let artifactDir: string;
let configHome: string;

async function cairn(subject: string, groups: string[], args: string[]) {
  const token = await issuer.token(subject, groups);
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: configHome,
    CAIRN_API_URL: new URL(stack.gatewayUrl).origin,
    CAIRN_TOKEN: token,
  };
  return run('node', [bin, ...args], { cwd: repoRoot, env }).then(
    ({ stdout }) => ({
      code: 0,
      stdout,
      json: /^[[{]/.test(stdout.trim()) ? JSON.parse(stdout) : undefined,
    }),
    (error: { code: number; stdout: string }) => ({
      code: error.code,
      stdout: error.stdout,
      json: error.stdout.trim().startsWith('{') ? JSON.parse(error.stdout) : undefined,
    }),
  );
}
const maintainer = (args: string[]) => cairn('mia', ['cairn-fraud-detection-maintainers'], args);
const contributor = (args: string[]) => cairn('eli', ['cairn-fraud-detection-contributors'], args);
const admin = (args: string[]) => cairn('root', ['cairn-platform-admins'], args);

async function registerVersion(
  client: CairnClient,
  modelId: string,
  files: Record<string, string>,
  hyperparameters: Record<string, unknown>,
  auc: number,
) {
  const inputs = [];
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(artifactDir, `${modelId}-${name}`);
    writeFileSync(file, content);
    const uploaded = await uploadFile(client, modelId, file, { store: memoryUploadStore() });
    inputs.push({ path: name, sha256: uploaded.sha256 });
  }
  const { createModelVersion } = await client.execute(operations.CreateModelVersionDocument, {
    input: { modelId, files: inputs, hyperparameters },
  });
  const token = await issuer.token('eli', ['cairn-fraud-detection-contributors']);
  const logged = await postGraphQL(
    stack.gatewayUrl,
    {
      query:
        'mutation($id: ID!, $value: Float!) { logMetrics(modelVersionId: $id, metrics: [{ name: "auc", value: $value, dataset: "holdout" }]) { id } }',
      variables: { id: createModelVersion.id, value: auc },
    },
    { authorization: `Bearer ${token}` },
  );
  expect(logged.errors).toBeUndefined();
}

beforeAll(async () => {
  await run('npx', ['turbo', 'run', 'build', '--filter=@cairn/cli', '--output-logs=errors-only'], {
    cwd: repoRoot,
  });
  issuer = await startTestIssuer();
  artifactDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-hk-artifacts-'));
  configHome = mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-hk-config-'));
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer.issuer,
    env: { NODE_ENV: 'test', OIDC_JWKS_URI: issuer.jwksUri, ARTIFACT_DIR: artifactDir },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  const root = await issuer.token('root', ['cairn-platform-admins']);
  const created = await postGraphQL(
    stack.gatewayUrl,
    { query: 'mutation { createTeam(input: { slug: "fraud-detection", name: "Fraud detection" }) { id } }' },
    { authorization: `Bearer ${root}` },
  );
  expect(created.errors).toBeUndefined();
  const eli = await issuer.token('eli', ['cairn-fraud-detection-contributors']);
  const client = new CairnClient({ apiUrl: new URL(stack.gatewayUrl).origin, auth: staticToken(eli) });
  const { registerModel } = await client.execute(operations.RegisterModelDocument, {
    input: { team: 'fraud-detection', name: 'housekeeping-scorer' },
  });
  await registerVersion(client, registerModel.id, { 'model.bin': 'one' }, { lr: 0.1, depth: 6 }, 0.9);
  await registerVersion(
    client,
    registerModel.id,
    { 'model.bin': 'two', 'vocab.txt': 'a b c' },
    { lr: 0.2, depth: 6 },
    0.93,
  );
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
  for (const dir of [artifactDir, configHome]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cairn compare', () => {
  it('lines up metrics with deltas, hyperparameters and artifacts against the baseline', async () => {
    const result = await contributor(['compare', MODEL, '1', '2', '--json']);
    expect(result.code).toBe(0);
    const comparison = result.json;
    expect(comparison.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(comparison.metrics).toHaveLength(1);
    expect(comparison.metrics[0]).toMatchObject({ name: 'auc', dataset: 'holdout', values: [0.9, 0.93] });
    expect(comparison.metrics[0].deltas[1]).toBeCloseTo(0.03);
    // Only differences by default: depth agrees, so only lr is listed.
    expect(comparison.hyperparameters).toEqual([{ key: 'lr', values: [0.1, 0.2], same: false }]);
    expect(comparison.artifacts.map((a: { path: string }) => a.path).sort()).toEqual([
      'model.bin',
      'vocab.txt',
    ]);

    const all = await contributor(['compare', MODEL, '1', '2', '--all', '--json']);
    expect(all.json.hyperparameters.map((h: { key: string }) => h.key).sort()).toEqual(['depth', 'lr']);

    const human = await contributor(['compare', MODEL, '1', '2']);
    expect(human.stdout).toContain('METRICS');
    expect(human.stdout).toMatch(/auc \[holdout\]\s+0\.9\s+0\.93 \(\+0\.03\)/);
  }, 60_000);

  it('refuses one version (usage, 2), an unknown one (not found, 4) and a repeated one (5)', async () => {
    expect((await contributor(['compare', MODEL, '1', '--json'])).code).toBe(2);
    const missing = await contributor(['compare', MODEL, '1', '9', '--json']);
    expect(missing.code).toBe(4);
    expect(missing.json.error).toMatchObject({ code: 'NOT_FOUND', exitCode: 4 });
    // The API refuses the same version twice as input.
    expect((await contributor(['compare', MODEL, '1', '1', '--json'])).code).toBe(5);
  }, 60_000);
});

describe('cairn deprecate, archive and hold', () => {
  it('deprecates with a successor and lifts it; a contributor is refused (3)', async () => {
    const refused = await contributor(['deprecate', `${MODEL}@1`, '--reason', 'leaks', '--json']);
    expect(refused.code).toBe(3);
    expect(refused.json.error.code).toBe('FORBIDDEN');

    const deprecated = await maintainer([
      'deprecate',
      `${MODEL}@1`,
      '--reason',
      'leaks future data',
      '--successor',
      '2',
      '--json',
    ]);
    expect(deprecated.code).toBe(0);
    expect(deprecated.json).toMatchObject({
      version: 1,
      deprecation: { reason: 'leaks future data', by: 'mia@demo.cairn', successor: { version: 2 } },
    });
    const lifted = await maintainer(['undeprecate', `${MODEL}@1`, '--reason', 'fixed', '--json']);
    expect(lifted.json).toMatchObject({ version: 1, deprecation: null });
  }, 60_000);

  it('places a legal hold once (twice is a conflict, 6) and releases it', async () => {
    const placed = await admin(['hold', 'place', `${MODEL}@2`, '--reason', 'case 2026-17', '--json']);
    expect(placed.code).toBe(0);
    expect(placed.json).toMatchObject({
      version: 2,
      legalHold: { reason: 'case 2026-17', placedBy: 'root@demo.cairn' },
    });
    const again = await admin(['hold', 'place', `${MODEL}@2`, '--reason', 'case 2026-17', '--json']);
    expect(again.code).toBe(6);
    expect(again.json.error.code).toBe('FAILED_PRECONDITION');
    const released = await admin(['hold', 'release', `${MODEL}@2`, '--reason', 'case closed', '--json']);
    expect(released.json).toMatchObject({ version: 2, legalHold: null });
  }, 60_000);

  it('archives a model, which stays readable, and unarchives it', async () => {
    const archived = await maintainer(['archive', MODEL, '--reason', 'replaced', '--json']);
    expect(archived.code).toBe(0);
    expect(archived.json).toMatchObject({
      name: 'housekeeping-scorer',
      archive: { reason: 'replaced', by: 'mia@demo.cairn' },
    });
    const shown = await contributor(['show', `${MODEL}@1`, '--json']);
    expect(shown.code).toBe(0);
    const blocked = await maintainer(['deprecate', `${MODEL}@1`, '--reason', 'late', '--json']);
    expect(blocked.code).toBe(6);
    const unarchived = await maintainer(['unarchive', MODEL, '--json']);
    expect(unarchived.json).toMatchObject({ archive: null });
  }, 60_000);
});

describe('cairn export and import', () => {
  it('exports a bundle, imports it into another model, and refuses it twice (6) or cut short (8)', async () => {
    const tar = path.join(artifactDir, 'scorer-v2.tar');
    const exported = await contributor(['export', `${MODEL}@2`, tar, '--json']);
    expect(exported.code).toBe(0);
    expect(exported.json).toMatchObject({ path: tar, source: { team: 'fraud-detection', version: 2 } });
    expect(exported.json.files.map((f: { path: string }) => f.path).sort()).toEqual([
      'model.bin',
      'vocab.txt',
    ]);
    expect(statSync(tar).size).toBe(exported.json.size);

    const target = 'fraud-detection/imported-scorer';
    const from = 'https://cairn.elsewhere.example';
    const imported = await contributor(['import', target, tar, '--from', from, '--create-model', '--json']);
    expect(imported.code).toBe(0);
    expect(imported.json.version).toMatchObject({
      version: 1,
      importedFrom: { instance: from, team: 'fraud-detection', model: 'housekeeping-scorer', version: 2 },
    });
    expect(imported.json.uploads).toHaveLength(2);
    const again = await contributor(['import', target, tar, '--from', from, '--json']);
    expect(again.code).toBe(6);
    expect(again.json.error.code).toBe('CONFLICT');

    const cut = path.join(artifactDir, 'cut.tar');
    const bytes = readFileSync(tar);
    // Cut into the files' bytes (the bundle ends with the signature entries, a few KiB).
    writeFileSync(cut, bytes.subarray(0, bytes.length - 64 * 1024));
    const refused = await contributor(['import', target, cut, '--from', from, '--json']);
    expect(refused.code).toBe(8);
    expect(refused.json.error.code).toMatch(/BAD_BUNDLE|DIGEST_MISMATCH/);
  }, 120_000);
});

describe('cairn promote and verify', () => {
  const PROMOTED = 'fraud-detection/promoted-scorer';
  const approver = (args: string[]) => cairn('ava', ['cairn-fraud-detection-approvers'], args);
  const CONTENT = 'promoted model bytes 0123456789';

  beforeAll(async () => {
    const eli = await issuer.token('eli', ['cairn-fraud-detection-contributors']);
    const client = new CairnClient({ apiUrl: new URL(stack.gatewayUrl).origin, auth: staticToken(eli) });
    const { registerModel } = await client.execute(operations.RegisterModelDocument, {
      input: { team: 'fraud-detection', name: 'promoted-scorer', license: 'MIT' },
    });
    const file = path.join(artifactDir, 'promoted.bin');
    writeFileSync(file, CONTENT);
    const uploaded = await uploadFile(client, registerModel.id, file, { store: memoryUploadStore() });
    await client.execute(operations.CreateModelVersionDocument, {
      input: {
        modelId: registerModel.id,
        files: [{ path: 'model.bin', sha256: uploaded.sha256 }],
        card: COMPLETE_CARD,
        provenance: COMPLETE_PROVENANCE,
      },
    });
  }, 120_000);

  it('requests a promotion, which an approver (not the requester) approves, and shows its status', async () => {
    const asked = await contributor([
      'promote',
      'request',
      `${PROMOTED}@1`,
      '--to',
      'staging',
      '--justification',
      'holdout looks good',
      '--json',
    ]);
    expect(asked.code).toBe(0);
    expect(asked.json).toMatchObject({
      status: 'PENDING',
      targetStage: 'STAGING',
      guardrails: { passed: true },
    });
    const id = asked.json.id as string;
    const own = await contributor(['promote', 'approve', id, '--json']);
    expect(own.code).toBe(3);
    const approved = await approver(['promote', 'approve', id, '--comment', 'ship it', '--json']);
    expect(approved.code).toBe(0);
    expect(approved.json).toMatchObject({ status: 'APPROVED' });
    const status = await contributor(['promote', 'status', `${PROMOTED}@1`, '--json']);
    expect(status.json).toMatchObject({ stage: 'STAGING', promotionRequests: [{ id, status: 'APPROVED' }] });
    const human = await contributor(['promote', 'status', id]);
    expect(human.stdout).toMatch(/approved by ava@demo\.cairn/);
    expect((await contributor(['promote', 'approve', 'not-an-id', '--json'])).code).toBe(2);
  }, 60_000);

  it('verifies a version on the server and an exported bundle offline; a changed byte exits 8', async () => {
    const online = await contributor(['verify', `${PROMOTED}@1`, '--json']);
    expect(online.code).toBe(0);
    expect(online.json).toMatchObject({ valid: true, signed: true });

    const tar = path.join(artifactDir, 'promoted-v1.tar');
    expect((await contributor(['export', `${PROMOTED}@1`, tar, '--json'])).code).toBe(0);
    const offline = await contributor(['verify', '--bundle', tar, '--json']);
    expect(offline.code).toBe(0);
    expect(offline.json).toMatchObject({ valid: true, keyFrom: 'embedded' });

    const bytes = readFileSync(tar);
    const at = bytes.indexOf(CONTENT);
    expect(at).toBeGreaterThan(0);
    bytes[at] = bytes[at]! ^ 1;
    const tampered = path.join(artifactDir, 'tampered.tar');
    writeFileSync(tampered, bytes);
    const refused = await contributor(['verify', '--bundle', tampered, '--json']);
    expect(refused.code).toBe(8);
    expect(refused.json.error.message).toMatch(/resources: .*model\.bin/);
  }, 60_000);
});

describe('cairn promote rollback', () => {
  const ROLLED = 'fraud-detection/rolled-scorer';
  const approverA = (args: string[]) => cairn('ava', ['cairn-fraud-detection-approvers'], args);
  const approverB = (args: string[]) => cairn('bo', ['cairn-fraud-detection-approvers'], args);

  async function promote(version: number, to: string) {
    const asked = await contributor([
      'promote',
      'request',
      `${ROLLED}@${version}`,
      '--to',
      to,
      '--justification',
      'ready',
      '--json',
    ]);
    expect(asked.code).toBe(0);
    for (const approve of [approverA, approverB]) {
      const answer = await approve(['promote', 'approve', asked.json.id, '--json']);
      expect(answer.code).toBe(0);
      if (answer.json.status === 'APPROVED') return;
    }
    throw new Error(`version ${version} did not reach ${to}`);
  }

  it('returns PRODUCTION to the version the current one replaced, in one command', async () => {
    const eli = await issuer.token('eli', ['cairn-fraud-detection-contributors']);
    const client = new CairnClient({ apiUrl: new URL(stack.gatewayUrl).origin, auth: staticToken(eli) });
    const { registerModel } = await client.execute(operations.RegisterModelDocument, {
      input: { team: 'fraud-detection', name: 'rolled-scorer', license: 'MIT' },
    });
    for (let i = 0; i < 2; i++) {
      await client.execute(operations.CreateModelVersionDocument, {
        input: { modelId: registerModel.id, card: COMPLETE_CARD, provenance: COMPLETE_PROVENANCE },
      });
    }
    for (const version of [1, 2]) {
      await promote(version, 'staging');
      await promote(version, 'production');
    }
    expect(
      (await contributor(['promote', 'rollback', ROLLED, '--reason', 'canary failed', '--json'])).code,
    ).toBe(3);
    const rolled = await approverA(['promote', 'rollback', ROLLED, '--reason', 'canary failed', '--json']);
    expect(rolled.code).toBe(0);
    expect(rolled.json).toMatchObject({ kind: 'ROLLBACK', status: 'APPROVED', modelVersion: { version: 1 } });
    const status = await contributor(['promote', 'status', `${ROLLED}@1`, '--json']);
    expect(status.json.stage).toBe('PRODUCTION');
  }, 120_000);
});

describe('cairn webhooks', () => {
  it('creates a subscription (the secret once), lists it, reads its deliveries and deletes it', async () => {
    const events = await maintainer(['webhooks', 'events', '--json']);
    expect(events.code).toBe(0);
    expect(events.stdout).toContain('governance.PromotionCompleted');

    const args = ['webhooks', 'create', 'fraud-detection', 'https://93.184.216.34/cairn'];
    const refused = await contributor([...args, '--events', 'governance.PromotionCompleted', '--json']);
    expect(refused.code).toBe(3);
    const created = await maintainer([...args, '--events', 'governance.PromotionCompleted', '--json']);
    expect(created.code).toBe(0);
    expect(created.json.secret).toMatch(/^whsec_/);
    const id = created.json.subscription.id as string;

    const listed = await maintainer(['webhooks', 'list', 'fraud-detection', '--json']);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(created.json.secret);
    const deliveries = await maintainer(['webhooks', 'deliveries', id, '--json']);
    expect(deliveries.code).toBe(0);
    expect(deliveries.json.totalCount).toBeGreaterThanOrEqual(0);
    expect((await maintainer(['webhooks', 'deliveries', id, '--status', 'nope', '--json'])).code).toBe(2);
    const unknown = await maintainer([...args, '--events', 'registry.NoSuchEvent', '--json']);
    expect(unknown.code).toBe(5);
    expect((await maintainer(['webhooks', 'delete', id, '--json'])).code).toBe(0);
  }, 60_000);
});

describe('cairn sign and cairn keys', () => {
  it("signs a version with the team's own key, trusts, rotates and revokes that key", async () => {
    const write = (name: string, pem: string) => {
      const file = path.join(artifactDir, name);
      writeFileSync(file, pem);
      return file;
    };
    const pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pipeline = pair();
    const privateKey = write(
      'pipeline.pem',
      pipeline.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const publicKey = write(
      'pipeline.pub',
      pipeline.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    const successor = write(
      'successor.pub',
      pair().publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );

    const bundleFile = path.join(artifactDir, 'model.sig');
    const signed = await contributor([
      'sign',
      `${MODEL}@2`,
      '--key',
      privateKey,
      '--out',
      bundleFile,
      '--json',
    ]);
    expect(signed.code).toBe(0);
    expect(signed.json).toMatchObject({ source: 'ATTACHED' });
    expect(JSON.parse(readFileSync(bundleFile, 'utf8')).mediaType).toContain('sigstore.bundle');
    expect((await contributor(['sign', `${MODEL}@2`, '--key', privateKey, '--json'])).code).toBe(6);
    expect((await contributor(['sign', `${MODEL}@2`, '--key', publicKey, '--json'])).code).toBe(2);

    expect(
      (
        await contributor([
          'keys',
          'register',
          'fraud-detection',
          '--name',
          'p',
          '--public-key',
          publicKey,
          '--json',
        ])
      ).code,
    ).toBe(3);
    const registered = await maintainer([
      'keys',
      'register',
      'fraud-detection',
      '--name',
      'pipeline 2026',
      '--public-key',
      publicKey,
      '--json',
    ]);
    expect(registered.code).toBe(0);
    expect(registered.json).toMatchObject({
      keyId: signed.json.keyId,
      team: 'fraud-detection',
      active: true,
    });
    const keyId = registered.json.keyId as string;

    const rotated = await maintainer([
      'keys',
      'rotate',
      keyId,
      '--name',
      'pipeline 2027',
      '--public-key',
      successor,
      '--json',
    ]);
    expect(rotated.code).toBe(0);
    expect(rotated.json.retired).toMatchObject({ keyId, active: false });
    const successorId = rotated.json.successor.keyId as string;
    expect(
      (
        await maintainer([
          'keys',
          'revoke',
          successorId,
          '--reason',
          'x',
          '--effective-from',
          'soon',
          '--json',
        ])
      ).code,
    ).toBe(2);
    const revoked = await maintainer([
      'keys',
      'revoke',
      successorId,
      '--reason',
      'pipeline retired',
      '--json',
    ]);
    expect(revoked.code).toBe(0);
    expect(revoked.json).toMatchObject({ active: false, revocationReason: 'pipeline retired' });

    const listed = await contributor(['keys', 'list', 'fraud-detection', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.json.map((k: { keyId: string }) => k.keyId)).toEqual(
      expect.arrayContaining([keyId, successorId]),
    );
  }, 90_000);
});

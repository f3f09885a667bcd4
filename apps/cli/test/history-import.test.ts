import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { createTestDatabase, postGraphQL, startTestIssuer, type TestIssuer } from '@cairn/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * `cairn history import` and `cairn history list`, run from dist/ as a platform admin migrating
 * from another registry would, against a real stack. The file (260 models) needs two calls.
 */
const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
const bin = path.join(repoRoot, 'apps/cli/bin/cairn.js');
const SOURCE = 'mlflow-prod';
const MODELS = 260;
let stack: RunningStack;
let issuer: TestIssuer;
let workDir: string;

const hours = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString();
/** Model i has 1 to 3 versions; every other version went to production a day later. */
function legacyModel(i: number, prefix = 'legacy') {
  const start = i * 2;
  return {
    team: i % 2 === 0 ? 'legacy-alpha' : 'legacy-beta',
    name: `${prefix}-model-${i}`,
    registeredAt: hours(start),
    versions: Array.from({ length: 1 + (i % 3) }, (_, v) => ({
      version: v + 1,
      registeredAt: hours(start + v),
      promotions:
        v % 2 === 0
          ? [
              {
                targetStage: 'PRODUCTION',
                requestedAt: hours(start + v + 1),
                decidedAt: hours(start + v + 24),
                outcome: 'COMPLETED',
                liveAt: hours(start + v + 25),
              },
            ]
          : [],
    })),
  };
}
const legacyFile = () => Array.from({ length: MODELS }, (_, i) => legacyModel(i));
const versionsIn = (models: ReturnType<typeof legacyModel>[]) =>
  models.reduce((sum, m) => sum + m.versions.length, 0);

function writeJson(name: string, value: unknown): string {
  const file = path.join(workDir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const parsed = (stdout: string) => (/^[[{]/.test(stdout.trim()) ? JSON.parse(stdout) : undefined);

async function cairn(subject: string, groups: string[], args: string[], env: Record<string, string> = {}) {
  const token = await issuer.token(subject, groups);
  const fullEnv = {
    ...process.env,
    XDG_CONFIG_HOME: workDir,
    CAIRN_API_URL: new URL(stack.gatewayUrl).origin,
    CAIRN_TOKEN: token,
    ...env,
  };
  return run('node', [bin, ...args], { cwd: repoRoot, env: fullEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr, json: parsed(stdout) }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
      json: parsed(error.stdout),
    }),
  );
}
const admin = (args: string[], env?: Record<string, string>) =>
  cairn('root', ['cairn-platform-admins'], [...args, '--json'], env);

async function importedHistory(source: string) {
  const token = await issuer.token('root', ['cairn-platform-admins']);
  const answer = await postGraphQL<{ insights: { importedHistory: { source: string; versions: number }[] } }>(
    stack.gatewayUrl,
    {
      query:
        'query { insights(from: "2024-12-01T00:00:00Z", to: "2025-06-01T00:00:00Z") { importedHistory { source versions promotions } } }',
    },
    { authorization: `Bearer ${token}` },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.insights.importedHistory.find((share) => share.source === source);
}

beforeAll(async () => {
  await run('npx', ['turbo', 'run', 'build', '--filter=@cairn/cli', '--output-logs=errors-only'], {
    cwd: repoRoot,
  });
  issuer = await startTestIssuer();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-history-'));
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer.issuer,
    env: { NODE_ENV: 'test', OIDC_JWKS_URI: issuer.jwksUri, ARTIFACT_DIR: workDir },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  const root = await issuer.token('root', ['cairn-platform-admins']);
  // The last four are the teams examples/history/legacy-registry.json names.
  for (const slug of [
    'legacy-alpha',
    'legacy-beta',
    'fraud-detection',
    'recommendations',
    'search-ranking',
    'platform',
  ]) {
    const created = await postGraphQL(
      stack.gatewayUrl,
      { query: `mutation { createTeam(input: { slug: "${slug}", name: "${slug}" }) { id } }` },
      { authorization: `Bearer ${root}` },
    );
    expect(created.errors).toBeUndefined();
  }
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('cairn history import', () => {
  it('imports the README’s example file as it stands', async () => {
    const example = path.join(repoRoot, 'examples/history/legacy-registry.json');
    const result = await admin(['history', 'import', example, '--source', 'readme-example']);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ models: 6, versions: 11, promotions: 7 });
  }, 60_000);

  it('--dry-run --offline checks the file and plans the batches without calling the API', async () => {
    const file = writeJson('legacy.json', legacyFile());
    const before = await admin(['history', 'list']);
    // Nowhere to call and no credentials: any call would fail (NOT_LOGGED_IN or a network error).
    const dry = await admin(['history', 'import', file, '--source', SOURCE, '--dry-run', '--offline'], {
      CAIRN_API_URL: 'http://127.0.0.1:9',
      CAIRN_TOKEN: '',
    });
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ dryRun: true, models: MODELS, versions: versionsIn(legacyFile()) });
    expect(dry.json.batches.map((b: { span: string }) => b.span)).toEqual(['.[0]–.[199]', '.[200]–.[259]']);
    expect((await admin(['history', 'list'])).json).toEqual(before.json);
  }, 60_000);

  it('--dry-run has the server check every batch, finds what only it can, and imports nothing', async () => {
    const source = 'dry-run';
    const before = await admin(['history', 'list']);
    const models = legacyFile();
    models[250]!.versions[0]!.promotions[0]!.decidedAt = hours(-100);
    const bad = await admin([
      'history',
      'import',
      writeJson('dry-bad.json', models),
      '--source',
      source,
      '--dry-run',
    ]);
    expect(bad.code).toBe(5);
    expect(bad.json.failedBatch).toMatchObject({ batch: 2, span: '.[200]–.[259]' });
    expect(bad.stderr).toContain('.[250].versions[0].promotions[0].decidedAt');
    const good = await admin([
      'history',
      'import',
      writeJson('dry-good.json', legacyFile()),
      '--source',
      source,
      '--dry-run',
    ]);
    expect(good.code).toBe(0);
    expect(good.json).toMatchObject({ dryRun: true, checkedByServer: true, models: MODELS });
    expect((await admin(['history', 'list'])).json).toEqual(before.json);
  }, 120_000);

  it('refuses a caller who is not a platform admin (3)', async () => {
    const file = writeJson('legacy.json', legacyFile());
    const refused = await cairn(
      'mia',
      ['cairn-legacy-alpha-maintainers'],
      ['history', 'import', file, '--source', SOURCE],
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('needs the platform-admin role');
    expect(refused.stdout).toContain('no batch was imported');
    expect(refused.stdout).toContain('batch 1 (.[0]–.[199]) and batch 2 were not imported');
  }, 60_000);

  it('imports a file of 260 models in two calls, and the insights count every version', async () => {
    const file = writeJson('legacy.json', legacyFile());
    const result = await admin(['history', 'import', file, '--source', SOURCE]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/batch 1\/2: .*200 model\(s\)/);
    expect(result.json).toMatchObject({ source: SOURCE, models: MODELS, versions: versionsIn(legacyFile()) });
    expect(result.json.imports.map((i: { models: number }) => i.models)).toEqual([200, 60]);

    const listed = await admin(['history', 'list']);
    const fromSource = listed.json.filter((i: { source: string }) => i.source === SOURCE);
    expect(fromSource.map((i: { id: string }) => i.id).sort()).toEqual(
      result.json.imports.map((i: { id: string }) => i.id).sort(),
    );
    const human = await cairn('root', ['cairn-platform-admins'], ['history', 'list']);
    expect(human.stdout).toContain(SOURCE);
    await vi.waitFor(
      async () => expect((await importedHistory(SOURCE))?.versions).toBe(versionsIn(legacyFile())),
      { timeout: 30_000, interval: 250 },
    );
  }, 120_000);

  it('reports a bad time by its place in the file, not in the call, after the calls that landed', async () => {
    const models = legacyFile();
    const promotion = models[250]!.versions[0]!.promotions[0]!;
    promotion.decidedAt = hours(-100);
    const file = writeJson('bad-time.json', models);
    const result = await admin(['history', 'import', file, '--source', 'bad-run']);
    expect(result.code).toBe(5);
    expect(result.json.imports).toHaveLength(1);
    expect(result.json.failedBatch).toMatchObject({ batch: 2, span: '.[200]–.[259]' });
    expect(result.json.error.code).toBe('BAD_USER_INPUT');
    expect(result.json.error.problems.map((p: { path: string }) => p.path)).toContain(
      '.[250].versions[0].promotions[0].decidedAt',
    );
    expect(result.stderr).toContain('.[250].versions[0].promotions[0].decidedAt');
    expect(result.json.error.message).toContain('.[250].versions[0].promotions[0].decidedAt');
    expect(result.json.error.message).not.toContain('models.50');
  }, 120_000);

  it('stops at a CONFLICT and names the calls that landed before it (6)', async () => {
    const source = 'conflict-run';
    const first = await admin([
      'history',
      'import',
      writeJson('first.json', [legacyModel(7)]),
      '--source',
      source,
    ]);
    expect(first.code).toBe(0);
    // An export that grew: 200 new models, then the one imported already.
    const models = [...Array.from({ length: 200 }, (_, i) => legacyModel(i, 'newer')), legacyModel(7)];
    const file = writeJson('rerun.json', models);
    const result = await admin(['history', 'import', file, '--source', source]);
    expect(result.code).toBe(6);
    expect(result.json.imports).toHaveLength(1);
    expect(result.json.imports[0]).toMatchObject({ batch: 1, span: '.[0]–.[199]' });
    expect(result.json.failedBatch).toMatchObject({ batch: 2, span: '.[200]' });
    expect(result.json.error).toMatchObject({ code: 'CONFLICT', exitCode: 6 });
    expect(result.json.error.message).toContain('legacy-beta/legacy-model-7');

    // Run again as is: the first call now conflicts too, and the report says nothing landed.
    const again = await cairn(
      'root',
      ['cairn-platform-admins'],
      ['history', 'import', file, '--source', source],
    );
    expect(again.code).toBe(6);
    expect(again.stdout).toContain('no batch was imported');
    expect(again.stderr).toContain('was already imported');

    // A dry run says so without importing anything.
    const dry = await admin(['history', 'import', file, '--source', source, '--dry-run']);
    expect(dry.code).toBe(6);
    expect(dry.json).toMatchObject({ dryRun: true, failedBatch: { batch: 1 }, error: { code: 'CONFLICT' } });
    expect(dry.stderr).toContain('would be refused');
  }, 120_000);
});

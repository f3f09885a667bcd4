import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CairnClient, memoryUploadStore, operations, staticToken, uploadFile } from '@cairn/sdk';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { createTestDatabase, postGraphQL, startTestIssuer, type TestIssuer } from '@cairn/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The checked-in example script, run as a user would: `npx cairn` from the repository against a
 * real stack, logged in with a config folder of the test's own.
 */
const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
let stack: RunningStack;
/** An empty second instance, to import the exported bundle into. */
let second: RunningStack;
let issuer: TestIssuer;
let artifactDir: string;
let configHome: string;

const cairnEnv = () => ({ ...process.env, XDG_CONFIG_HOME: configHome, CAIRN_API_URL: '', CAIRN_TOKEN: '' });

beforeAll(async () => {
  // The command runs from dist/, as `npx cairn` does; CI has built it in typecheck already.
  await run('npx', ['turbo', 'run', 'build', '--filter=@cairn/cli', '--output-logs=errors-only'], {
    cwd: repoRoot,
  });
  issuer = await startTestIssuer();
  artifactDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-artifacts-'));
  configHome = mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-config-'));
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer.issuer,
    env: { NODE_ENV: 'test', OIDC_JWKS_URI: issuer.jwksUri, ARTIFACT_DIR: artifactDir },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  const admin = await issuer.token('root', ['cairn-platform-admins']);
  const created = await postGraphQL(
    stack.gatewayUrl,
    { query: 'mutation { createTeam(input: { slug: "fraud-detection", name: "Fraud detection" }) { id } }' },
    { authorization: `Bearer ${admin}` },
  );
  expect(created.errors).toBeUndefined();
  const secondDb = await createTestDatabase();
  await migrateAll(secondDb.url);
  second = await startStack({
    databaseUrl: secondDb.serviceUrl,
    oidcIssuer: issuer.issuer,
    env: { NODE_ENV: 'test', OIDC_JWKS_URI: issuer.jwksUri, ARTIFACT_DIR: path.join(artifactDir, 'second') },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
  const secondTeam = await postGraphQL(
    second.gatewayUrl,
    { query: 'mutation { createTeam(input: { slug: "fraud-detection", name: "Fraud detection" }) { id } }' },
    { authorization: `Bearer ${admin}` },
  );
  expect(secondTeam.errors).toBeUndefined();
}, 300_000);

afterAll(async () => {
  await second?.stop();
  await stack?.stop();
  await issuer?.close();
  for (const dir of [artifactDir, configHome]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('examples/register-and-roll-back.sh', () => {
  it('logs in, registers, downloads byte-identical, moves champion and rolls it back, compares, exports and imports into a second instance', async () => {
    const token = await issuer.token('eli', ['cairn-fraud-detection-contributors']);
    const apiUrl = new URL(stack.gatewayUrl).origin;
    const login = await run('npx', ['cairn', 'login', '--api-url', apiUrl, '--token', token, '--json'], {
      cwd: repoRoot,
      env: cairnEnv(),
    });
    expect(JSON.parse(login.stdout)).toMatchObject({ apiUrl, kind: 'token', subject: 'eli' });
    const configFile = path.join(configHome, 'cairn/config.json');
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(configFile)).mode & 0o777).toBe(0o700);

    const result = await run(
      'bash',
      ['examples/register-and-roll-back.sh', 'fraud-detection/example-scorer'],
      {
        cwd: repoRoot,
        env: {
          ...cairnEnv(),
          SOURCE_URL: apiUrl,
          SECOND_API_URL: new URL(second.gatewayUrl).origin,
          SECOND_TOKEN: token,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(result.stdout).toContain('download is byte-identical');
    expect(result.stdout).toContain('imported into the second instance; every digest verified');
    expect(result.stdout).toMatch(/champion moved to v2 and rolled back to v1/);
  }, 240_000);

  it('exits with distinct codes: not found 4, usage 2, not logged in 3', async () => {
    const env = cairnEnv();
    const failure = (args: string[], environment = env) =>
      run('npx', ['cairn', ...args], { cwd: repoRoot, env: environment }).then(
        () => 0,
        (error: { code: number; stdout: string }) => error.code,
      );
    expect(await failure(['show', 'fraud-detection/no-such-model', '--json'])).toBe(4);
    expect(await failure(['download', 'fraud-detection/example-scorer', '/tmp/x'])).toBe(2);
    expect(
      await failure(['versions', 'a/b'], { ...env, XDG_CONFIG_HOME: path.join(configHome, 'empty') }),
    ).toBe(3);
  }, 60_000);

  it('resumes an interrupted upload, sending only the parts the server lacks', async () => {
    const token = await issuer.token('eli', ['cairn-fraud-detection-contributors']);
    const client = new CairnClient({ apiUrl: new URL(stack.gatewayUrl).origin, auth: staticToken(token) });
    const { registerModel } = await client.execute(operations.RegisterModelDocument, {
      input: { team: 'fraud-detection', name: 'resumed-upload' },
    });
    const file = path.join(artifactDir, 'resume.bin');
    writeFileSync(file, Buffer.alloc(11 * 1024 * 1024, 7)); // three 5 MiB parts
    const store = memoryUploadStore();
    const options = { store, partSize: 5 * 1024 * 1024, concurrency: 1 };
    const interrupted = uploadFile(client, registerModel.id, file, {
      ...options,
      onPartStored: (part) => {
        if (part === 1) throw new Error('connection lost');
      },
    });
    await expect(interrupted).rejects.toThrow('connection lost');
    const resumed = await uploadFile(client, registerModel.id, file, options);
    expect(resumed).toMatchObject({
      alreadyStored: false,
      partsResumed: 1,
      partsSent: 2,
      size: 11 * 1024 * 1024,
    });
  }, 60_000);
});

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { migrateAll, type RunningStack, startStack } from '@cairn/stack';
import { createTestDatabase, postGraphQL } from '@cairn/testing';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * An artifact's whole trip as a client makes it, through the gateway into the real registry
 * routes and back: parts uploaded with the bearer token, the upload completed, a version naming
 * the file, and the bytes downloaded whole and by range. The pieces are tested on their own in
 * the gateway and the registry; this shows they fit.
 */
let stack: RunningStack;
let jwks: Server;
let issuer: string;
let artifactDir: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const token = (subject: string, groups: string[]) =>
  new SignJWT({ groups })
    .setProtectedHeader({ alg: 'RS256', kid: 'k' })
    .setIssuer(issuer)
    .setAudience('cairn-api')
    .setSubject(subject)
    .setExpirationTime('5m')
    .sign(signingKey);

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
async function must(credential: string, query: string, variables = {}): Promise<Record<string, any>> {
  const answer = await postGraphQL<Record<string, unknown>>(
    stack.gatewayUrl,
    { query, variables },
    { authorization: `Bearer ${credential}` },
  );
  expect(answer.errors, query).toBeUndefined();
  return answer.data!;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  artifactDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-stack-artifacts-'));
  const db = await createTestDatabase();
  await migrateAll(db.url);
  stack = await startStack({
    databaseUrl: db.serviceUrl,
    oidcIssuer: issuer,
    env: { NODE_ENV: 'test', OIDC_JWKS_URI: `${issuer}/jwks`, ARTIFACT_DIR: artifactDir },
    ephemeralPorts: true,
    logger: pino({ level: 'silent' }),
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => jwks?.close(() => resolve()));
  if (artifactDir) rmSync(artifactDir, { recursive: true, force: true });
});

describe('artifacts through the gateway', () => {
  it('uploads in parts, registers a version naming the file, and downloads it whole and by range', async () => {
    const admin = await token('root', ['cairn-platform-admins']);
    const engineer = await token('eli', ['cairn-fraud-detection-contributors']);
    const outsider = await token('otto', ['cairn-recommendations-contributors']);
    await must(admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug: 'fraud-detection', name: 'Fraud detection' },
    });
    const { registerModel } = await must(
      engineer,
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      {
        i: { team: 'fraud-detection', name: 'through-gateway', visibility: 'PRIVATE' },
      },
    );
    const bytes = Buffer.alloc(6 * 1024 * 1024 + 17, 3);
    const sha256 = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const { beginArtifactUpload } = await must(
      engineer,
      'mutation($i: BeginArtifactUploadInput!) { beginArtifactUpload(input: $i) { upload { id parts { partNumber url size } } } }',
      { i: { modelId: registerModel.id, sha256, size: bytes.length, partSize: 5 * 1024 * 1024 } },
    );
    const origin = new URL(stack.gatewayUrl).origin;
    let offset = 0;
    for (const part of beginArtifactUpload.upload.parts) {
      const response = await fetch(`${origin}${part.url}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${engineer}`, 'content-type': 'application/octet-stream' },
        body: bytes.subarray(offset, offset + part.size),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      offset += part.size;
    }
    await must(engineer, 'mutation($id: ID!) { completeArtifactUpload(id: $id) { sha256 } }', {
      id: beginArtifactUpload.upload.id,
    });
    const { createModelVersion } = await must(
      engineer,
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id manifestDigest } }',
      { i: { modelId: registerModel.id, files: [{ path: 'model/weights.bin', sha256 }] } },
    );
    expect(createModelVersion.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const url = `${origin}/artifacts/versions/${createModelVersion.id}/files/model/weights.bin`;
    const whole = await fetch(url, { headers: { authorization: `Bearer ${engineer}` } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('etag')).toBe(`"${sha256}"`);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const ranged = await fetch(url, { headers: { authorization: `Bearer ${engineer}`, range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(10);
    // A private model's file is not there for another team, nor for nobody.
    expect((await fetch(url, { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);

    // The whole version, as a Cairn bundle and as an OCI image layout, comes through the same way.
    for (const [format, first] of [
      ['bundle', 'cairn-bundle.json'],
      ['oci', 'oci-layout'],
    ]) {
      const exportUrl = `${origin}/artifacts/versions/${createModelVersion.id}/${format}`;
      const exported = await fetch(exportUrl, { headers: { authorization: `Bearer ${engineer}` } });
      expect(exported.status).toBe(200);
      const tar = Buffer.from(await exported.arrayBuffer());
      expect(tar.subarray(0, 100).toString('utf8').replace(/\0+$/, '')).toBe(first);
      expect(tar.length).toBeGreaterThan(bytes.length);
      expect((await fetch(exportUrl, { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(404);
    }
  });
});

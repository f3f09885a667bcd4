import { once } from 'node:events';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, truncateSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DEV_IDENTITY_PRIVATE_KEY } from '@cairn/config';
import { actorOf, INTERNAL_IDENTITY_HEADER, InternalTokenSigner, type Principal } from '@cairn/identity';
import { parseManifest } from '@cairn/model-metadata';
import { registrySubgraph } from '@cairn/registry';
import {
  createTestDatabase,
  type GraphQLResponse,
  startTestSubgraph,
  type TestSubgraph,
  testPrincipals,
} from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IMPORT,
  importInput,
  type ReadBundle,
  readBundle,
  routeFetch,
  sha256,
  uploadAs,
} from './bundle-client';

/**
 * A version leaves one registry as a bundle and enters a second, empty one (its own database
 * and artifact store): every file is uploaded again and verified, the manifest digest is checked,
 * and the new version keeps where it came from. Tampering anywhere is refused and writes nothing.
 */
const { admin, engineer, viewer, recommender } = testPrincipals;
const SOURCE = 'https://cairn.source.example';
const signer = new InternalTokenSigner(DEV_IDENTITY_PRIVATE_KEY, 60);

let source: TestSubgraph;
let target: TestSubgraph;
const dirs: string[] = [];
let sourceVersionId: string;
let targetModelId: string;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code ?? 'OK';

// biome-ignore lint/suspicious/noExplicitAny: tests read fields out of the answers
async function ok<T = Record<string, any>>(
  on: TestSubgraph,
  principal: Principal,
  query: string,
  variables = {},
) {
  const result = await on.execute<T>(query, variables, principal);
  expect(result.errors, query).toBeUndefined();
  return result.data!;
}

async function startRegistry(): Promise<TestSubgraph> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-export-'));
  dirs.push(dir);
  const registry = await startTestSubgraph(registrySubgraph, (await createTestDatabase()).url, admin, {
    ARTIFACT_DIR: dir,
  });
  for (const slug of ['fraud-detection', 'recommendations']) {
    await ok(registry, admin, 'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
      i: { slug, name: slug },
    });
  }
  return registry;
}

async function registerModel(on: TestSubgraph, name: string): Promise<string> {
  const { registerModel } = await ok(
    on,
    admin,
    'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
    { i: { team: 'fraud-detection', name, visibility: 'PRIVATE', tags: ['fraud'] } },
  );
  return registerModel.id;
}

async function counts(on: TestSubgraph) {
  const [row] = await on.owner.query(
    `SELECT (SELECT count(*)::int FROM registry.model_version) AS versions,
            (SELECT count(*)::int FROM registry.model_version_file) AS files,
            (SELECT count(*)::int FROM registry.event_log) AS events`,
  );
  return row as { versions: number; files: number; events: number };
}

async function exportBundle(principal: Principal, versionId = sourceVersionId): Promise<ReadBundle> {
  const response = await routeFetch(source, principal, 'GET', `/artifacts/versions/${versionId}/bundle`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.cairn.bundle.v1+tar');
  return readBundle(Buffer.from(await response.arrayBuffer()));
}

/** Uploads the bundle's files into the target model under the digests the bundle lists. */
async function uploadBundleFiles(bundle: ReadBundle, modelId: string) {
  for (const file of bundle.document.files) {
    const refused = await uploadAs(target, engineer, modelId, bundle.files.get(file.path)!, file.sha256);
    expect(refused?.errors).toBeUndefined();
  }
}

const weights = Buffer.alloc(6 * 1024 * 1024 + 17, 3);
const config = Buffer.from('{"layers": 4}');
const readme = Buffer.from('same bytes as another file');

beforeAll(async () => {
  [source, target] = await Promise.all([startRegistry(), startRegistry()]);
  const modelId = await registerModel(source, 'scorer');
  for (const bytes of [weights, config, readme]) {
    expect(await uploadAs(source, engineer, modelId, bytes)).toBeNull();
  }
  const { createModelVersion } = await ok(
    source,
    engineer,
    `mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }`,
    {
      i: {
        modelId,
        hyperparameters: { learningRate: 0.01 },
        files: [
          { path: 'weights/model.bin', sha256: sha256(weights) },
          { path: 'config.json', sha256: sha256(config) },
          { path: 'docs/Ünïcode name.md', sha256: sha256(readme) },
          { path: 'docs/copy.md', sha256: sha256(readme) },
        ],
        provenance: { code: { repositoryUrl: 'https://git.example.com/fraud.git', commit: 'b'.repeat(40) } },
        card: { intendedUse: 'Scoring card payments.' },
      },
    },
  );
  sourceVersionId = createModelVersion.id;
  targetModelId = await registerModel(target, 'scorer-copy');
});

afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('export and import of a version', () => {
  it('exports a bundle that carries the version and imports it into an empty registry, digests verified', async () => {
    const bundle = await exportBundle(viewer);
    const { document } = bundle;
    expect(document).toMatchObject({
      format: 'cairn-bundle',
      formatVersion: 1,
      exportedBy: actorOf(viewer),
      source: {
        instance: null,
        versionId: sourceVersionId,
        team: 'fraud-detection',
        model: 'scorer',
        version: 1,
      },
      model: { team: 'fraud-detection', name: 'scorer', tags: ['fraud'] },
      version: { number: 1, hyperparameters: { learningRate: 0.01 }, importedFrom: null },
    });
    expect(sha256(Buffer.from(document.version.manifest))).toBe(document.version.manifestDigest);
    expect([...bundle.files.keys()]).toEqual([
      'config.json',
      'docs/copy.md',
      'docs/Ünïcode name.md',
      'weights/model.bin',
    ]);
    expect(bundle.files.get('weights/model.bin')!.equals(weights)).toBe(true);

    await uploadBundleFiles(bundle, targetModelId);
    const { importModelVersion } = await ok(target, engineer, IMPORT, {
      i: importInput(bundle, targetModelId, SOURCE),
    });
    expect(importModelVersion.version).toBe(1);
    expect(importModelVersion.importedFrom).toEqual({
      instance: SOURCE,
      versionId: sourceVersionId,
      version: 1,
      team: 'fraud-detection',
      model: 'scorer',
      manifestDigest: document.version.manifestDigest,
      exportedAt: document.exportedAt,
    });
    // Same files, provenance and card; the manifest names the new model, so its digest is new.
    const original = parseManifest(document.version.manifest).manifest;
    const imported = parseManifest(importModelVersion.manifest).manifest;
    expect(imported.model).toEqual({ team: 'fraud-detection', name: 'scorer-copy' });
    expect(imported.files).toEqual(original.files);
    expect(imported.provenance).toEqual(original.provenance);
    expect(importModelVersion.card.intendedUse).toBe('Scoring card payments.');
    expect(importModelVersion.hyperparameters).toEqual({ learningRate: 0.01 });
    expect(importModelVersion.manifestDigest).not.toBe(document.version.manifestDigest);
    expect(importModelVersion.files.totalCount).toBe(4);

    // The imported bytes come back out of the second registry unchanged.
    const download = await routeFetch(
      target,
      viewer,
      'GET',
      `/artifacts/versions/${importModelVersion.id}/files/weights/model.bin`,
    );
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(weights));
    const [event] = await target.owner.query(
      `SELECT payload FROM registry.event_log WHERE type = 'registry.ModelVersionImported'`,
    );
    expect(event.payload.importedFrom.versionId).toBe(sourceVersionId);

    // Exported again, the imported version carries its origin along.
    const again = await routeFetch(
      target,
      viewer,
      'GET',
      `/artifacts/versions/${importModelVersion.id}/bundle`,
    );
    const reExported = await readBundle(Buffer.from(await again.arrayBuffer()));
    expect(reExported.document.version.importedFrom.versionId).toBe(sourceVersionId);

    // The same source version again is a CONFLICT, not a second copy.
    const repeated = await target.execute(
      IMPORT,
      { i: importInput(bundle, targetModelId, SOURCE) },
      engineer,
    );
    expect(codeOf(repeated)).toBe('CONFLICT');
  });

  it('refuses a tampered file: the upload under the bundle’s digest, and an import naming bytes never uploaded', async () => {
    const bundle = await exportBundle(engineer);
    const modelId = await registerModel(target, 'tampered-file');
    const changed = Buffer.from(bundle.files.get('config.json')!);
    changed[2] = (changed[2] ?? 0) ^ 1;
    const listed = bundle.document.files.find((f: { path: string }) => f.path === 'config.json').sha256;
    expect(codeOf((await uploadAs(target, engineer, modelId, changed, listed))!)).toBe('BAD_USER_INPUT');

    // A client that uploads the changed bytes under their own digest gets no further.
    expect(await uploadAs(target, engineer, modelId, changed)).toBeNull();
    for (const file of bundle.document.files.filter((f: { path: string }) => f.path !== 'config.json')) {
      expect(await uploadAs(target, engineer, modelId, bundle.files.get(file.path)!)).toBeNull();
    }
    const before = await counts(target);
    const refused = await target.execute(IMPORT, { i: importInput(bundle, modelId, SOURCE) }, engineer);
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('input.bundleManifest.files.0.sha256');
    expect(await counts(target)).toEqual(before);
  });

  it('refuses a changed manifest and a manifest that is not one, writing nothing', async () => {
    const bundle = await exportBundle(engineer);
    const manifest = JSON.parse(bundle.document.version.manifest);
    manifest.provenance.seed = 7;
    const before = await counts(target);
    const changed = importInput(bundle, targetModelId, SOURCE);
    const refused = await target.execute(
      IMPORT,
      { i: { ...changed, bundleManifest: JSON.stringify(manifest) } },
      engineer,
    );
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('input.importedFrom.manifestDigest');
    const garbage = await target.execute(IMPORT, { i: { ...changed, bundleManifest: '{"nope"' } }, engineer);
    expect(codeOf(garbage)).toBe('BAD_USER_INPUT');
    expect(garbage.errors?.[0]?.message).toContain('input.bundleManifest');
    expect(await counts(target)).toEqual(before);
  });

  it('exports only what the caller may see, and imports only into the caller’s team', async () => {
    const hidden = await routeFetch(
      source,
      recommender,
      'GET',
      `/artifacts/versions/${sourceVersionId}/bundle`,
    );
    expect(hidden.status).toBe(404);
    const oci = await routeFetch(source, recommender, 'GET', `/artifacts/versions/${sourceVersionId}/oci`);
    expect(oci.status).toBe(404);
    const unknown = await routeFetch(source, admin, 'GET', '/artifacts/versions/not-a-uuid/bundle');
    expect(unknown.status).toBe(404);

    const bundle = await exportBundle(engineer);
    const input = importInput(bundle, targetModelId, 'https://elsewhere.example');
    expect(codeOf(await target.execute(IMPORT, { i: input }, viewer))).toBe('FORBIDDEN');
    // A contributor elsewhere cannot see the private model at all.
    expect(codeOf(await target.execute(IMPORT, { i: input }, recommender))).toBe('NOT_FOUND');
  });

  it('cuts the export short, never ending it cleanly, when the store fails mid-way', async () => {
    const modelId = await registerModel(source, 'damaged');
    const bytes = Buffer.alloc(200_000, 5);
    expect(await uploadAs(source, engineer, modelId, bytes)).toBeNull();
    const { createModelVersion } = await ok(
      source,
      engineer,
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      { i: { modelId, files: [{ path: 'model.bin', sha256: sha256(bytes) }] } },
    );
    // The store's copy loses its tail behind the registry's back (a damaged disk).
    const hex = sha256(bytes).slice('sha256:'.length);
    const stored = readdirSync(dirs[0]!, { recursive: true, encoding: 'utf8' }).find((name) =>
      name.endsWith(hex),
    );
    truncateSync(path.join(dirs[0]!, stored!), 1000);
    for (const format of ['bundle', 'oci']) {
      const response = await routeFetch(
        source,
        engineer,
        'GET',
        `/artifacts/versions/${createModelVersion.id}/${format}`,
      );
      expect(response.status).toBe(200);
      await expect(response.arrayBuffer()).rejects.toThrow();
    }
  });

  it('stops reading from the store when the client hangs up mid-export', async () => {
    const modelId = await registerModel(source, 'abandoned');
    const bytes = Buffer.alloc(48 * 1024 * 1024, 6);
    expect(await uploadAs(source, engineer, modelId, bytes)).toBeNull();
    const { createModelVersion } = await ok(
      source,
      engineer,
      'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id } }',
      { i: { modelId, files: [{ path: 'big.bin', sha256: sha256(bytes) }] } },
    );
    const hex = sha256(bytes).slice('sha256:'.length);
    // The registry runs in this process: its open files are ours.
    const openOnObject = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).endsWith(hex);
        } catch {
          return false;
        }
      }).length;
    // A plain HTTP request, so the test decides exactly when the connection goes.
    const identity = await signer.sign(engineer, 'registry');
    const url = new URL(`/artifacts/versions/${createModelVersion.id}/bundle`, source.url);
    const request = httpGet(url, { headers: { [INTERNAL_IDENTITY_HEADER]: identity } });
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    let received = 0;
    for await (const chunk of response) {
      received += (chunk as Buffer).length;
      if (received < 1024 * 1024) continue;
      expect(openOnObject()).toBe(1);
      break;
    }
    // Leaving the loop destroyed the response, and with it the connection.
    expect(request.destroyed).toBe(true);
    for (let attempt = 0; attempt < 100 && openOnObject() > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(openOnObject()).toBe(0);
  });
});

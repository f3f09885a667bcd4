import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, testSchema } from '@cairn/config';
import { registrySubgraph } from '@cairn/registry';
import { createTestDatabase, startTestSubgraph, type TestSubgraph, testPrincipals } from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTar, routeFetch, sha256, uploadAs } from './bundle-client';

/**
 * A version exported as an OCI image layout is read by an outside OCI tool: Debian's `skopeo`
 * finds the artifact manifest and its config (the Cairn manifest), and copies every blob,
 * checking each digest. Without skopeo the suite says so and does not run, except under CI=true,
 * where the file fails (`.ci/run` installs it).
 */
const SKOPEO_MISSING = 'skopeo is not installed (`apt-get install -y skopeo`)';
const skopeo = spawnSync('skopeo', ['--version'], { encoding: 'utf8' }).status === 0;
if (!skopeo && loadConfig(testSchema.pick({ CI: true })).CI) throw new Error(`CI=true but ${SKOPEO_MISSING}`);
if (!skopeo) console.warn(`${SKOPEO_MISSING}: the OCI layout suite is not run.`);

const { admin, engineer, viewer } = testPrincipals;
let registry: TestSubgraph;
let workDir: string;
let versionId: string;
let manifest: string;

const weights = Buffer.alloc(300_000, 9);
const config = Buffer.from('{"heads": 2}');

describe.skipIf(!skopeo)(
  skopeo ? 'OCI image layout' : `OCI image layout (not run: ${SKOPEO_MISSING})`,
  () => {
    beforeAll(async () => {
      workDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-oci-'));
      registry = await startTestSubgraph(registrySubgraph, (await createTestDatabase()).url, admin, {
        ARTIFACT_DIR: path.join(workDir, 'store'),
      });
      await registry.execute(
        'mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }',
        { i: { slug: 'fraud-detection', name: 'Fraud' } },
        admin,
      );
      const registered = await registry.execute<{ registerModel: { id: string } }>(
        'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
        { i: { team: 'fraud-detection', name: 'oci-scorer' } },
        admin,
      );
      const modelId = registered.data!.registerModel.id;
      for (const bytes of [weights, config])
        expect(await uploadAs(registry, engineer, modelId, bytes)).toBeNull();
      const created = await registry.execute<{ createModelVersion: { id: string; manifest: string } }>(
        'mutation($i: CreateModelVersionInput!) { createModelVersion(input: $i) { id manifest } }',
        {
          i: {
            modelId,
            files: [
              { path: 'model/weights.bin', sha256: sha256(weights) },
              { path: 'model/copy-of-weights.bin', sha256: sha256(weights) },
              { path: 'config.json', sha256: sha256(config) },
            ],
          },
        },
        engineer,
      );
      expect(created.errors).toBeUndefined();
      versionId = created.data!.createModelVersion.id;
      manifest = created.data!.createModelVersion.manifest;
    });

    afterAll(async () => {
      await registry?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('is an OCI artifact that skopeo reads and copies with every digest checked', async () => {
      const response = await routeFetch(registry, viewer, 'GET', `/artifacts/versions/${versionId}/oci`);
      expect(response.status).toBe(200);
      const archive = path.join(workDir, 'version.oci.tar');
      const bytes = Buffer.from(await response.arrayBuffer());
      writeFileSync(archive, bytes);

      const raw = JSON.parse(
        execFileSync('skopeo', ['inspect', '--raw', `oci-archive:${archive}`], { encoding: 'utf8' }),
      );
      expect(raw).toMatchObject({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/vnd.cairn.model.v1',
        config: {
          mediaType: 'application/vnd.cairn.model.manifest.v1+json',
          digest: sha256(Buffer.from(manifest)),
        },
      });
      expect(
        raw.layers.map((layer: { annotations: Record<string, string>; digest: string }) => [
          layer.annotations['org.opencontainers.image.title'],
          layer.digest,
        ]),
      ).toEqual([
        ['config.json', sha256(config)],
        ['model/copy-of-weights.bin', sha256(weights)],
        ['model/weights.bin', sha256(weights)],
      ]);
      const configBlob = execFileSync('skopeo', ['inspect', '--config', '--raw', `oci-archive:${archive}`], {
        encoding: 'utf8',
      });
      expect(configBlob).toBe(manifest);

      // A copy reads every blob and refuses any whose bytes do not match its digest.
      const copied = path.join(workDir, 'copied');
      execFileSync('skopeo', ['copy', '--quiet', `oci-archive:${archive}`, `dir:${copied}`]);
      expect(readFileSync(path.join(copied, sha256(weights).slice(7))).equals(weights)).toBe(true);

      // Files with the same bytes share one blob, and the layout holds nothing else.
      const entries = await readTar(bytes);
      expect([...entries.keys()].filter((name) => name.startsWith('blobs/'))).toHaveLength(4);
      expect(JSON.parse(entries.get('oci-layout')!.toString())).toEqual({ imageLayoutVersion: '1.0.0' });

      // The same version exports to the same manifest digest every time.
      const again = await routeFetch(registry, viewer, 'GET', `/artifacts/versions/${versionId}/oci`);
      const index = JSON.parse(
        (await readTar(Buffer.from(await again.arrayBuffer()))).get('index.json')!.toString(),
      );
      expect(index.manifests[0].digest).toBe(
        JSON.parse(entries.get('index.json')!.toString()).manifests[0].digest,
      );
    });
  },
);

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifactStoreSchema, loadConfig } from '@cairn/config';
import { expect, it } from 'vitest';
import { createArtifactStore, FilesystemArtifactStore, S3ArtifactStore } from '../src';
import { Content, upload } from './upload-client';

it('builds the store the configuration names', async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'cairn-artifact-config-'));
  try {
    const filesystem = createArtifactStore(loadConfig(artifactStoreSchema, { ARTIFACT_MAX_BYTES: '2048' }), {
      baseDir: base,
    });
    expect(filesystem).toBeInstanceOf(FilesystemArtifactStore);
    expect(filesystem.maxBytes).toBe(2048);
    const { digest } = await upload(filesystem, new Content(100));
    expect(await filesystem.stat(digest)).toEqual({ digest, size: 100 });

    const s3 = createArtifactStore(
      loadConfig(artifactStoreSchema, {
        ARTIFACT_STORE: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9',
        S3_BUCKET: 'models',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }),
    );
    expect(s3).toBeInstanceOf(S3ArtifactStore);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

import path from 'node:path';
import type { ArtifactStoreConfig } from '@cairn/config';
import type { ArtifactStore } from './artifact-store';
import { FilesystemArtifactStore } from './filesystem-store';
import { createS3Client } from './s3-objects';
import { S3ArtifactStore } from './s3-store';

/**
 * The store that `artifactStoreSchema` describes. A relative ARTIFACT_DIR is resolved against
 * `baseDir` (the process's working directory by default).
 */
export function createArtifactStore(
  config: ArtifactStoreConfig,
  options: { baseDir?: string } = {},
): ArtifactStore {
  const common = {
    maxBytes: config.ARTIFACT_MAX_BYTES,
    sessionTtlSeconds: config.UPLOAD_SESSION_TTL_SECONDS,
  };
  if (config.ARTIFACT_STORE === 'filesystem') {
    return new FilesystemArtifactStore({
      ...common,
      root: path.resolve(options.baseDir ?? process.cwd(), config.ARTIFACT_DIR),
    });
  }
  const { S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = config;
  // artifactStoreSchema refuses ARTIFACT_STORE=s3 without them; this guards hand-built configs.
  if (!S3_BUCKET || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY) {
    throw new Error('ARTIFACT_STORE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  const client = createS3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    accessKeyId: S3_ACCESS_KEY_ID,
    secretAccessKey: S3_SECRET_ACCESS_KEY,
  });
  return new S3ArtifactStore({ ...common, client, bucket: S3_BUCKET });
}

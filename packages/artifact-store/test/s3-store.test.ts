import { randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PreconditionFailedError } from '@cairn/errors';
import { requireS3 } from '@cairn/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createS3Client, S3ArtifactStore } from '../src';
import { describeArtifactStoreContract } from './contract';
import { bytesOnce } from './upload-client';

const s3 = requireS3();

s3.describe('S3ArtifactStore', (connection) => {
  /** One bucket per file, one key prefix per store. */
  const bucket = `cairn-test-${randomBytes(4).toString('hex')}`;
  let client: S3Client;
  let stores = 0;

  beforeAll(async () => {
    client = createS3Client(connection);
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    if (!client) return;
    // S3Proxy's filesystem backend also lists its folders as `…/` keys, and deleting one hangs;
    // they go with their files.
    for (const key of (await keys('')).filter((key) => !key.endsWith('/'))) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    client.destroy();
  });

  async function keys(prefix: string): Promise<string[]> {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      found.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  const createStore = (
    options: { maxBytes: number; sessionTtlSeconds: number; now?: () => Date },
    prefix: string,
  ) =>
    new S3ArtifactStore({
      client,
      bucket,
      prefix,
      ...options,
      // Low enough that the 64 MiB case copies part by part, as above 5 GiB in production.
      multipartCopyThreshold: 32 * 1024 * 1024,
      copyPartSize: 16 * 1024 * 1024,
    });

  describeArtifactStoreContract('s3', async (options) => {
    const prefix = options.location ?? `store-${++stores}/`;
    return {
      store: createStore(options, prefix),
      location: prefix,
      leftovers: async () => {
        const uploads = await client.send(
          new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: `${prefix}uploads/` }),
        );
        return [
          ...(await keys(`${prefix}uploads/`)),
          ...(uploads.Uploads ?? []).map((upload) => `multipart upload of ${upload.Key}`),
        ];
      },
    };
  });

  it('hands out presigned part URLs and takes no bytes itself', async () => {
    const store = createStore({ maxBytes: 1024, sessionTtlSeconds: 60 }, `store-${++stores}/`);
    const session = await store.beginUpload({ digest: `sha256:${'b'.repeat(64)}`, size: 10 });
    const target = await store.partTarget(session.id, 1);
    expect(target).toMatchObject({ kind: 'url', method: 'PUT', offset: 0, size: 10 });
    expect(target.kind === 'url' && target.url.startsWith(connection.endpoint)).toBe(true);
    await expect(store.putPart(session.id, 1, bytesOnce(Buffer.alloc(10)))).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await store.abortUpload(session.id);
  });
});

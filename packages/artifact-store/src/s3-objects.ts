import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  type S3Client,
  S3Client as S3ClientClass,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { ArtifactStat } from './artifact-store';

export interface S3Connection {
  /** Unset: AWS's own endpoint for the region. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Path-style addressing works on every S3-compatible store (and still on AWS). Checksums only
 * when an operation requires them: S3Proxy and other stores answer 501 to `x-amz-checksum-*`,
 * and presigned URLs would otherwise carry the checksum of an empty body.
 */
export function createS3Client(connection: S3Connection): S3Client {
  return new S3ClientClass({
    endpoint: connection.endpoint,
    region: connection.region,
    credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The object, upload or bucket is not there (the SDK names 404s differently per operation). */
export function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === 'NoSuchKey' ||
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchUpload' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

export const copySource = (bucket: string, key: string) =>
  `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/** Size and sha256 of an object, streamed: one chunk in memory at a time. */
export async function hashObject(client: S3Client, bucket: string, key: string): Promise<ArtifactStat> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of Body as Readable) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

export interface CopyLimits {
  /** CopyObject takes objects up to 5 GiB; above this the copy goes part by part. */
  multipartCopyThreshold: number;
  copyPartSize: number;
}

/** A server-side copy: the bytes never pass through this process. */
export async function copyObject(
  client: S3Client,
  bucket: string,
  from: string,
  to: string,
  size: number,
  limits: CopyLimits,
): Promise<void> {
  const CopySource = copySource(bucket, from);
  if (size <= limits.multipartCopyThreshold) {
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource }));
    return;
  }
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: to }));
  try {
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (let offset = 0, n = 1; offset < size; offset += limits.copyPartSize, n++) {
      const end = Math.min(offset + limits.copyPartSize, size) - 1;
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: to,
          UploadId,
          PartNumber: n,
          CopySource,
          CopySourceRange: `bytes=${offset}-${end}`,
        }),
      );
      parts.push({ PartNumber: n, ETag: CopyPartResult?.ETag ?? '' });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: to,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId }))
      .catch(() => undefined);
    throw error;
  }
}

import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A whole-file SHA-256 as 64 lowercase hex digits (the form OpenSSF model signing records). */
export const sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (a SHA-256)')
  .transform((v) => v.toLowerCase());

/** A digest written the OCI way, `sha256:<64 hex>` (image digests, lock file and manifest digests). */
export const prefixedSha256 = z
  .string()
  .regex(/^sha256:[0-9a-fA-F]{64}$/, 'must be "sha256:" followed by 64 hexadecimal characters')
  .transform((v) => v.toLowerCase());

export function sha256Of(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function prefixedSha256Of(content: string | Uint8Array): string {
  return `sha256:${sha256Of(content)}`;
}

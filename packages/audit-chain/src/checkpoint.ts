import { createHash, createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from './chain';

/** A signed statement that the chain's head was entry `seq` with hash `hash` at time `at`. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  /** ECDSA P-256 / SHA-256 signature over `checkpointMessage`, DER, base64. */
  signature: string;
  /** SHA-256 hex of the public key's SPKI PEM text (as `@cairn/signing` names keys). */
  keyId: string;
  publicKeyPem: string;
}

export const CHECKPOINT_MESSAGE_DESCRIPTION =
  'signature = ECDSA P-256 over SHA-256 (DER, base64) of the UTF-8 bytes of the RFC 8785 canonical ' +
  'JSON of {format: "cairn-audit-checkpoint", version: 1, seq (decimal string), hash, at}';

/** The bytes a checkpoint's signature covers. */
export function checkpointMessage(head: { seq: number; hash: string; at: string }): Buffer {
  return Buffer.from(
    canonicalJson({
      format: 'cairn-audit-checkpoint',
      version: 1,
      seq: String(head.seq),
      hash: head.hash,
      at: head.at,
    }),
    'utf8',
  );
}

/** SHA-256 hex of the SPKI PEM as Node writes it, so any spelling of one key gets one id. */
export function publicKeyId(publicKeyPem: string): string {
  const pem = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  return createHash('sha256').update(pem).digest('hex');
}

/**
 * Whether the checkpoint's signature holds. With `trustedPublicKeyPem` the signature must verify
 * under that key (an offline verifier that does not trust the key embedded in the file); without
 * it, under the embedded key, whose id must match `keyId`.
 */
export function verifyCheckpointSignature(
  checkpoint: AuditCheckpoint,
  trustedPublicKeyPem?: string,
): boolean {
  try {
    const pem = trustedPublicKeyPem ?? checkpoint.publicKeyPem;
    if (publicKeyId(pem) !== checkpoint.keyId) return false;
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return false;
    return verify('sha256', checkpointMessage(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

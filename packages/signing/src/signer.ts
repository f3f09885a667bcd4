import { createHash, createPublicKey } from 'node:crypto';
import { InvalidInputError } from '@cairn/errors';

export const SIGNING_ALGORITHM = 'ecdsa-p256-sha256';

/**
 * Signs with ECDSA over P-256 and SHA-256: the one algorithm that the OpenSSF model-signing tool's
 * `key` method, PKCS#11 HSMs and the cloud KMSs all accept.
 */
export interface Signer {
  /** SHA-256 hex of the public key's SPKI PEM text: the bundle's `verificationMaterial.publicKey.hint`. */
  readonly keyId: string;
  readonly algorithm: typeof SIGNING_ALGORITHM;
  publicKeyPem(): string;
  /** ECDSA-SHA256 over `bytes` (hashed here, not by the caller), DER-encoded. */
  sign(bytes: Uint8Array): Promise<Buffer>;
  /** Releases what the signer holds (an HSM session); signing afterwards fails. */
  close(): Promise<void>;
}

/**
 * The SPKI PEM exactly as Node (and Python's `cryptography`, which model_signing uses) writes it:
 * 64-character lines and a final newline. The key id hashes this text, so any other spelling of the
 * same key (CRLF, other line lengths) is normalised first.
 */
export function canonicalPublicKeyPem(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
}

export function keyIdOf(publicKeyPem: string): string {
  return createHash('sha256').update(canonicalPublicKeyPem(publicKeyPem)).digest('hex');
}

/** Whether a public key is an EC key on P-256, the only curve Cairn signs with. */
export function isP256PublicKey(publicKeyPem: string): boolean {
  const key = createPublicKey(publicKeyPem);
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/**
 * A caller's public key, refused as BAD_USER_INPUT (on `field`) unless it is an EC P-256 key in
 * PEM; answered in its canonical spelling, which the key id hashes.
 */
export function readP256PublicKey(text: string, field = 'publicKey'): string {
  let canonical: string;
  try {
    canonical = canonicalPublicKeyPem(text);
  } catch {
    throw InvalidInputError.field(field, 'must be a PEM public key (SPKI, "BEGIN PUBLIC KEY")');
  }
  if (!isP256PublicKey(canonical)) {
    throw InvalidInputError.field(field, 'must be an ECDSA P-256 key, the curve model signing uses');
  }
  return canonical;
}

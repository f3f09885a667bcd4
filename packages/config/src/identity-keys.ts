import { createPrivateKey, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { secret } from './load';

/**
 * The development key pair for the gateway's identity tokens. Published in this repository, so
 * it proves nothing: every service refuses it outside development and tests.
 */
export const DEV_IDENTITY_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIFmwWQZa+F3iSKWsv6JVe4pReFEFwFQOYlyOkjuQ9/mn
-----END PRIVATE KEY-----`;
export const DEV_IDENTITY_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAzOqoOpagsf8Lh/sJh1wKdSVD7gy9meArRywRAJ+I5Os=
-----END PUBLIC KEY-----`;

const normalise = (pem: string) => pem.replace(/\\n/g, '\n').replace(/\s+/g, '');
const DEV_KEYS = new Set([normalise(DEV_IDENTITY_PRIVATE_KEY), normalise(DEV_IDENTITY_PUBLIC_KEY)]);

function pemBlocks(text: string, label: string): string[] {
  return (
    text
      .replace(/\\n/g, '\n')
      .match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, 'g')) ?? []
  );
}

function isEd25519(pem: string, kind: 'private' | 'public'): boolean {
  try {
    const key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

export const identitySigningKey = secret(
  'CAIRN_IDENTITY_PRIVATE_KEY',
  z
    .string()
    .optional()
    .refine(
      (v) =>
        v === undefined ||
        (pemBlocks(v, 'PRIVATE KEY').length === 1 && isEd25519(pemBlocks(v, 'PRIVATE KEY')[0]!, 'private')),
      'must be one Ed25519 private key in PEM (PKCS#8); `\\n` escapes are accepted',
    ),
);

export const identityVerificationKeys = z
  .string()
  .optional()
  .refine((v) => {
    if (v === undefined) return true;
    const blocks = pemBlocks(v, 'PUBLIC KEY');
    return blocks.length > 0 && blocks.every((b) => isEd25519(b, 'public'));
  }, 'must be one or more Ed25519 public keys in PEM (SPKI); `\\n` escapes are accepted');

/** True when a configured key (or any key in a list) is the published development key. */
export function containsDevelopmentKey(text: string): boolean {
  return [...pemBlocks(text, 'PRIVATE KEY'), ...pemBlocks(text, 'PUBLIC KEY')].some((block) =>
    DEV_KEYS.has(normalise(block)),
  );
}

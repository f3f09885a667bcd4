import { plainText, prose } from '@cairn/input-rules';
import { z } from 'zod';

const MAX_PUBLIC_KEY_LENGTH = 4096;
const keyName = plainText(1, 200);
const publicKey = prose(MAX_PUBLIC_KEY_LENGTH).min(1, 'must not be empty');
// Any string: one that names no key the caller may manage is answered NOT_FOUND.
const keyId = z.string();

export const registerSigningKeyRules = z.object({
  /** Absent or null: a platform key, trusted for every team (platform admins only). */
  team: plainText(1, 100)
    .nullish()
    .transform((v) => v ?? null),
  name: keyName,
  publicKey,
});

export const rotateSigningKeyRules = z.object({ keyId, name: keyName, publicKey });

export const revokeSigningKeyRules = z.object({
  keyId,
  reason: prose(500).min(1, 'must say why'),
  /** Absent: now. Earlier to cover a suspected compromise; never in the future. */
  effectiveFrom: z
    .date('must be a date-time')
    .nullish()
    .transform((v) => v ?? null),
});

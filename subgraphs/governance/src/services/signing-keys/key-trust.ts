/** What trust needs to know of a registered key. */
export interface TrustedKeyRecord {
  key_id: string;
  /** Null: a platform key, trusted for every team. */
  team_slug: string | null;
  name: string;
  retired_at: Date | null;
  replaced_by: string | null;
  revoked_effective_from: Date | null;
  revocation_reason: string | null;
}

export interface SignatureToJudge {
  keyId: string;
  /** The registry's own signature at registration, or one the team attached later. */
  signer: 'registry' | 'team';
  /** When the registry received it: the only trusted time a bundle without a timestamp has. */
  recordedAt: Date;
}

export interface TrustJudgement {
  trusted: boolean;
  detail: string;
}

const short = (keyId: string) => keyId.slice(0, 16);

/**
 * Whether a signature's key was trusted for the model's team when the signature was made: the
 * key is registered for that team or for all teams, was not yet retired by a rotation (what a
 * rotated key signed before stays trusted), and not revoked from that time on. The registry's
 * own key is trusted without registration, and loses that trust like any other once a platform
 * admin registers it and then rotates or revokes it.
 */
export function judgeSignatureTrust(
  signature: SignatureToJudge,
  keys: readonly TrustedKeyRecord[],
  team: string,
): TrustJudgement {
  const key = keys.find(
    (k) => k.key_id === signature.keyId && (k.team_slug === null || k.team_slug === team),
  );
  if (!key) {
    return signature.signer === 'registry'
      ? { trusted: true, detail: `made at registration by the registry's own key ${short(signature.keyId)}` }
      : {
          trusted: false,
          detail: `key ${short(signature.keyId)} is not registered as trusted for team "${team}"`,
        };
  }
  const named = `key "${key.name}" (${short(key.key_id)})`;
  const at = signature.recordedAt.toISOString();
  if (key.revoked_effective_from && signature.recordedAt >= key.revoked_effective_from) {
    return {
      trusted: false,
      detail: `${named} is revoked for signatures from ${key.revoked_effective_from.toISOString()} on (${key.revocation_reason}); this one was recorded at ${at}`,
    };
  }
  if (key.retired_at && signature.recordedAt >= key.retired_at) {
    return {
      trusted: false,
      detail: `${named} was rotated out at ${key.retired_at.toISOString()} (replaced by ${short(key.replaced_by ?? '')}); this signature was recorded after, at ${at}`,
    };
  }
  const scope = key.team_slug === null ? 'every team (a platform key)' : `team "${key.team_slug}"`;
  return { trusted: true, detail: `${named} is trusted for ${scope}` };
}

/**
 * The signature that speaks for a version: one that verifies by a trusted key if any, else one
 * that verifies, else the first. Its judgement is what the guardrails see.
 */
export function strongestSignature<T extends { valid: boolean; trusted: boolean }>(
  signatures: readonly T[],
): T | undefined {
  return signatures.find((s) => s.valid && s.trusted) ?? signatures.find((s) => s.valid) ?? signatures[0];
}

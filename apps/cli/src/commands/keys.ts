import { readFileSync, writeFileSync } from 'node:fs';
import { modelSigningResources, parseManifest } from '@cairn/model-metadata';
import { operations } from '@cairn/sdk';
import { createModelSignature, LocalKeySigner } from '@cairn/signing';
import { clientFromConfig } from '../config';
import { cliError } from '../exit-codes';
import type { Output } from '../output';
import { parseModelRef } from '../refs';

type SigningKey = operations.SigningKeySummaryFragment;

const stateOf = (k: SigningKey) =>
  k.revokedAt
    ? `REVOKED from ${k.revokedEffectiveFrom} (${k.revocationReason})`
    : k.retiredAt
      ? `rotated out at ${k.retiredAt}, replaced by ${k.replacedBy}`
      : 'active';

const describeKey = (k: SigningKey) =>
  `${k.keyId}  ${k.name}  ${k.team ? `team ${k.team}` : 'platform (every team)'}\n  ${stateOf(k)}; registered by ${k.registeredBy} at ${k.registeredAt}`;

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw cliError('USAGE', `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/** `cairn keys list [team]`: the team's trusted keys and the platform's, in every state. */
export async function keysList(team: string | undefined, out: Output) {
  const client = await clientFromConfig();
  const { signingKeys } = await client.execute(operations.SigningKeysDocument, { team: team ?? null });
  out.result(signingKeys, () =>
    signingKeys.length === 0 ? 'no trusted signing keys' : signingKeys.map(describeKey).join('\n'),
  );
}

/** `cairn keys register <team> --name --public-key key.pub` (or `--platform`). */
export async function keysRegister(
  team: string | undefined,
  options: { name: string; publicKey: string; platform?: boolean },
  out: Output,
) {
  if (!team && !options.platform)
    throw cliError('USAGE', 'name a team, or pass --platform for a key of every team');
  if (team && options.platform)
    throw cliError('USAGE', 'a key is either a team’s or the platform’s, not both');
  const client = await clientFromConfig();
  const { registerSigningKey } = await client.execute(operations.RegisterSigningKeyDocument, {
    input: { team: team ?? null, name: options.name, publicKey: readText(options.publicKey, 'public key') },
  });
  out.result(registerSigningKey, () => describeKey(registerSigningKey));
}

/** `cairn keys rotate <key-id> --name --public-key new.pub`. */
export async function keysRotate(keyId: string, options: { name: string; publicKey: string }, out: Output) {
  const client = await clientFromConfig();
  const { rotateSigningKey } = await client.execute(operations.RotateSigningKeyDocument, {
    input: { keyId, name: options.name, publicKey: readText(options.publicKey, 'public key') },
  });
  out.result(rotateSigningKey, () =>
    [describeKey(rotateSigningKey.retired), describeKey(rotateSigningKey.successor)].join('\n'),
  );
}

/** `cairn keys revoke <key-id> --reason … [--effective-from 2026-11-01T00:00:00Z]`. */
export async function keysRevoke(
  keyId: string,
  options: { reason: string; effectiveFrom?: string },
  out: Output,
) {
  let effectiveFrom: string | null = null;
  if (options.effectiveFrom) {
    const at = new Date(options.effectiveFrom);
    if (Number.isNaN(at.getTime())) throw cliError('USAGE', '--effective-from must be an ISO 8601 date-time');
    effectiveFrom = at.toISOString();
  }
  const client = await clientFromConfig();
  const { revokeSigningKey } = await client.execute(operations.RevokeSigningKeyDocument, {
    input: { keyId, reason: options.reason, effectiveFrom },
  });
  out.result(revokeSigningKey, () => describeKey(revokeSigningKey));
}

/**
 * `cairn sign team/model@3 --key pipeline.pem`: signs the version's manifest files with a key
 * of the team's own (an OpenSSF model-signing bundle, as `model_signing sign key` would make)
 * and attaches the signature; `--out model.sig` keeps a copy. The private key never leaves here.
 */
export async function signVersion(refText: string, options: { key: string; out?: string }, out: Output) {
  const ref = parseModelRef(refText, { version: 'required' });
  let signer: LocalKeySigner;
  try {
    signer = LocalKeySigner.fromPem(readText(options.key, 'private key'));
  } catch (error) {
    throw cliError(
      'USAGE',
      `${options.key} is not an ECDSA P-256 private key in PEM: ${(error as Error).message}`,
    );
  }
  const client = await clientFromConfig();
  const model = await client.findModel(ref.team, ref.name);
  const version = await client.resolveVersion(model.id, ref.version!);
  const { modelVersion } = await client.execute(operations.VersionManifestDocument, { id: version.id });
  if (!modelVersion.manifest) {
    throw cliError(
      'BAD_USER_INPUT',
      `${refText} was registered before manifests existed: there is nothing to sign`,
    );
  }
  const { manifest } = parseManifest(modelVersion.manifest);
  const bundle = await createModelSignature({
    modelName: ref.name,
    resources: modelSigningResources(manifest),
    signer,
  });
  const bundleText = JSON.stringify(bundle);
  if (options.out) writeFileSync(options.out, bundleText);
  const { attachModelVersionSignature } = await client.execute(
    operations.AttachModelVersionSignatureDocument,
    {
      input: { modelVersionId: version.id, bundle: bundleText, publicKey: signer.publicKeyPem() },
    },
  );
  out.result(
    attachModelVersionSignature,
    () =>
      `signed ${refText} with key ${attachModelVersionSignature.keyId}; it counts for promotions once the key is trusted for team ${ref.team} (cairn keys list ${ref.team})`,
  );
}

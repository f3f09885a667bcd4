import { PreconditionFailedError } from '@cairn/errors';
import { type Manifest, modelSigningResources } from '@cairn/model-metadata';
import { createModelSignature, type Signer } from '@cairn/signing';

export interface VersionSignature {
  bundle: Record<string, unknown>;
  keyId: string;
  publicKeyPem: string;
}

/**
 * Signs each version's manifest at registration with the registry's key (a key file or an HSM,
 * `@cairn/signing`): a Sigstore bundle in the OpenSSF model-signing format over the version's
 * files, which `model_signing verify key` accepts for an exported copy. The signer is opened on
 * first use (a PKCS#11 login, or creating the development key file) and closed with the registry.
 */
export class VersionSigner {
  private signer?: Promise<Signer>;

  constructor(private readonly open: () => Promise<Signer>) {}

  private current(): Promise<Signer> {
    this.signer ??= this.open().catch((error) => {
      // Try again next time: a token that was away may be back.
      this.signer = undefined;
      throw error;
    });
    return this.signer;
  }

  /** Null when model-signing cannot cover the files (it ignores `.git` and friends). */
  async sign(modelName: string, manifest: Pick<Manifest, 'files'>): Promise<VersionSignature | null> {
    let resources: ReturnType<typeof modelSigningResources>;
    try {
      resources = modelSigningResources(manifest);
    } catch (error) {
      if (error instanceof PreconditionFailedError) return null;
      throw error;
    }
    const signer = await this.current();
    const bundle = await createModelSignature({ modelName, resources, signer });
    return {
      bundle: bundle as unknown as Record<string, unknown>,
      keyId: signer.keyId,
      publicKeyPem: signer.publicKeyPem(),
    };
  }

  async close(): Promise<void> {
    const signer = await this.signer?.catch(() => undefined);
    await signer?.close();
  }
}

/** The version row's columns for a signature (all null when unsigned). */
export function signatureColumns(signature: VersionSignature | null) {
  return {
    signature: signature?.bundle ?? null,
    signatureKeyId: signature?.keyId ?? null,
    signaturePublicKey: signature?.publicKeyPem ?? null,
  };
}

/** What the promotion guardrails judge, published with the version's creation (governance reads it). */
export function creationEvidence(
  license: string | null,
  version: { card: Record<string, unknown> | null; provenance: Record<string, unknown> },
  manifest: Pick<Manifest, 'files'>,
  signature: VersionSignature | null,
) {
  return {
    license,
    card: version.card,
    provenance: version.provenance,
    files: manifest.files.map((file) => ({ path: file.path, sha256: file.sha256 })),
    signature: signature
      ? {
          keyId: signature.keyId,
          publicKeyPem: signature.publicKeyPem,
          bundle: signature.bundle,
          signer: 'registry' as const,
        }
      : null,
  };
}

import { PreconditionFailedError } from '@cairn/errors';
import { type Manifest, modelSigningResources } from '@cairn/model-metadata';
import { createModelSignature, type Signer, SignerHandle } from '@cairn/signing';

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
  private readonly handle: SignerHandle;

  constructor(open: () => Promise<Signer>) {
    this.handle = new SignerHandle(open);
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
    const signer = await this.handle.get();
    const bundle = await createModelSignature({ modelName, resources, signer });
    return {
      bundle: bundle as unknown as Record<string, unknown>,
      keyId: signer.keyId,
      publicKeyPem: signer.publicKeyPem(),
    };
  }

  close(): Promise<void> {
    return this.handle.close();
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

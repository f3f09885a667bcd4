import { generateKeyPairSync } from 'node:crypto';
import { createModelSignature, LocalKeySigner } from '@cairn/signing';
import { COMPLETE_CARD, COMPLETE_PROVENANCE, type PublishedEvidence } from '@cairn/testing';

/** A registry key of the tests' own: versions they publish carry a real signature. */
const signer = LocalKeySigner.fromPem(
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
);

/** What the registry would publish with a complete version of `modelName`, signed. */
export async function signedEvidence(modelName: string): Promise<PublishedEvidence> {
  return {
    license: 'Apache-2.0',
    card: COMPLETE_CARD,
    provenance: COMPLETE_PROVENANCE,
    files: [],
    signature: {
      keyId: signer.keyId,
      publicKeyPem: signer.publicKeyPem(),
      bundle: await createModelSignature({ modelName, resources: [], signer }),
      signer: 'registry',
    },
  };
}

import {
  IN_TOTO_PAYLOAD_TYPE,
  type ModelSigningResource,
  modelSigningStatementOf,
} from '@cairn/model-metadata';
import { preAuthenticationEncoding } from './dsse';
import type { Signer } from './signer';

export const SIGSTORE_BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/**
 * A Sigstore bundle v0.3 as the OpenSSF model-signing tool writes it for its `key` method (the
 * `model.sig` file): a DSSE envelope over an in-toto Statement, a key hint, no transparency log.
 */
export interface ModelSignatureBundle {
  mediaType: typeof SIGSTORE_BUNDLE_MEDIA_TYPE;
  verificationMaterial: {
    publicKey: { hint: string };
    tlogEntries: [];
  };
  dsseEnvelope: {
    /** Base64 of the in-toto Statement JSON. */
    payload: string;
    payloadType: typeof IN_TOTO_PAYLOAD_TYPE;
    /** model_signing writes an empty `keyid`; the key is named by the hint above. */
    signatures: [{ sig: string; keyid: string }];
  };
}

export interface CreateModelSignatureInput {
  /**
   * The subject's name. model_signing puts the model directory's name here and does not check it
   * on verification, so the version's model name (or an export's folder name) is fine.
   */
  modelName: string;
  /** In manifest order (`modelSigningResources`): the subject digest depends on it. */
  resources: readonly ModelSigningResource[];
  signer: Signer;
}

export async function createModelSignature(input: CreateModelSignatureInput): Promise<ModelSignatureBundle> {
  const statement = modelSigningStatementOf(input.resources, input.modelName);
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const signature = await input.signer.sign(preAuthenticationEncoding(IN_TOTO_PAYLOAD_TYPE, payload));
  return {
    mediaType: SIGSTORE_BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: input.signer.keyId }, tlogEntries: [] },
    dsseEnvelope: {
      payload: payload.toString('base64'),
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: signature.toString('base64'), keyid: '' }],
    },
  };
}

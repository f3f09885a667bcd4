import type { SigningConfig } from '@cairn/config';
import { ensureLocalKey, LocalKeySigner } from './local-key-signer';
import { Pkcs11Signer } from './pkcs11-signer';
import type { Signer } from './signer';

export type CreateSignerConfig = Pick<
  SigningConfig,
  | 'SIGNING_BACKEND'
  | 'SIGNING_KEY_FILE'
  | 'SIGNING_CREATE_KEY'
  | 'PKCS11_MODULE'
  | 'PKCS11_TOKEN_LABEL'
  | 'PKCS11_PIN'
  | 'PKCS11_KEY_LABEL'
>;

/** The signer the configuration names; close it on shutdown. */
export async function createSigner(config: CreateSignerConfig): Promise<Signer> {
  switch (config.SIGNING_BACKEND) {
    case 'local':
      return config.SIGNING_CREATE_KEY
        ? ensureLocalKey(config.SIGNING_KEY_FILE)
        : LocalKeySigner.load(config.SIGNING_KEY_FILE);
    case 'pkcs11': {
      const { PKCS11_MODULE, PKCS11_TOKEN_LABEL, PKCS11_PIN, PKCS11_KEY_LABEL } = config;
      // The schema's refinement requires them; this keeps a hand-built config honest too.
      if (!PKCS11_MODULE || !PKCS11_TOKEN_LABEL || !PKCS11_PIN || !PKCS11_KEY_LABEL) {
        throw new Error(
          'SIGNING_BACKEND=pkcs11 needs PKCS11_MODULE, PKCS11_TOKEN_LABEL, PKCS11_PIN and PKCS11_KEY_LABEL',
        );
      }
      return Pkcs11Signer.open({
        modulePath: PKCS11_MODULE,
        tokenLabel: PKCS11_TOKEN_LABEL,
        pin: PKCS11_PIN,
        keyLabel: PKCS11_KEY_LABEL,
      });
    }
  }
}

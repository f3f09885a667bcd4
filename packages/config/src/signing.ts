import { z } from 'zod';
import { secret } from './load';

/** Where the development key lives when SIGNING_KEY_FILE is unset (created on first use). */
export const DEV_SIGNING_KEY_FILE = '.data/signing/cairn-signing-key.pem';

/**
 * Model-version signing (`@cairn/signing`). Kept as a shape plus a refinement so the service that
 * signs can merge them into its own schema, as with the artifact store.
 */
export const signingKeys = {
  /** `local`: a PKCS#8 PEM P-256 key file. `pkcs11`: a key held by an HSM through PKCS#11. */
  SIGNING_BACKEND: z.enum(['local', 'pkcs11']).default('local'),
  /**
   * The local key file. Outside production it defaults to DEV_SIGNING_KEY_FILE and is created on
   * first use; in production it must be set and must exist, because a key created silently (say,
   * on an unmounted volume) would sign with a key nobody trusts.
   */
  SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** The PKCS#11 module (shared library), e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  PKCS11_MODULE: z.string().min(1).optional(),
  /** The token is found by label, not by slot number: initialising a token can move its slot. */
  PKCS11_TOKEN_LABEL: z.string().min(1).optional(),
  PKCS11_PIN: secret('PKCS11_PIN', z.string().min(1).optional()),
  /** CKA_LABEL of the key pair (private and public object) inside the token. */
  PKCS11_KEY_LABEL: z.string().min(1).optional(),
};

type SigningEnv = { NODE_ENV: string; SIGNING_BACKEND: 'local' | 'pkcs11' } & Partial<
  Record<
    'SIGNING_KEY_FILE' | 'PKCS11_MODULE' | 'PKCS11_TOKEN_LABEL' | 'PKCS11_PIN' | 'PKCS11_KEY_LABEL',
    string
  >
>;

export function requireSigningSettings(env: SigningEnv, ctx: z.RefinementCtx) {
  if (env.SIGNING_BACKEND === 'local') {
    if (env.NODE_ENV === 'production' && !env.SIGNING_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIGNING_KEY_FILE'],
        message: 'required in production when SIGNING_BACKEND=local (NODE_ENV is production or unset)',
      });
    }
    return;
  }
  for (const key of ['PKCS11_MODULE', 'PKCS11_TOKEN_LABEL', 'PKCS11_PIN', 'PKCS11_KEY_LABEL'] as const) {
    if (!env[key])
      ctx.addIssue({ code: 'custom', path: [key], message: 'required when SIGNING_BACKEND=pkcs11' });
  }
}

/** Fills in the development key file; call after `requireSigningSettings`. */
export function withSigningDefaults<T extends SigningEnv>(env: T) {
  return {
    ...env,
    SIGNING_KEY_FILE: env.SIGNING_KEY_FILE ?? DEV_SIGNING_KEY_FILE,
    /** Local keys are created on first use outside production only. */
    SIGNING_CREATE_KEY: env.NODE_ENV !== 'production',
  };
}

/**
 * The signing settings on their own. As for the services that guard data, an unset NODE_ENV
 * means production.
 */
export const signingSchema = z
  .object({ NODE_ENV: z.enum(['development', 'test', 'production']).default('production'), ...signingKeys })
  .superRefine(requireSigningSettings)
  .transform(withSigningDefaults);
export type SigningConfig = z.infer<typeof signingSchema>;

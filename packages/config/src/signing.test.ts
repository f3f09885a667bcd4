import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redact } from './load';
import { DEV_SIGNING_KEY_FILE, signingSchema } from './signing';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(signingSchema, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('signing configuration', () => {
  it('defaults to a local key created on first use outside production', () => {
    expect(loadConfig(signingSchema, { NODE_ENV: 'development' })).toMatchObject({
      SIGNING_BACKEND: 'local',
      SIGNING_KEY_FILE: DEV_SIGNING_KEY_FILE,
      SIGNING_CREATE_KEY: true,
    });
  });

  it('requires a key file in production (NODE_ENV production or unset) and never creates one there', () => {
    expect(problems({})).toEqual([expect.stringMatching(/^SIGNING_KEY_FILE: required in production/)]);
    expect(loadConfig(signingSchema, { SIGNING_KEY_FILE: '/etc/cairn/signing.pem' })).toMatchObject({
      SIGNING_KEY_FILE: '/etc/cairn/signing.pem',
      SIGNING_CREATE_KEY: false,
    });
  });

  it('requires every PKCS#11 setting for the pkcs11 backend, with no default PIN', () => {
    expect(problems({ NODE_ENV: 'development', SIGNING_BACKEND: 'pkcs11' })).toEqual([
      'PKCS11_MODULE: required when SIGNING_BACKEND=pkcs11',
      'PKCS11_TOKEN_LABEL: required when SIGNING_BACKEND=pkcs11',
      'PKCS11_PIN: required when SIGNING_BACKEND=pkcs11',
      'PKCS11_KEY_LABEL: required when SIGNING_BACKEND=pkcs11',
    ]);
    const env = {
      SIGNING_BACKEND: 'pkcs11',
      PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so',
      PKCS11_TOKEN_LABEL: 'cairn',
      PKCS11_PIN: '1234',
      PKCS11_KEY_LABEL: 'release',
    };
    // No key file is needed in production when the key is in an HSM.
    expect(loadConfig(signingSchema, env)).toMatchObject({ ...env, NODE_ENV: 'production' });
    expect(redact(env)).toMatchObject({ PKCS11_PIN: '[redacted]', PKCS11_KEY_LABEL: 'release' });
  });

  it('refuses unknown backends', () => {
    expect(problems({ NODE_ENV: 'test', SIGNING_BACKEND: 'kms' })).toEqual([
      expect.stringMatching(/^SIGNING_BACKEND: /),
    ]);
  });
});

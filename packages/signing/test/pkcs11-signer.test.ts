import { verify } from 'node:crypto';
import { ServiceUnavailableError } from '@cairn/errors';
import { requireSoftHsm } from '@cairn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acquirePkcs11Module,
  createModelSignature,
  createSigner,
  findSlotByTokenLabel,
  Pkcs11Signer,
  verifyModelSignature,
} from '../src';
import { describeSignerContract } from './contract';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm';

const softhsm = requireSoftHsm();

softhsm.describe('Pkcs11Signer on SoftHSM2', (tools) => {
  let token: SoftHsmToken;
  const options = () => ({
    modulePath: token.modulePath,
    tokenLabel: token.label,
    pin: token.pin,
    keyLabel: 'release',
  });

  beforeAll(async () => {
    token = await createSoftHsmToken(tools);
    await token.generateKeyPair('release');
    await token.generateKeyPair('other');
  });
  afterAll(async () => {
    await token?.remove();
  });

  describe('contract', () => {
    describeSignerContract(() => Pkcs11Signer.open(options()));
  });

  it('is what createSigner builds for SIGNING_BACKEND=pkcs11, and its model signatures verify', async () => {
    const signer = await createSigner({
      SIGNING_BACKEND: 'pkcs11',
      SIGNING_KEY_FILE: 'unused.pem',
      SIGNING_CREATE_KEY: false,
      PKCS11_MODULE: token.modulePath,
      PKCS11_TOKEN_LABEL: token.label,
      PKCS11_PIN: token.pin,
      PKCS11_KEY_LABEL: 'release',
    });
    try {
      expect(signer).toBeInstanceOf(Pkcs11Signer);
      const resources = [{ name: 'model.bin', algorithm: 'sha256' as const, digest: 'ab'.repeat(32) }];
      const bundle = await createModelSignature({ modelName: 'tagger', resources, signer });
      const result = verifyModelSignature(bundle, { publicKeyPem: signer.publicKeyPem(), resources });
      expect(result.checks.filter((c) => !c.passed)).toEqual([]);
      expect(result.valid).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('tells two keys in the same token apart, by label or by id', async () => {
    const release = await Pkcs11Signer.open(options());
    const other = await Pkcs11Signer.open({
      ...options(),
      keyLabel: undefined,
      objectId: Buffer.from('other').toString('hex'),
    });
    try {
      expect(other.keyId).not.toBe(release.keyId);
    } finally {
      await release.close();
      await other.close();
    }
  });

  it('says what is wrong with the token, the PIN or the key', async () => {
    await expect(Pkcs11Signer.open({ ...options(), tokenLabel: 'absent' })).rejects.toThrow(
      /No PKCS#11 token is labelled "absent" \(tokens present: "cairn-test"\)/,
    );
    await expect(Pkcs11Signer.open({ ...options(), keyLabel: 'absent' })).rejects.toThrow(
      /Expected one EC private key with label "absent" in PKCS#11 token "cairn-test", found 0/,
    );
    await expect(Pkcs11Signer.open({ ...options(), pin: '0000' })).rejects.toThrow(/CKR_PIN_INCORRECT/);
    await expect(
      Pkcs11Signer.open({ ...options(), modulePath: '/nonexistent/libpkcs11.so' }),
    ).rejects.toThrow(/Cannot load the PKCS#11 module/);
  });

  it('opens a new session when the token dropped the old one (an HSM restart, a lost connection)', async () => {
    const signer = await Pkcs11Signer.open(options());
    try {
      await signer.sign(Buffer.from('before'));
      const module = acquirePkcs11Module(token.modulePath);
      module.pkcs11.C_CloseAllSessions(findSlotByTokenLabel(module.pkcs11, token.label));
      module.release();
      const message = Buffer.from('after');
      const signature = await signer.sign(message);
      expect(verify('sha256', message, { key: signer.publicKeyPem(), dsaEncoding: 'der' }, signature)).toBe(
        true,
      );
    } finally {
      await signer.close();
    }
  });

  it('refuses to sign once closed', async () => {
    const signer = await Pkcs11Signer.open(options());
    await signer.close();
    await signer.close();
    await expect(signer.sign(Buffer.from('late'))).rejects.toThrow(ServiceUnavailableError);
  });
});

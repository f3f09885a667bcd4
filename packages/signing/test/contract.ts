import { createPublicKey, verify } from 'node:crypto';
import { expect, it } from 'vitest';
import { keyIdOf, type Signer } from '../src';

/**
 * What every signer must do, run against the key file and against a PKCS#11 token alike. `open`
 * gives a signer for the same key each time it is called.
 */
export function describeSignerContract(open: () => Promise<Signer>) {
  it('signs ECDSA P-256 SHA-256 in DER that Node verifies with its public key', async () => {
    const signer = await open();
    try {
      const message = Buffer.from('DSSEv1 28 application/vnd.in-toto+json 2 {}');
      const signature = await signer.sign(message);
      expect(signer.algorithm).toBe('ecdsa-p256-sha256');
      expect(signature[0]).toBe(0x30);
      const key = createPublicKey(signer.publicKeyPem());
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect(verify('sha256', message, { key, dsaEncoding: 'der' }, signature)).toBe(true);
      expect(verify('sha256', Buffer.from('another message'), { key, dsaEncoding: 'der' }, signature)).toBe(
        false,
      );
    } finally {
      await signer.close();
    }
  });

  it('names the key by the SHA-256 of its SPKI PEM, the same on every open', async () => {
    const first = await open();
    const second = await open();
    try {
      expect(first.keyId).toMatch(/^[0-9a-f]{64}$/);
      expect(first.keyId).toBe(keyIdOf(first.publicKeyPem()));
      expect(second.keyId).toBe(first.keyId);
      expect(first.publicKeyPem()).toMatch(
        /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/,
      );
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('signs many messages at once on one instance', async () => {
    const signer = await open();
    try {
      const messages = Array.from({ length: 20 }, (_, i) => Buffer.from(`message ${i}`));
      const signatures = await Promise.all(messages.map((m) => signer.sign(m)));
      const key = createPublicKey(signer.publicKeyPem());
      messages.forEach((m, i) => {
        expect(verify('sha256', m, { key, dsaEncoding: 'der' }, signatures[i] as Buffer)).toBe(true);
      });
    } finally {
      await signer.close();
    }
  });
}

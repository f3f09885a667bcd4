import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derEcdsaSignatureToRaw, p256SpkiFromEcPoint, rawEcdsaSignatureToDer } from './ecdsa-encoding';

const hex = (text: string) => Buffer.from(text, 'hex');

describe('rawEcdsaSignatureToDer', () => {
  it('encodes r and s as minimal positive DER integers', () => {
    const r = `00${'11'.repeat(31)}`; // a leading zero byte is dropped
    const s = `80${'22'.repeat(31)}`; // a set high bit gets a zero byte in front
    expect(rawEcdsaSignatureToDer(hex(r + s)).toString('hex')).toBe(`3044021f${'11'.repeat(31)}022100${s}`);
    expect(rawEcdsaSignatureToDer(Buffer.alloc(64)).toString('hex')).toBe('3006020100020100');
  });

  it('round-trips with Node: raw signatures from ieee-p1363 verify as DER and back', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    for (let i = 0; i < 50; i++) {
      const message = Buffer.from(`message ${i}`);
      const raw = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = rawEcdsaSignatureToDer(raw);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      expect(derEcdsaSignatureToRaw(der).equals(raw)).toBe(true);
    }
  });

  it('refuses signatures of the wrong length and DER that is not a signature', () => {
    expect(() => rawEcdsaSignatureToDer(Buffer.alloc(63))).toThrow(/64 bytes, not 63/);
    expect(() => derEcdsaSignatureToRaw(hex('3003020100'))).toThrow(/Not a DER ECDSA signature/);
  });
});

describe('p256SpkiFromEcPoint', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const point = spki.subarray(spki.length - 65);

  it('accepts the point wrapped in an OCTET STRING (PKCS#11) or bare', () => {
    expect(p256SpkiFromEcPoint(Buffer.concat([hex('0441'), point])).equals(spki)).toBe(true);
    expect(p256SpkiFromEcPoint(point).equals(spki)).toBe(true);
    expect(
      createPublicKey({ key: p256SpkiFromEcPoint(point), format: 'der', type: 'spki' }).asymmetricKeyType,
    ).toBe('ec');
  });

  it('refuses compressed or foreign points', () => {
    expect(() => p256SpkiFromEcPoint(Buffer.concat([hex('02'), point.subarray(1, 33)]))).toThrow(
      /uncompressed P-256/,
    );
  });
});

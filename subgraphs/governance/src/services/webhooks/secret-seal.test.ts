import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretSeal } from './secret-seal';

const key = () => randomBytes(32).toString('base64');
const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

describe('SecretSeal', () => {
  it('seals so the secret is not in the stored text, and opens it again', () => {
    const seal = new SecretSeal(key());
    const stored = seal.seal(SECRET, SUBSCRIPTION);
    expect(stored).toMatch(new RegExp(`^sealed:v1:${seal.keyId}:`));
    expect(stored).not.toContain(SECRET.slice(6));
    expect(seal.open(stored, SUBSCRIPTION)).toBe(SECRET);
    expect(seal.seal(SECRET, SUBSCRIPTION)).not.toBe(stored);
  });

  it('refuses another key, another subscription and a changed byte', () => {
    const seal = new SecretSeal(key());
    const stored = seal.seal(SECRET, SUBSCRIPTION);
    expect(() => new SecretSeal(key()).open(stored, SUBSCRIPTION)).toThrow(/sealed under key/);
    expect(() => seal.open(stored, '00000000-0000-4000-8000-000000000002')).toThrow();
    const bytes = Buffer.from(stored.split(':')[3]!, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => seal.open(`sealed:v1:${seal.keyId}:${bytes.toString('base64')}`, SUBSCRIPTION)).toThrow();
  });

  it('reads a secret stored before sealing as it is', () => {
    expect(new SecretSeal(key()).open(SECRET, SUBSCRIPTION)).toBe(SECRET);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretSeal(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

import { describe, expect, it } from 'vitest';
import { generateApiTokenSecret, hashApiTokenSecret, isApiTokenSecret } from './api-token-secret';

describe('API token secrets', () => {
  it('carry a prefix that secret scanners match, and 32 random bytes', () => {
    const personal = generateApiTokenSecret('personal');
    const service = generateApiTokenSecret('service-account');
    expect(personal).toMatch(/^cairn_pat_[A-Za-z0-9_-]{43}$/);
    expect(service).toMatch(/^cairn_sat_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(personal.slice('cairn_pat_'.length), 'base64url')).toHaveLength(32);
    expect(generateApiTokenSecret('personal')).not.toBe(personal);
    expect(isApiTokenSecret(personal) && isApiTokenSecret(service)).toBe(true);
  });

  it('refuses anything else as a token', () => {
    for (const text of [
      'cairn_pat_short',
      `cairn_xyz_${'a'.repeat(43)}`,
      `cairn_pat_${'a'.repeat(44)}`,
      '',
    ]) {
      expect(isApiTokenSecret(text)).toBe(false);
    }
  });

  it('hashes to 32 bytes of SHA-256', () => {
    expect(hashApiTokenSecret('x')).toHaveLength(32);
  });
});

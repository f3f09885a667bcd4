import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InternalTokenSigner, InternalTokenVerifier } from './internal-token';
import type { Principal } from './principal';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

const alice: Principal = {
  subject: 'alice',
  kind: 'user',
  email: 'alice@example.com',
  orgRoles: ['auditor'],
  memberships: [
    { team: 'fraud', role: 'contributor', approver: true },
    { team: 'search', role: 'viewer', approver: false },
  ],
  scopes: ['read', 'write'],
  client: { kind: 'api-token', id: 'tok_1' },
};

describe('internal identity tokens', () => {
  it('carry the principal to the subgraph they were signed for', async () => {
    const keys = pair();
    const token = await new InternalTokenSigner(keys.privateKey, 60).sign(alice, 'registry');
    const principal = await new InternalTokenVerifier(keys.publicKey, 'registry').verify(token);
    expect(principal).toEqual({ ...alice, name: undefined });
    expect(principal.memberships[0]).toEqual({ team: 'fraud', role: 'contributor', approver: true });
    expect(principal.memberships[0]).toEqual({ team: 'fraud', role: 'contributor', approver: true });
  });

  it('are refused by every other subgraph', async () => {
    const keys = pair();
    const token = await new InternalTokenSigner(keys.privateKey, 60).sign(alice, 'registry');
    await expect(new InternalTokenVerifier(keys.publicKey, 'lineage').verify(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('are refused when signed by a key the subgraph does not trust', async () => {
    const token = await new InternalTokenSigner(pair().privateKey, 60).sign(alice, 'registry');
    await expect(new InternalTokenVerifier(pair().publicKey, 'registry').verify(token)).rejects.toMatchObject(
      {
        code: 'UNAUTHENTICATED',
      },
    );
  });

  it('verify with any trusted key during a rotation', async () => {
    const old = pair();
    const next = pair();
    const verifier = new InternalTokenVerifier(`${old.publicKey}\n${next.publicKey}`, 'metrics');
    for (const keys of [old, next]) {
      const token = await new InternalTokenSigner(keys.privateKey, 60).sign(alice, 'metrics');
      expect((await verifier.verify(token)).subject).toBe('alice');
    }
  });

  it('refuse a tampered payload', async () => {
    const keys = pair();
    const token = await new InternalTokenSigner(keys.privateKey, 60).sign(alice, 'registry');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, org: ['platform-admin'] })).toString(
      'base64url',
    );
    await expect(
      new InternalTokenVerifier(keys.publicKey, 'registry').verify(`${header}.${tampered}.${signature}`),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('are remembered once verified, until they expire, and never stand in for another token', async () => {
    const keys = pair();
    const verifier = new InternalTokenVerifier(keys.publicKey, 'registry', 2);
    // Two seconds: at least one whole second of validity whatever the signing instant.
    const signer = new InternalTokenSigner(keys.privateKey, 2);
    const token = await signer.sign(alice, 'registry');
    expect((await verifier.verify(token)).subject).toBe('alice');
    expect((await verifier.verify(token)).subject).toBe('alice');
    const bob = await signer.sign({ ...alice, subject: 'bob', orgRoles: [] }, 'registry');
    expect(await verifier.verify(bob)).toMatchObject({ subject: 'bob', orgRoles: [] });
    // A token differing in one character of its signature is not the remembered one.
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await new Promise((resolve) => setTimeout(resolve, 3100));
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuse signing with anything but an Ed25519 key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => new InternalTokenSigner(rsa.toString(), 60)).toThrow(/Ed25519/);
  });
});

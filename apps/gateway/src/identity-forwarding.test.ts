import { generateKeyPairSync } from 'node:crypto';
import { InternalTokenSigner, InternalTokenVerifier, type Principal } from '@cairn/identity';
import { describe, expect, it } from 'vitest';
import { IdentityForwarder } from './identity-forwarding';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = new InternalTokenSigner(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 60);
const verifierFor = (subgraph: string) =>
  new InternalTokenVerifier(publicKey.export({ type: 'spki', format: 'pem' }).toString(), subgraph);

const alice: Principal = {
  subject: 'alice',
  kind: 'user',
  orgRoles: [],
  memberships: [{ team: 'fraud', role: 'contributor', approver: false }],
  scopes: ['read', 'write'],
};

describe('identity forwarding', () => {
  it('reuses a signature for the same caller and subgraph within half its lifetime, then signs anew', async () => {
    let now = 0;
    const forwarder = new IdentityForwarder(signer, 60, 100, () => now);
    const first = await forwarder.tokenFor(alice, 'registry');
    now += 29_000;
    expect(await forwarder.tokenFor(alice, 'registry')).toBe(first);
    now += 2_000;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new `iat` second
    expect(await forwarder.tokenFor(alice, 'registry')).not.toBe(first);
  });

  it('never hands one caller’s token to another, nor one subgraph’s to another', async () => {
    const forwarder = new IdentityForwarder(signer, 60);
    const sameSubjectMoreRights: Principal = { ...alice, orgRoles: ['platform-admin'] };
    const otherTeams: Principal = {
      ...alice,
      memberships: [{ team: 'search', role: 'maintainer', approver: true }],
    };
    const bob: Principal = { ...alice, subject: 'bob' };
    const registry = verifierFor('registry');
    for (const principal of [alice, sameSubjectMoreRights, otherTeams, bob]) {
      const token = await forwarder.tokenFor(principal, 'registry');
      expect(await registry.verify(token)).toMatchObject({
        subject: principal.subject,
        orgRoles: principal.orgRoles,
        memberships: principal.memberships,
      });
    }
    const lineageToken = await forwarder.tokenFor(alice, 'lineage');
    await expect(registry.verify(lineageToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

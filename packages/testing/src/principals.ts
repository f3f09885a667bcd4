import { type Principal, SCOPES, type TeamMembership } from '@cairn/identity';

const member = (team: string, role: TeamMembership['role'], approver = false): TeamMembership => ({
  team,
  role,
  approver,
});

function user(name: string, memberships: TeamMembership[], orgRoles: Principal['orgRoles'] = []): Principal {
  return {
    subject: `user-${name}`,
    kind: 'user',
    email: `${name}@demo.cairn`,
    orgRoles,
    memberships,
    scopes: [...SCOPES],
  };
}

/** Callers for tests, one per kind of right, mirroring the dev IdP's demo accounts. */
export const testPrincipals = {
  engineer: user('engineer', [member('fraud-detection', 'contributor')]),
  maintainer: user('maintainer', [
    member('fraud-detection', 'maintainer'),
    member('recommendations', 'maintainer'),
  ]),
  approver: user('approver', [
    member('fraud-detection', 'viewer', true),
    member('recommendations', 'viewer', true),
  ]),
  viewer: user('viewer', [member('fraud-detection', 'viewer')]),
  recommender: user('recommender', [member('recommendations', 'contributor')]),
  executive: user('executive', [], ['executive']),
  auditor: user('auditor', [], ['auditor']),
  admin: user('admin', [], ['platform-admin']),
  outsider: user('outsider', [member('search-ranking', 'contributor')]),
} satisfies Record<string, Principal>;

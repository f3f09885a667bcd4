import { describe, expect, it } from 'vitest';
import { describeMembership, describeOrgRoles, maintains } from './describe-rights';

const me = {
  subject: 's',
  email: 'a@b.c',
  orgRoles: [] as string[],
  memberships: [
    { team: 'fraud', role: 'maintainer', approver: false },
    { team: 'reco', role: 'viewer', approver: true },
  ],
};

describe('describing rights', () => {
  it('names a membership and whether it approves', () => {
    expect(describeMembership(me.memberships[0]!)).toBe('maintainer');
    expect(describeMembership(me.memberships[1]!)).toBe('viewer, approver');
  });

  it('tells maintainers and platform admins apart from the rest', () => {
    expect(maintains(me, 'fraud')).toBe(true);
    expect(maintains(me, 'reco')).toBe(false);
    expect(maintains({ ...me, orgRoles: ['platform-admin'] }, 'anything')).toBe(true);
    expect(maintains(null, 'fraud')).toBe(false);
    expect(describeOrgRoles({ ...me, orgRoles: ['auditor'] })).toEqual(['Auditor']);
  });
});

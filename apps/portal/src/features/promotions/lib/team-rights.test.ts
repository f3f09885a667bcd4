import { describe, expect, it } from 'vitest';
import type { Me } from '../../account/graphql/me';
import { actorName, approvesAnywhere, approvesFor, contributesTo, maintains } from './team-rights';

const me = (over: Partial<Me>): Me => ({
  subject: 'user-x',
  email: 'x@demo.cairn',
  orgRoles: [],
  memberships: [],
  ...over,
});

describe('team rights hints', () => {
  it('reads roles and the approver flag per team', () => {
    const engineer = me({ memberships: [{ team: 'fraud-detection', role: 'CONTRIBUTOR', approver: false }] });
    expect(contributesTo(engineer, 'fraud-detection')).toBe(true);
    expect(contributesTo(engineer, 'recommendations')).toBe(false);
    expect(maintains(engineer, 'fraud-detection')).toBe(false);
    expect(approvesAnywhere(engineer)).toBe(false);
    const approver = me({ memberships: [{ team: 'fraud-detection', role: 'VIEWER', approver: true }] });
    expect(approvesFor(approver, 'fraud-detection')).toBe(true);
    expect(approvesFor(approver, 'platform')).toBe(false);
    expect(contributesTo(approver, 'fraud-detection')).toBe(false);
  });

  it('lets platform admins maintain and approve everywhere, and names the caller by e-mail', () => {
    const admin = me({ orgRoles: ['PLATFORM_ADMIN'] });
    expect(maintains(admin, 'any')).toBe(true);
    expect(approvesFor(admin, 'any')).toBe(true);
    expect(actorName(admin)).toBe('x@demo.cairn');
    expect(actorName(me({ email: null }))).toBe('user-x');
    expect(actorName(null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { mapGroups, parseGrant } from './group-mapping';

const rules = {
  prefix: 'cairn-',
  explicit: {
    'ml-leads': 'team:fraud-detection:maintainer',
    'sec-audit': 'org:auditor',
    broken: 'team:Nope:boss',
  },
};

describe('group mapping', () => {
  it('maps the naming convention to team roles, approvers and organisation roles', () => {
    expect(
      mapGroups(
        [
          'cairn-fraud-detection-contributors',
          'cairn-fraud-detection-approvers',
          'cairn-search-ranking-viewers',
          'cairn-platform-admins',
        ],
        rules,
      ),
    ).toEqual({
      orgRoles: ['platform-admin'],
      memberships: [
        { team: 'fraud-detection', role: 'contributor', approver: true },
        { team: 'search-ranking', role: 'viewer', approver: false },
      ],
    });
  });

  it('keeps the stronger role when groups overlap, and makes a lone approver a viewer', () => {
    expect(
      mapGroups(['cairn-a-maintainers', 'cairn-a-viewers', 'cairn-b-approvers'], rules).memberships,
    ).toEqual([
      { team: 'a', role: 'maintainer', approver: false },
      { team: 'b', role: 'viewer', approver: true },
    ]);
  });

  it('applies the explicit map, and ignores unknown, malformed and foreign groups', () => {
    expect(
      mapGroups(
        ['ml-leads', 'sec-audit', 'broken', 'everyone', 'cairn-', 'cairn-x-owners', 'other-a-viewers'],
        rules,
      ),
    ).toEqual({
      orgRoles: ['auditor'],
      memberships: [{ team: 'fraud-detection', role: 'maintainer', approver: false }],
    });
  });

  it('reads grants', () => {
    expect(parseGrant('org:executive')).toEqual({ org: 'executive' });
    expect(parseGrant('team:a-b:approver')).toEqual({ team: 'a-b', role: 'approver' });
    expect(parseGrant('team:a:owner')).toBeNull();
  });
});

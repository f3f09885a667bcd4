import type { Me, Membership } from '../graphql/me';

const ORG_ROLE_LABELS: Record<string, string> = {
  'platform-admin': 'Platform admin',
  PLATFORM_ADMIN: 'Platform admin',
  auditor: 'Auditor',
  AUDITOR: 'Auditor',
  executive: 'Executive',
  EXECUTIVE: 'Executive',
};

/** "contributor, approver" */
export function describeMembership(membership: Membership): string {
  const role = membership.role.toLowerCase();
  return membership.approver ? `${role}, approver` : role;
}

export function describeOrgRoles(me: Me): string[] {
  return me.orgRoles.map((role) => ORG_ROLE_LABELS[role] ?? role);
}

/** Whether the caller maintains a team (platform admins maintain every team). A UI hint only. */
export function maintains(me: Me | null, team: string): boolean {
  if (!me) return false;
  if (me.orgRoles.some((role) => role.toLowerCase().replace('_', '-') === 'platform-admin')) return true;
  return me.memberships.some((m) => m.team === team && m.role.toLowerCase() === 'maintainer');
}

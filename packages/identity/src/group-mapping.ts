import { mergeMemberships, type OrgRole, type TeamMembership, type TeamRole } from './principal';

/**
 * Turns an identity provider's group names into Cairn rights, so membership can be managed where
 * a company already manages people. Two ways, combined:
 * - a naming convention, `<prefix><team>-<viewers|contributors|maintainers|approvers>` and
 *   `<prefix><platform-admins|auditors|executives>`: with the default prefix, the group
 *   `cairn-fraud-detection-approvers` makes its members approvers of `fraud-detection`;
 * - an explicit map for groups named otherwise, `{ "ml-leads": "team:fraud-detection:maintainer",
 *   "sec-audit": "org:auditor" }`.
 * Unknown groups are ignored. An approver with no other role in the team is also its viewer.
 */
export interface GroupMappingRules {
  prefix: string;
  explicit: Record<string, string>;
}

export interface MappedRights {
  orgRoles: OrgRole[];
  memberships: TeamMembership[];
}

const ORG_GROUPS: Record<string, OrgRole> = {
  'platform-admins': 'platform-admin',
  auditors: 'auditor',
  executives: 'executive',
};
const TEAM_SUFFIXES: Record<string, TeamRole | 'approver'> = {
  viewers: 'viewer',
  contributors: 'contributor',
  maintainers: 'maintainer',
  approvers: 'approver',
};
const TEAM_SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';

/** `team:<slug>:<role>` or `org:<role>`; null when the text is neither. */
export function parseGrant(
  grant: string,
): { org: OrgRole } | { team: string; role: TeamRole | 'approver' } | null {
  const org = /^org:(platform-admin|auditor|executive)$/.exec(grant);
  if (org) return { org: org[1] as OrgRole };
  const team = new RegExp(`^team:(${TEAM_SLUG}):(viewer|contributor|maintainer|approver)$`).exec(grant);
  return team ? { team: team[1]!, role: team[2] as TeamRole | 'approver' } : null;
}

function grantOf(group: string, rules: GroupMappingRules) {
  const explicit = rules.explicit[group];
  if (explicit !== undefined) return parseGrant(explicit);
  if (!group.startsWith(rules.prefix)) return null;
  const rest = group.slice(rules.prefix.length);
  const org = ORG_GROUPS[rest];
  if (org) return { org };
  const match = new RegExp(`^(${TEAM_SLUG})-(viewers|contributors|maintainers|approvers)$`).exec(rest);
  return match ? { team: match[1]!, role: TEAM_SUFFIXES[match[2]!]! } : null;
}

export function mapGroups(groups: readonly string[], rules: GroupMappingRules): MappedRights {
  const orgRoles = new Set<OrgRole>();
  const memberships: TeamMembership[] = [];
  for (const group of groups) {
    const grant = grantOf(group, rules);
    if (!grant) continue;
    if ('org' in grant) orgRoles.add(grant.org);
    else if (grant.role === 'approver')
      memberships.push({ team: grant.team, role: 'viewer', approver: true });
    else memberships.push({ team: grant.team, role: grant.role, approver: false });
  }
  return { orgRoles: [...orgRoles].sort(), memberships: mergeMemberships(memberships) };
}

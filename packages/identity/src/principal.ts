/**
 * Who is calling and what they may do. Rights come in two kinds:
 * - per team: a membership with a role, `viewer` < `contributor` < `maintainer`, and `approver`
 *   as a separate capability (promoting needs it; it does not let you register models);
 * - across the organisation: `platform-admin` (everything, in every team), `auditor` (reads
 *   everything, the audit trail included, changes nothing) and `executive` (aggregate figures
 *   across teams, no private model details).
 * A credential may also be narrowed by scopes (API tokens): `read`, `write`, `promote`, `admin`,
 * and `serving:report` (a serving system reporting production windows, nothing else written).
 */
export const TEAM_ROLES = ['viewer', 'contributor', 'maintainer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const ORG_ROLES = ['platform-admin', 'auditor', 'executive'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const SCOPES = ['read', 'write', 'promote', 'admin', 'serving:report'] as const;
export type Scope = (typeof SCOPES)[number];

export interface TeamMembership {
  /** Team slug. */
  team: string;
  role: TeamRole;
  /** May approve promotions of the team's models. */
  approver: boolean;
}

export interface Principal {
  subject: string;
  /**
   * `gateway` is the gateway itself asking governance who a caller is (`resolveCaller`,
   * `resolveApiToken`); only the gateway mints it, never from a caller's credential.
   */
  kind: 'user' | 'service' | 'gateway';
  email?: string;
  name?: string;
  orgRoles: OrgRole[];
  memberships: TeamMembership[];
  /** What this credential may do, whatever the roles allow; OIDC sign-ins carry every scope. */
  scopes: Scope[];
  /** The OIDC client or the API token the call came with, for the access log. */
  client?: { kind: 'oidc' | 'api-token'; id: string };
}

export const isTeamRole = (value: unknown): value is TeamRole =>
  typeof value === 'string' && (TEAM_ROLES as readonly string[]).includes(value);
export const isOrgRole = (value: unknown): value is OrgRole =>
  typeof value === 'string' && (ORG_ROLES as readonly string[]).includes(value);
export const isScope = (value: unknown): value is Scope =>
  typeof value === 'string' && (SCOPES as readonly string[]).includes(value);

const rank = (role: TeamRole) => TEAM_ROLES.indexOf(role);

/** The higher of two roles. */
export function strongerRole(a: TeamRole, b: TeamRole): TeamRole {
  return rank(a) >= rank(b) ? a : b;
}

/**
 * Folds memberships that name the same team (a group mapping and a membership managed in Cairn,
 * say) into one per team: the stronger role, approver if either grants it.
 */
export function mergeMemberships(...lists: TeamMembership[][]): TeamMembership[] {
  const byTeam = new Map<string, TeamMembership>();
  for (const membership of lists.flat()) {
    const known = byTeam.get(membership.team);
    byTeam.set(
      membership.team,
      known
        ? {
            team: membership.team,
            role: strongerRole(known.role, membership.role),
            approver: known.approver || membership.approver,
          }
        : { ...membership },
    );
  }
  return [...byTeam.values()].sort((a, b) => a.team.localeCompare(b.team));
}

/** The gateway acting for itself, as only it can sign (see `kind`). */
export function isGateway(principal: Principal): boolean {
  return principal.kind === 'gateway';
}

export function isPlatformAdmin(principal: Principal): boolean {
  return principal.orgRoles.includes('platform-admin');
}

/** Platform admins and auditors see every model, private ones included. */
export function readsEverything(principal: Principal): boolean {
  return isPlatformAdmin(principal) || principal.orgRoles.includes('auditor');
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes(scope);
}

/** The caller's role in a team; platform admins act as maintainers everywhere. */
export function teamRoleOf(principal: Principal, team: string): TeamRole | null {
  if (isPlatformAdmin(principal)) return 'maintainer';
  return principal.memberships.find((m) => m.team === team)?.role ?? null;
}

/** At least `minimum` in `team`. */
export function hasTeamRole(principal: Principal, team: string, minimum: TeamRole): boolean {
  const role = teamRoleOf(principal, team);
  return role !== null && rank(role) >= rank(minimum);
}

/** At least `minimum` in some team: a cheap first check before looking anything up. */
export function hasTeamRoleAnywhere(principal: Principal, minimum: TeamRole): boolean {
  return isPlatformAdmin(principal) || principal.memberships.some((m) => rank(m.role) >= rank(minimum));
}

/** Any membership at all: the team's private models are visible to every member. */
export function isMemberOf(principal: Principal, team: string): boolean {
  return isPlatformAdmin(principal) || principal.memberships.some((m) => m.team === team);
}

export function isApproverFor(principal: Principal, team: string): boolean {
  return isPlatformAdmin(principal) || principal.memberships.some((m) => m.team === team && m.approver);
}

export function isApproverAnywhere(principal: Principal): boolean {
  return isPlatformAdmin(principal) || principal.memberships.some((m) => m.approver);
}

/** Team slugs whose private models the caller may see, or `all`. */
export function privateTeamsVisibleTo(principal: Principal): readonly string[] | 'all' {
  return readsEverything(principal) ? 'all' : principal.memberships.map((m) => m.team);
}

/** The actor recorded on events and rows: stable, human-readable where possible. */
export function actorOf(principal: Principal): string {
  return principal.email ?? principal.subject;
}

/** The identity the stack's own seeding and maintenance jobs act as. */
export const SYSTEM_PRINCIPAL: Principal = {
  subject: 'system',
  kind: 'service',
  name: 'Cairn system',
  orgRoles: ['platform-admin'],
  memberships: [],
  scopes: [...SCOPES],
};

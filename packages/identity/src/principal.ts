export const ROLES = ['viewer', 'engineer', 'approver', 'executive', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a person signed in through OIDC, or a tool using client credentials. */
export interface Principal {
  subject: string;
  kind: 'user' | 'service';
  email?: string;
  name?: string;
  roles: Role[];
  /** Team slugs the caller belongs to. */
  teams: string[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.includes('admin') || roles.some((role) => principal.roles.includes(role));
}

export function isMemberOf(principal: Principal, teamSlug: string): boolean {
  return principal.roles.includes('admin') || principal.teams.includes(teamSlug);
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
  roles: ['admin'],
  teams: [],
};

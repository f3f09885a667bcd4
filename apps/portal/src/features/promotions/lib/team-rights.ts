import type { Me } from '../../account/graphql/me';

const roleOf = (me: Me | null, team: string) =>
  me?.memberships.find((m) => m.team === team)?.role.toLowerCase() ?? null;

const isPlatformAdmin = (me: Me | null) =>
  (me?.orgRoles ?? []).some((role) => role.toLowerCase().replace('_', '-') === 'platform-admin');

/*
 * What the promotion pages offer whom. Hints only, from `me`: they decide which buttons show,
 * and governance still checks every call (and says why when it refuses).
 */

export function contributesTo(me: Me | null, team: string): boolean {
  const role = roleOf(me, team);
  return role === 'contributor' || role === 'maintainer';
}

export function maintains(me: Me | null, team: string): boolean {
  return roleOf(me, team) === 'maintainer' || isPlatformAdmin(me);
}

export function approvesFor(me: Me | null, team: string): boolean {
  return (me?.memberships ?? []).some((m) => m.team === team && m.approver) || isPlatformAdmin(me);
}

export function approvesAnywhere(me: Me | null): boolean {
  return (me?.memberships ?? []).some((m) => m.approver) || isPlatformAdmin(me);
}

/** How governance names the caller in `requestedBy` and `approver`: e-mail, else subject. */
export function actorName(me: Me | null): string | null {
  return me ? (me.email ?? me.subject) : null;
}

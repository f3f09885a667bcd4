import type { AccessRequest, AccessRequestStatus } from '../graphql/access-requests';

const LABELS: Record<AccessRequestStatus, string> = {
  OPEN: 'Waiting for a maintainer',
  GRANTED: 'Granted',
  DENIED: 'Denied',
  WITHDRAWN: 'Withdrawn',
};

/** What a request's status says to a person, with who answered when there is an answer. */
export function describeStatus(request: Pick<AccessRequest, 'status' | 'decidedBy'>): string {
  const label = LABELS[request.status] ?? request.status;
  if (request.status === 'GRANTED' || request.status === 'DENIED') {
    return request.decidedBy ? `${label} by ${request.decidedBy}` : label;
  }
  return label;
}

/** Team slugs the caller maintains, from `me` (a hint for the UI; governance decides). */
export function maintainedTeams(me: { memberships: { team: string; role: string }[] } | null): string[] {
  return (me?.memberships ?? []).filter((m) => m.role.toLowerCase() === 'maintainer').map((m) => m.team);
}

import type { TeamRequest } from '../graphql/team-requests';

/** What happened to a team request, in a sentence for its requester. */
export function teamRequestOutcome(request: Pick<TeamRequest, 'status' | 'decidedBy' | 'reason'>): string {
  if (request.status === 'OPEN') return 'Waiting for a platform admin';
  const by = request.decidedBy ? ` by ${request.decidedBy}` : '';
  if (request.status === 'APPROVED') return `Approved${by}: the team is yours to maintain`;
  return `Rejected${by}${request.reason ? `: “${request.reason}”` : ''}`;
}

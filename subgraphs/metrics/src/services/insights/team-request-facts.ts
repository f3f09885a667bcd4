import { type governanceEvents, type ParsedEventOf } from '@cairn/events';
import type { EntityManager } from 'typeorm';
import { countIfFirst } from './insights-weekly';

type TeamRequestEvent = Extract<
  ParsedEventOf<typeof governanceEvents>,
  {
    type: 'governance.TeamRequested' | 'governance.TeamRequestApproved' | 'governance.TeamRequestRejected';
  }
>;

export const isTeamRequestEvent = (
  event: ParsedEventOf<typeof governanceEvents>,
): event is TeamRequestEvent =>
  event.type === 'governance.TeamRequested' ||
  event.type === 'governance.TeamRequestApproved' ||
  event.type === 'governance.TeamRequestRejected';

/**
 * Self-service team requests, counted under the slug asked for (the team it becomes if
 * approved), so the insights' usual team scope applies to them unchanged. Only the slug, the
 * times and the outcome are kept: the requester, the name and the justification stay in
 * governance, so no answer can give them away.
 *
 * A decision may be applied before its request (the request was quarantined and replayed
 * later): both upserts fill in only what is missing, and the weekly counters are bumped only
 * when their fact is first filled in, so a replay counts nothing twice.
 */
export async function applyTeamRequestEvent(
  manager: EntityManager,
  event: TeamRequestEvent,
  at: Date,
): Promise<void> {
  const { requestId, slug } = event.payload;
  if (event.type === 'governance.TeamRequested') {
    return countIfFirst(
      manager,
      `/* insightsTeamRequested */ INSERT INTO metrics.insights_team_request AS r (request_id, slug, requested_at)
       VALUES ($1, $2, $3)
       ON CONFLICT (request_id) DO UPDATE SET requested_at = EXCLUDED.requested_at
       WHERE r.requested_at IS NULL
       RETURNING request_id`,
      [requestId, slug, at],
      { team: slug, figure: 'team_requests_made', at },
    );
  }
  const approved = event.type === 'governance.TeamRequestApproved';
  return countIfFirst(
    manager,
    `/* insightsTeamRequestDecided */ INSERT INTO metrics.insights_team_request AS r (request_id, slug, outcome, decided_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (request_id) DO UPDATE SET outcome = EXCLUDED.outcome, decided_at = EXCLUDED.decided_at
     WHERE r.outcome = 'OPEN'
     RETURNING request_id`,
    [requestId, slug, approved ? 'APPROVED' : 'REJECTED', at],
    { team: slug, figure: approved ? 'team_requests_approved' : 'team_requests_rejected', at },
  );
}

import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import { GovernanceEvents, governanceEvents } from '@cairn/events';
import type { DataSource, EntityManager } from 'typeorm';
import { REGISTRY_SCHEMA, registryEventLog } from '../data-source';
import { RegistryEvents } from '../events';

const GOVERNANCE_LOG = new EventLog(governanceEvents.schema);
const APPROVED = GovernanceEvents.TeamRequestApproved;

/** The consumer's name: its cursor and quarantined events are kept under it in the registry. */
export const TEAM_ONBOARDING_CONSUMER = 'team-onboarding';

/** Where a skipped slug is reported; the subgraph's logger in production. */
export interface OnboardingLog {
  warn(details: object, message: string): void;
}

interface ApprovedTeam {
  requestId: string;
  slug: string;
  name: string;
  /** Who approved it: the registry's `TeamCreated` names them as its actor. */
  actor: string;
}

/**
 * Self-service onboarding, the registry's half: the registry owns teams, so it creates the team
 * a platform admin approved in governance (`TeamRequestApproved`), with the registry's defaults
 * (the column defaults: INTERNAL visibility, no retention policy), and says so in its own
 * `TeamCreated`. Idempotent: a slug that exists already (created directly, or the event replayed)
 * is skipped with a log line, never a failure, so the consumer does not stall on it.
 */
export function teamOnboardingConsumer(dataSource: DataSource, log: OnboardingLog): EventConsumer {
  return new EventConsumer(dataSource, {
    name: TEAM_ONBOARDING_CONSUMER,
    source: GOVERNANCE_LOG,
    cursorSchema: REGISTRY_SCHEMA,
    handle: async (events, manager) => {
      for (const event of events) {
        if (event.type === APPROVED) await createTeam(manager, fromEvent(event), log);
      }
    },
  });
}

async function createTeam(manager: EntityManager, team: ApprovedTeam, log: OnboardingLog): Promise<void> {
  const [created]: { id: string; default_visibility: 'PRIVATE' | 'INTERNAL' }[] = await manager.query(
    `/* createRequestedTeam */ INSERT INTO registry.team (slug, name) VALUES ($1, $2)
     ON CONFLICT (slug) DO NOTHING RETURNING id, default_visibility`,
    [team.slug, team.name],
  );
  if (!created) {
    log.warn(
      { requestId: team.requestId, slug: team.slug },
      'team request approved for a slug that exists already: team not created',
    );
    return;
  }
  await registryEventLog.publish(manager, {
    type: RegistryEvents.TeamCreated,
    subjectId: created.id,
    actor: team.actor,
    payload: {
      teamId: created.id,
      slug: team.slug,
      name: team.name,
      defaultVisibility: created.default_visibility,
    },
  });
}

/** Throws `MalformedEventError` for an event breaking governance's contract: it is quarantined. */
function fromEvent(event: StoredEvent): ApprovedTeam {
  const payload = governanceEvents.parseAs(APPROVED, event);
  return { requestId: payload.requestId, slug: payload.slug, name: payload.name, actor: event.actor };
}

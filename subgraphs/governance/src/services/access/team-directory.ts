import { NotFoundError } from '@cairn/errors';
import { EventConsumer, EventLog } from '@cairn/event-log';
import { MalformedEventError, type RawEvent, RegistryEvents, registryEvents } from '@cairn/events';
import type { DataSource, EntityManager } from 'typeorm';

const REGISTRY_LOG = new EventLog(registryEvents.schema);
const TEAM_CREATED = RegistryEvents.TeamCreated;
const SCHEMA = 'governance';

interface TeamRow {
  team_id: string;
  slug: string;
  name: string;
}

/**
 * Which teams exist, as governance learns it from the registry's log (`TeamCreated`), so a
 * membership can only be granted in a real team without reading the registry's tables.
 */
export class TeamDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /** The background consumer that keeps `governance.known_team` current. */
  consumer(): EventConsumer {
    return new EventConsumer(this.dataSource, {
      name: 'team-directory',
      source: REGISTRY_LOG,
      cursorSchema: SCHEMA,
      handle: (events, manager) =>
        this.insert(
          manager,
          events.filter((e) => e.type === TEAM_CREATED).map((e) => fromEvent(e)),
        ),
    });
  }

  /** NOT_FOUND unless the team exists; answers for a team created a moment ago too. */
  async assertExists(slug: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const [known] = await manager.query(
      `/* selectKnownTeam */ SELECT slug FROM governance.known_team WHERE slug = $1`,
      [slug],
    );
    if (known) return;
    // The consumer reads only transactions older than every running one: a team committed a
    // moment ago may not have reached us yet, so read its event directly (idempotent).
    const rows: { event_id: string; subject_type: string; subject_id: string; payload: unknown }[] =
      await manager.query(
        `/* findTeamCreated */ SELECT event_id, subject_type, subject_id, payload FROM registry.event_log
          WHERE type = $1 AND payload->>'slug' = $2`,
        [TEAM_CREATED, slug],
      );
    const recovered = rows.flatMap((row) => {
      try {
        return [
          fromEvent({
            eventId: row.event_id,
            type: TEAM_CREATED,
            subjectType: row.subject_type,
            subjectId: row.subject_id,
            payload: row.payload,
          }),
        ];
      } catch (error) {
        if (error instanceof MalformedEventError) return [];
        throw error;
      }
    });
    if (recovered.length === 0) throw new NotFoundError('Team', slug);
    await this.insert(manager, recovered);
  }

  private async insert(manager: EntityManager, rows: TeamRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `/* recordKnownTeams */ INSERT INTO governance.known_team (team_id, slug, name)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [rows.map((r) => r.team_id), rows.map((r) => r.slug), rows.map((r) => r.name)],
    );
  }
}

function fromEvent(event: RawEvent): TeamRow {
  const p = registryEvents.parseAs(TEAM_CREATED, event);
  return { team_id: p.teamId.toLowerCase(), slug: p.slug, name: p.name };
}

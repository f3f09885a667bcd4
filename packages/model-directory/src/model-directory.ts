import { isUuid } from '@cairn/database';
import { ForbiddenError, NotFoundError } from '@cairn/errors';
import { EventConsumer, EventLog, type StoredEvent } from '@cairn/event-log';
import { MalformedEventError, type RawEvent, RegistryEvents, registryEvents } from '@cairn/events';
import { hasTeamRole, type Principal, type TeamRole } from '@cairn/identity';
import type { DataSource, EntityManager } from 'typeorm';

/** The registry's log, read through its published contract (`@cairn/events`). */
const REGISTRY_LOG = new EventLog(registryEvents.schema);
const MODEL_VERSION_CREATED = RegistryEvents.ModelVersionCreated;

export interface KnownModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  teamSlug: string;
  version: number;
  /** Who registered the version (the event's actor); null for versions recorded before it was kept. */
  createdBy: string | null;
}

interface Row {
  model_version_id: string;
  model_id: string;
  model_name: string;
  team_slug: string;
  version: number;
  created_by: string | null;
}

function toKnown(row: Row): KnownModelVersion {
  return {
    id: row.model_version_id,
    modelId: row.model_id,
    modelName: row.model_name,
    teamSlug: row.team_slug,
    version: row.version,
    createdBy: row.created_by,
  };
}

/** Throws `MalformedEventError` for an event that breaks the contract, for the consumer to quarantine. */
function fromEvent(event: RawEvent & { actor: string }): Row {
  const p = registryEvents.parseAs(MODEL_VERSION_CREATED, event);
  return {
    model_version_id: p.modelVersionId.toLowerCase(),
    model_id: p.modelId.toLowerCase(),
    model_name: p.modelName,
    team_slug: p.teamSlug,
    version: p.version,
    created_by: event.actor,
  };
}

/**
 * What a subgraph other than the registry knows about model versions: which exist, their model
 * and owning team. Kept in the subgraph's own schema from the registry's event log, so no
 * subgraph reads the registry's tables.
 */
export class ModelDirectory {
  readonly consumer: EventConsumer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {
    this.consumer = new EventConsumer(dataSource, {
      name: 'model-directory',
      source: REGISTRY_LOG,
      cursorSchema: schema,
      handle: (events, manager) =>
        this.record(
          manager,
          events.filter((e) => e.type === MODEL_VERSION_CREATED),
        ),
    });
  }

  /** The version, or NOT_FOUND. Answers for versions created a moment ago too. */
  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<KnownModelVersion> {
    const [known] = await this.getMany([id], manager);
    if (!known) throw new NotFoundError('ModelVersion', id);
    return known;
  }

  /**
   * The version, provided `actor` holds at least `minimum` in the owning team (platform admins
   * act in every team): only they may change what is recorded about a version. NOT_FOUND first,
   * then FORBIDDEN.
   */
  async getForTeamMember(
    actor: Principal,
    id: string,
    doing: string,
    manager: EntityManager = this.dataSource.manager,
    minimum: TeamRole = 'contributor',
  ): Promise<KnownModelVersion> {
    const version = await this.get(id, manager);
    if (!hasTeamRole(actor, version.teamSlug, minimum)) {
      throw new ForbiddenError(`Only ${minimum}s of team "${version.teamSlug}" can ${doing}`);
    }
    return version;
  }

  async getMany(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(KnownModelVersion | null)[]> {
    // Postgres prints uuids in lower case, and the log's subject ids are text: normalise first.
    const normalised = ids.map((id) => id.toLowerCase());
    const valid = [...new Set(normalised.filter(isUuid))];
    const found = new Map((await this.select(manager, valid)).map((row) => [row.model_version_id, row]));
    const missing = valid.filter((id) => !found.has(id));
    if (missing.length > 0) {
      // The background consumer only reads transactions older than every running one, so a
      // version committed a moment ago may not have reached us yet: read its event directly.
      const rows: {
        event_id: string;
        subject_type: string;
        subject_id: string;
        actor: string;
        payload: unknown;
      }[] = await manager.query(
        `/* findModelVersionCreated */ SELECT event_id, subject_type, subject_id, actor, payload
             FROM "${registryEvents.schema}".event_log
            WHERE type = $1 AND subject_type = $2 AND subject_id = ANY($3::text[])`,
        [MODEL_VERSION_CREATED, registryEvents.kinds.ModelVersionCreated.subjectType, missing],
      );
      const recovered = rows.flatMap((row) => {
        try {
          return [
            fromEvent({
              eventId: row.event_id,
              type: MODEL_VERSION_CREATED,
              subjectType: row.subject_type,
              subjectId: row.subject_id,
              actor: row.actor,
              payload: row.payload,
            }),
          ];
        } catch (error) {
          // A lookup is not the place to judge stored events: the version stays unknown here,
          // and the consumer, reading the same event, quarantines it.
          if (error instanceof MalformedEventError) return [];
          throw error;
        }
      });
      await this.insert(manager, recovered);
      for (const row of recovered) found.set(row.model_version_id, row);
    }
    return normalised.map((id) => {
      const row = found.get(id);
      return row ? toKnown(row) : null;
    });
  }

  private select(manager: EntityManager, ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.query(
      `/* selectKnownModelVersions */ SELECT model_version_id, model_id, model_name, team_slug, version, created_by
         FROM "${this.schema}".known_model_version WHERE model_version_id = ANY($1::uuid[])`,
      [ids],
    );
  }

  private async record(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    await this.insert(manager, events.map(fromEvent));
  }

  private async insert(manager: EntityManager, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `/* recordKnownModelVersions */ INSERT INTO "${this.schema}".known_model_version
         (model_version_id, model_id, model_name, team_slug, version, created_by)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[])
       ON CONFLICT (model_version_id) DO NOTHING`,
      [
        rows.map((r) => r.model_version_id),
        rows.map((r) => r.model_id),
        rows.map((r) => r.model_name),
        rows.map((r) => r.team_slug),
        rows.map((r) => r.version),
        rows.map((r) => r.created_by),
      ],
    );
  }
}
